'use client';

import { useTranslations } from 'next-intl';
import { reassignCustomerInput } from '@/lib/claims/claim-schemas';
import { Field, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { reassignCustomerAction } from '../actions';

const FIELDS = ['managerId', 'effectiveFrom', 'note'] as const;

/**
 * Staff hand a customer to another manager. The time is sent as typed (wall clock); the server
 * reads it in the app's time zone, whatever zone the browser is in.
 */
export function ReassignForm({ customerId, defaultFrom, managers }: { customerId: string; defaultFrom: string; managers: { id: string; label: string }[] }) {
  const t = useTranslations('customers');
  const { register, errors, submitting, submit, feedback } = useActionForm(reassignCustomerInput, reassignCustomerAction, {
    defaultValues: { customerId, managerId: '', effectiveFrom: defaultFrom, note: '' },
    fields: FIELDS,
    reset: 'defaults',
    refresh: true,
    onSuccess: () => t('reassigned'),
  });

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="reassign-form">
      <div className="form-grid">
        <Field label={t('newManager')} error={errors.managerId}>
          <select {...register('managerId')} aria-invalid={!!errors.managerId}>
            <option value="">{t('chooseManager')}</option>
            {managers.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('effectiveFrom')} error={errors.effectiveFrom}>
          <input type="datetime-local" {...register('effectiveFrom')} aria-invalid={!!errors.effectiveFrom} />
        </Field>
        <Field label={t('note')} error={errors.note}>
          <input maxLength={500} {...register('note')} aria-invalid={!!errors.note} />
        </Field>
      </div>
      <FormActions feedback={feedback} submitting={submitting} label={t('reassign')} />
    </form>
  );
}
