'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { updateCustomerInput } from '@/lib/customers/schemas';
import { Field, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { updateCustomerAction } from '../actions';

type Input = z.input<typeof updateCustomerInput>;
const FIELDS = ['class', 'unitId', 'address', 'latitude', 'longitude', 'status'] as const;

/** An empty coordinate box means "not given"; anything else is read as a number (NaN is refused). */
const coordinateValue = (value: unknown) => (value === '' || value === null || value === undefined ? null : Number(value));

export function CustomerEditForm({ initial, units }: { initial: Input; units: { id: string; code: string; name: string }[] }) {
  const t = useTranslations('customers');
  const tc = useTranslations('common');
  const { register, errors, submitting, submit, feedback } = useActionForm(updateCustomerInput, updateCustomerAction, { defaultValues: initial, fields: FIELDS, reset: 'sent', refresh: true, onSuccess: () => t('saved') });

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="customer-edit-form">
      <div className="form-grid">
        <Field label={t('class')} error={errors.class}>
          <select {...register('class')} aria-invalid={!!errors.class}>
            {(['A', 'B', 'C', 'D'] as const).map((c) => (
              <option key={c} value={c}>
                {t('classBadge', { class: c })}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('unit')} error={errors.unitId}>
          <select {...register('unitId')} aria-invalid={!!errors.unitId}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.code} · {u.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('status')} error={errors.status}>
          <select {...register('status')} aria-invalid={!!errors.status}>
            <option value="active">{t('statusName.active')}</option>
            <option value="inactive">{t('statusName.inactive')}</option>
          </select>
        </Field>
        <Field label={t('address')} error={errors.address}>
          <input maxLength={500} {...register('address')} aria-invalid={!!errors.address} />
        </Field>
        <Field label={t('latitude')} error={errors.latitude}>
          <input inputMode="decimal" {...register('latitude', { setValueAs: coordinateValue })} aria-invalid={!!errors.latitude} />
        </Field>
        <Field label={t('longitude')} error={errors.longitude}>
          <input inputMode="decimal" {...register('longitude', { setValueAs: coordinateValue })} aria-invalid={!!errors.longitude} />
        </Field>
      </div>
      <FormActions feedback={feedback} submitting={submitting} label={tc('save')} />
    </form>
  );
}
