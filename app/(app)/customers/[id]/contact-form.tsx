'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { contactEditFieldsInput, contactFieldsInput } from '@/lib/customers/schemas';
import { applyServerErrors, FeedbackAlert, FieldError, type Feedback } from '@/app/_components/form-support';
import { addContactAction, updateContactAction } from '../actions';

type Input = z.input<typeof contactFieldsInput>;
type Output = z.output<typeof contactFieldsInput>;
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
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(contactId ? contactEditFieldsInput : contactFieldsInput),
    defaultValues: initial ?? { name: '', title: '', role: 'key_person', phone: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    const result = contactId ? await updateContactAction({ id: contactId, ...values }) : await addContactAction({ customerId, ...values });
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, FIELDS);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    if (!contactId) reset();
    setFeedback({ kind: 'ok', text: t('contactSaved') });
    router.refresh();
    onDone?.();
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid={contactId ? 'contact-edit-form' : 'contact-add-form'}>
      <div className="form-grid">
        <label>
          {t('contactName')}
          <input maxLength={64} {...register('name')} aria-invalid={!!formState.errors.name} />
          <FieldError error={formState.errors.name} />
        </label>
        <label>
          {t('contactTitle')}
          <input maxLength={64} {...register('title')} aria-invalid={!!formState.errors.title} />
          <FieldError error={formState.errors.title} />
        </label>
        <label>
          {t('contactRole')}
          <select {...register('role')} aria-invalid={!!formState.errors.role}>
            <option value="key_person">{tc('contactRole.key_person')}</option>
            <option value="liaison">{tc('contactRole.liaison')}</option>
          </select>
          <FieldError error={formState.errors.role} />
        </label>
        <label>
          {t('contactPhone')}
          <input inputMode="tel" maxLength={40} {...register('phone')} aria-invalid={!!formState.errors.phone} />
          {phoneMasked && <span className="muted small">{t('phoneKeepHint')}</span>}
          <FieldError error={formState.errors.phone} />
        </label>
      </div>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? tc('loading') : contactId ? tc('save') : t('addContact')}
        </button>
        {onDone && (
          <button type="button" onClick={onDone}>
            {tc('cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
