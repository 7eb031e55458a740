'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { reassignCustomerInput } from '@/lib/claims/claim-schemas';
import { applyServerErrors, FeedbackAlert, FieldError, type Feedback } from '@/app/_components/form-support';
import { reassignCustomerAction } from '../actions';

type Input = z.input<typeof reassignCustomerInput>;
type Output = z.output<typeof reassignCustomerInput>;
const FIELDS = ['managerId', 'effectiveFrom', 'note'] as const;

/**
 * Staff hand a customer to another manager. The time is sent as typed (wall clock); the server
 * reads it in the app's time zone, whatever zone the browser is in.
 */
export function ReassignForm({ customerId, defaultFrom, managers }: { customerId: string; defaultFrom: string; managers: { id: string; label: string }[] }) {
  const t = useTranslations('customers');
  const tc = useTranslations('common');
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(reassignCustomerInput),
    defaultValues: { customerId, managerId: '', effectiveFrom: defaultFrom, note: '' },
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    const result = await reassignCustomerAction(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, FIELDS);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    reset({ customerId, managerId: '', effectiveFrom: defaultFrom, note: '' });
    setFeedback({ kind: 'ok', text: t('reassigned') });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid="reassign-form">
      <div className="form-grid">
        <label>
          {t('newManager')}
          <select {...register('managerId')} aria-invalid={!!errors.managerId}>
            <option value="">{t('chooseManager')}</option>
            {managers.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
          <FieldError error={errors.managerId} />
        </label>
        <label>
          {t('effectiveFrom')}
          <input type="datetime-local" {...register('effectiveFrom')} aria-invalid={!!errors.effectiveFrom} />
          <FieldError error={errors.effectiveFrom} />
        </label>
        <label>
          {t('note')}
          <input maxLength={500} {...register('note')} aria-invalid={!!errors.note} />
          <FieldError error={errors.note} />
        </label>
      </div>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? tc('loading') : t('reassign')}
        </button>
      </div>
    </form>
  );
}
