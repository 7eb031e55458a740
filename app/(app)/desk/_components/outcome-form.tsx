'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { FINAL_OUTCOMES, NO_CONTACT_OUTCOMES } from '@/lib/calling/outcomes';
import { recordOutcomeInput, type RecordOutcomeInput } from '@/lib/callbacks/schemas';
import { applyServerErrors, useErrorText } from '../form-errors';
import { recordOutcomeAction } from '../actions';

const GROUPS = [
  ['noContact', NO_CONTACT_OUTCOMES],
  ['final', FINAL_OUTCOMES],
  ['appointment', ['appointment']],
] as const;

/**
 * How the call ended. Stand-alone on purpose: a later issue replaces it with the callback script
 * and the call itself, which end in the same recordOutcome verb.
 */
export function OutcomeForm({ taskId, attemptNo }: { taskId: string; attemptNo: number }) {
  const t = useTranslations('callbacks');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<RecordOutcomeInput>({
    resolver: zodResolver(recordOutcomeInput),
    defaultValues: { taskId, attemptNo, outcome: undefined, appointmentAt: '', notes: '' },
  });
  const { register, handleSubmit, control, formState } = form;
  const outcome = useWatch({ control, name: 'outcome' });

  const submit = handleSubmit(async (values) => {
    setError(null);
    const result = await recordOutcomeAction({ ...values, appointmentAt: values.outcome === 'appointment' ? values.appointmentAt : null });
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    const query = new URLSearchParams({ done: result.data.state, outcome: result.data.outcome });
    if (result.data.nextAttemptAt) query.set('next', result.data.nextAttemptAt);
    router.push(`/desk?${query}`);
    router.refresh();
  });

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="desk-outcome-form">
      <h2 style={{ marginTop: 0 }}>{t('outcome.title')}</h2>
      <fieldset style={{ border: 'none', padding: 0, margin: 0 }} aria-invalid={!!formState.errors.outcome}>
        <legend className="muted small">{t('outcome.outcome')}</legend>
        {GROUPS.map(([group, outcomes]) => (
          <div key={group} style={{ marginBottom: 8 }}>
            <div className="muted small">{t(`outcomeGroups.${group}`)}</div>
            <div className="row">
              {outcomes.map((o) => (
                <label key={o} style={{ display: 'inline-flex', flexDirection: 'row', gap: 4, fontWeight: 400 }}>
                  <input type="radio" value={o} {...register('outcome')} data-testid={`outcome-${o}`} />
                  {t(`outcomes.${o}`)}
                </label>
              ))}
            </div>
          </div>
        ))}
        {formState.errors.outcome && <span className="field-error">{errorText(formState.errors.outcome)}</span>}
      </fieldset>
      {outcome === 'appointment' && (
        <label>
          {t('outcome.appointmentAt')}
          <input type="datetime-local" {...register('appointmentAt')} aria-invalid={!!formState.errors.appointmentAt} data-testid="outcome-appointment-at" />
          <span className="muted small">{t('outcome.appointmentHint')}</span>
          {formState.errors.appointmentAt && <span className="field-error">{errorText(formState.errors.appointmentAt)}</span>}
        </label>
      )}
      <label>
        {t('outcome.notes')}
        <textarea {...register('notes')} aria-invalid={!!formState.errors.notes} />
        {formState.errors.notes && <span className="field-error">{errorText(formState.errors.notes)}</span>}
      </label>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={formState.isSubmitting || formState.isSubmitSuccessful} data-testid="outcome-save">
          {formState.isSubmitting ? t('outcome.saving') : t('outcome.submit')}
        </button>
      </div>
    </form>
  );
}
