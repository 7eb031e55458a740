'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { startPlanInput, type StartPlanInput } from '@/lib/plans/schemas';
import { startPlanAction } from './actions';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';

/** Opens the manager's plan for a month, creating the draft the first time. */
export function PlanStarter({ defaultMonth }: { defaultMonth: string }) {
  const t = useTranslations('plans');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<StartPlanInput>({ resolver: zodResolver(startPlanInput), defaultValues: { month: defaultMonth } });
  const month = useWatch({ control: form.control, name: 'month' });

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await startPlanAction(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    router.push(`/plans/${result.data.id}`);
  });

  return (
    <form onSubmit={onSubmit} className="toolbar" noValidate data-testid="plan-starter">
      <label>
        {t('start.month')}
        <input type="month" {...form.register('month')} aria-invalid={!!form.formState.errors.month} />
        {form.formState.errors.month && <span className="field-error">{errorText(form.formState.errors.month)}</span>}
      </label>
      <button type="submit" className="primary" disabled={form.formState.isSubmitting}>
        {t('start.button', { month: month || '—' })}
      </button>
      {error && !form.formState.errors.month && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
