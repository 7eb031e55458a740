'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFieldArray, useForm, type FieldError } from 'react-hook-form';
import { callingForm, type CallingFormInput } from '@/lib/callbacks/calling-form';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import { saveCallingPolicyAction } from './actions';

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/**
 * A new version of the calling rules. The same schema checks in the browser and on the server:
 * an out-of-range value (a window ending before it starts, a lease under 30 s…) is shown at its
 * field and nothing is saved.
 */
export function CallingRulesForm({ defaults, timeZone, minDay }: { defaults: CallingFormInput; timeZone: string; minDay: string }) {
  const t = useTranslations('calling');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<CallingFormInput>({
    resolver: zodResolver(callingForm),
    // Checkbox groups compare their values as strings.
    defaultValues: { ...defaults, weekdays: (defaults.weekdays as number[]).map(String) },
  });
  const { register, handleSubmit, control, formState } = form;
  const windows = useFieldArray({ control, name: 'windows' });
  const errors = formState.errors;
  const fieldError = (e: FieldError | undefined, testId: string) =>
    e ? (
      <span className="field-error" data-testid={testId}>
        {errorText(e)}
      </span>
    ) : null;

  const submit = handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    const result = await saveCallingPolicyAction(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    setSaved(t('saved', { version: result.data.version, from: result.data.effectiveFrom ?? '' }));
    router.refresh();
  });

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="calling-form">
      <h2 style={{ marginTop: 0 }}>{t('newVersion')}</h2>
      <p className="muted small" style={{ margin: 0 }}>
        {t('newVersionHint')}
      </p>

      <label style={{ maxWidth: 220 }}>
        {t('fields.effectiveFrom')}
        <input type="date" min={minDay} {...register('effectiveFrom')} aria-invalid={!!errors.effectiveFrom} data-testid="calling-effective-from" />
        {fieldError(errors.effectiveFrom, 'calling-error-effectiveFrom')}
      </label>

      <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 500, marginBottom: 4 }}>{t('fields.windows', { tz: timeZone })}</legend>
        {windows.fields.map((w, i) => (
          <div key={w.id} className="row" style={{ alignItems: 'flex-start', marginBottom: 6 }} data-testid={`calling-window-${i}`}>
            <label>
              <span className="small muted">{t('fields.windowStart')}</span>
              <input {...register(`windows.${i}.start`)} placeholder="09:00" size={6} aria-invalid={!!errors.windows?.[i]?.start} data-testid={`calling-window-${i}-start`} />
              {fieldError(errors.windows?.[i]?.start, `calling-error-windows-${i}-start`)}
            </label>
            <label>
              <span className="small muted">{t('fields.windowEnd')}</span>
              <input {...register(`windows.${i}.end`)} placeholder="12:00" size={6} aria-invalid={!!errors.windows?.[i]?.end} data-testid={`calling-window-${i}-end`} />
              {fieldError(errors.windows?.[i]?.end, `calling-error-windows-${i}-end`)}
            </label>
            <button type="button" onClick={() => windows.remove(i)} disabled={windows.fields.length <= 1} style={{ marginTop: 18 }}>
              {t('fields.removeWindow')}
            </button>
          </div>
        ))}
        {fieldError(errors.windows?.root ?? (errors.windows as FieldError | undefined), 'calling-error-windows')}
        <div>
          <button type="button" onClick={() => windows.append({ start: '', end: '' })} disabled={windows.fields.length >= 6}>
            {t('fields.addWindow')}
          </button>
        </div>
      </fieldset>

      <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 500, marginBottom: 4 }}>{t('fields.weekdays')}</legend>
        <div className="row">
          {WEEKDAYS.map((d) => (
            <label key={d} style={{ display: 'inline-flex', flexDirection: 'row', gap: 4, fontWeight: 400 }}>
              <input type="checkbox" value={d} {...register('weekdays')} data-testid={`calling-weekday-${d}`} />
              {t(`weekdayNames.${d}`)}
            </label>
          ))}
        </div>
        {fieldError(errors.weekdays as FieldError | undefined, 'calling-error-weekdays')}
      </fieldset>

      <div className="form-grid">
        <label>
          {t('fields.holidays')}
          <textarea {...register('holidays')} rows={5} placeholder="2026-10-01" aria-invalid={!!errors.holidays} data-testid="calling-holidays" />
          <span className="muted small">{t('fields.holidaysHint')}</span>
          {fieldError(errors.holidays, 'calling-error-holidays')}
        </label>
        <label>
          {t('fields.makeUpWorkdays')}
          <textarea {...register('makeUpWorkdays')} rows={5} placeholder="2026-10-10" aria-invalid={!!errors.makeUpWorkdays} data-testid="calling-makeup" />
          <span className="muted small">{t('fields.makeUpWorkdaysHint')}</span>
          {fieldError(errors.makeUpWorkdays, 'calling-error-makeUpWorkdays')}
        </label>
      </div>

      <div className="form-grid">
        <label>
          {t('fields.maxAttempts')}
          <input type="number" step={1} {...register('maxAttempts', { valueAsNumber: true })} aria-invalid={!!errors.maxAttempts} data-testid="calling-max-attempts" />
          {fieldError(errors.maxAttempts, 'calling-error-maxAttempts')}
        </label>
        <label>
          {t('fields.retrySpacingMinutes')}
          <input type="number" step={1} {...register('retrySpacingMinutes', { valueAsNumber: true })} aria-invalid={!!errors.retrySpacingMinutes} data-testid="calling-spacing" />
          {fieldError(errors.retrySpacingMinutes, 'calling-error-retrySpacingMinutes')}
        </label>
        <label>
          {t('fields.callsPerSecond')}
          <input type="number" step={0.1} {...register('callsPerSecond', { valueAsNumber: true })} aria-invalid={!!errors.callsPerSecond} data-testid="calling-cps" />
          {fieldError(errors.callsPerSecond, 'calling-error-callsPerSecond')}
        </label>
        <label>
          {t('fields.leaseSeconds')}
          <input type="number" step={1} {...register('leaseSeconds', { valueAsNumber: true })} aria-invalid={!!errors.leaseSeconds} data-testid="calling-lease" />
          <span className="muted small">{t('fields.leaseSecondsHint')}</span>
          {fieldError(errors.leaseSeconds, 'calling-error-leaseSeconds')}
        </label>
      </div>
      <label style={{ display: 'inline-flex', flexDirection: 'row', gap: 6, fontWeight: 400 }}>
        <input type="checkbox" {...register('retryDifferentHalfDay')} data-testid="calling-half-day" />
        {t('fields.retryDifferentHalfDay')}
      </label>
      <label style={{ display: 'flex', flexDirection: 'column', gap: 2, fontWeight: 400 }}>
        <span style={{ display: 'inline-flex', gap: 6 }}>
          <input type="checkbox" {...register('manualCallsAllowed')} data-testid="calling-manual" />
          {t('fields.manualCallsAllowed')}
        </span>
        <span className="muted small">{t('fields.manualCallsAllowedHint')}</span>
      </label>
      <label>
        {t('fields.note')}
        <input {...register('note')} aria-invalid={!!errors.note} data-testid="calling-note" />
        {fieldError(errors.note, 'calling-error-note')}
      </label>

      {error && (
        <p className="alert error" role="alert" data-testid="calling-error">
          {error}
        </p>
      )}
      {saved && (
        <p className="alert ok" role="status" data-testid="calling-saved">
          {saved}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={formState.isSubmitting} data-testid="calling-save">
          {formState.isSubmitting ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}
