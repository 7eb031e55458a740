'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { contactEditFieldsInput, contactFieldsInput } from '@/lib/customers/schemas';
import { Field, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { addContactAction, updateContactAction } from '../actions';

type Input = z.input<typeof contactFieldsInput>;
const FIELDS = ['name', 'title', 'role', 'phone'] as const;

/** Adds a contact to a customer, or edits one (`contactId`). */
export function ContactForm({
  customerId,
  contactId,
  initial,
  phoneMasked = false,
  onDone,
}: {
  customerId: string;
  contactId?: string;
  initial?: Input;
  /** Editing a number the editor sees masked: the field starts blank and blank keeps it. */
  phoneMasked?: boolean;
  onDone?: () => void;
}) {
  const t = useTranslations('customers');
  const tc = useTranslations('common');
  const { register, errors, submitting, submit, feedback } = useActionForm(
    contactId ? contactEditFieldsInput : contactFieldsInput,
    (values) => (contactId ? updateContactAction({ id: contactId, ...values }) : addContactAction({ customerId, ...values })),
    {
      defaultValues: initial ?? { name: '', title: '', role: 'key_person', phone: '' },
      fields: FIELDS,
      reset: contactId ? undefined : 'defaults',
      refresh: true,
      onSuccess: () => {
        onDone?.();
        return t('contactSaved');
      },
    },
  );

  return (
    <form onSubmit={submit} className="form" noValidate data-testid={contactId ? 'contact-edit-form' : 'contact-add-form'}>
      <div className="form-grid">
        <Field label={t('contactName')} error={errors.name}>
          <input maxLength={64} {...register('name')} aria-invalid={!!errors.name} />
        </Field>
        <Field label={t('contactTitle')} error={errors.title}>
          <input maxLength={64} {...register('title')} aria-invalid={!!errors.title} />
        </Field>
        <Field label={t('contactRole')} error={errors.role}>
          <select {...register('role')} aria-invalid={!!errors.role}>
            <option value="key_person">{tc('contactRole.key_person')}</option>
            <option value="liaison">{tc('contactRole.liaison')}</option>
          </select>
        </Field>
        <Field label={t('contactPhone')} error={errors.phone}>
          <input inputMode="tel" maxLength={40} {...register('phone')} aria-invalid={!!errors.phone} />
          {phoneMasked && <span className="muted small">{t('phoneKeepHint')}</span>}
        </Field>
      </div>
      <FormActions feedback={feedback} submitting={submitting} label={contactId ? tc('save') : t('addContact')}>
        {onDone && (
          <button type="button" onClick={onDone}>
            {tc('cancel')}
          </button>
        )}
      </FormActions>
    </form>
  );
}
