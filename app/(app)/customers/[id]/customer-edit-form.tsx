'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { updateCustomerInput } from '@/lib/customers/schemas';
import { applyServerErrors, FeedbackAlert, FieldError, type Feedback } from '@/app/_components/form-support';
import { updateCustomerAction } from '../actions';

type Input = z.input<typeof updateCustomerInput>;
type Output = z.output<typeof updateCustomerInput>;
const FIELDS = ['class', 'unitId', 'address', 'latitude', 'longitude', 'status'] as const;

/** An empty coordinate box means "not given"; anything else is read as a number (NaN is refused). */
const coordinateValue = (value: unknown) => (value === '' || value === null || value === undefined ? null : Number(value));

export function CustomerEditForm({ initial, units }: { initial: Input; units: { id: string; code: string; name: string }[] }) {
  const t = useTranslations('customers');
  const tc = useTranslations('common');
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(updateCustomerInput),
    defaultValues: initial,
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    const result = await updateCustomerAction(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, FIELDS);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    reset(values);
    setFeedback({ kind: 'ok', text: t('saved') });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid="customer-edit-form">
      <div className="form-grid">
        <label>
          {t('class')}
          <select {...register('class')} aria-invalid={!!errors.class}>
            {(['A', 'B', 'C', 'D'] as const).map((c) => (
              <option key={c} value={c}>
                {t('classBadge', { class: c })}
              </option>
            ))}
          </select>
          <FieldError error={errors.class} />
        </label>
        <label>
          {t('unit')}
          <select {...register('unitId')} aria-invalid={!!errors.unitId}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.code} · {u.name}
              </option>
            ))}
          </select>
          <FieldError error={errors.unitId} />
        </label>
        <label>
          {t('status')}
          <select {...register('status')} aria-invalid={!!errors.status}>
            <option value="active">{t('statusName.active')}</option>
            <option value="inactive">{t('statusName.inactive')}</option>
          </select>
          <FieldError error={errors.status} />
        </label>
        <label>
          {t('address')}
          <input maxLength={500} {...register('address')} aria-invalid={!!errors.address} />
          <FieldError error={errors.address} />
        </label>
        <label>
          {t('latitude')}
          <input inputMode="decimal" {...register('latitude', { setValueAs: coordinateValue })} aria-invalid={!!errors.latitude} />
          <FieldError error={errors.latitude} />
        </label>
        <label>
          {t('longitude')}
          <input inputMode="decimal" {...register('longitude', { setValueAs: coordinateValue })} aria-invalid={!!errors.longitude} />
          <FieldError error={errors.longitude} />
        </label>
      </div>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? tc('loading') : tc('save')}
        </button>
      </div>
    </form>
  );
}
