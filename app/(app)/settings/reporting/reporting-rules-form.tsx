'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import { LATE_BACKFILL_CHOICES, saveReportingPolicyInput, type REPORTING_RANGES, type SaveReportingPolicyInput } from '@/lib/visits/reporting-settings-schema';
import { saveReportingPolicyAction } from './actions';

type NumberField = 'reportDeadlineHours' | 'minContactsAB';

/** A new version of the reporting rules; the same schema checks in the browser and on the server. */
export function ReportingRulesForm({ defaults, minDay, ranges }: { defaults: SaveReportingPolicyInput; minDay: string; ranges: typeof REPORTING_RANGES }) {
  const t = useTranslations('visits.reportingSettings');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<SaveReportingPolicyInput>({ resolver: zodResolver(saveReportingPolicyInput), defaultValues: defaults });
  const { register, handleSubmit, formState } = form;
  const errors = formState.errors;
  const fieldError = (e: FieldError | undefined, name: string) =>
    e ? (
      <span className="field-error" data-testid={`reporting-rules-error-${name}`} id={`reporting-rules-error-${name}`}>
        {errorText(e)}
      </span>
    ) : null;

  const submit = handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    const result = await saveReportingPolicyAction(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    setSaved(t('saved', { version: result.data.version, from: result.data.effectiveFrom ?? '' }));
    router.refresh();
  });

  const numberField = (name: NumberField) => (
    <label key={name}>
      {t(`fields.${name}`)}
      <input
        type="number"
        step={1}
        min={ranges[name].min}
        max={ranges[name].max}
        {...register(name, { valueAsNumber: true })}
        aria-invalid={!!errors[name]}
        aria-describedby={`reporting-rules-hint-${name}${errors[name] ? ` reporting-rules-error-${name}` : ''}`}
        data-testid={`reporting-rules-${name}`}
      />
      <span className="muted small" id={`reporting-rules-hint-${name}`}>
        {t(`fields.${name}Hint`, ranges[name])}
      </span>
      {fieldError(errors[name], name)}
    </label>
  );

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="reporting-rules-form">
      <h2 style={{ marginTop: 0 }}>{t('newVersion')}</h2>
      <p className="muted small" style={{ margin: 0 }}>
        {t('newVersionHint')}
      </p>
      <label style={{ maxWidth: 220 }}>
        {t('fields.effectiveFrom')}
        <input type="date" min={minDay} {...register('effectiveFrom')} aria-invalid={!!errors.effectiveFrom} data-testid="reporting-rules-effectiveFrom" />
        {fieldError(errors.effectiveFrom, 'effectiveFrom')}
      </label>
      <div className="form-grid">
        {numberField('reportDeadlineHours')}
        {numberField('minContactsAB')}
      </div>
      <fieldset>
        <legend>{t('fields.lateBackfill')}</legend>
        {LATE_BACKFILL_CHOICES.map((choice) => (
          <label key={choice} className="row">
            <input type="radio" value={choice} {...register('lateBackfill')} data-testid={`reporting-rules-lateBackfill-${choice}`} />
            <span>
              {t(`lateBackfill.${choice}`)}
              <span className="muted small"> — {t(`lateBackfill.${choice}Hint`)}</span>
            </span>
          </label>
        ))}
        {fieldError(errors.lateBackfill, 'lateBackfill')}
      </fieldset>
      <label>
        {t('fields.note')}
        <input {...register('note')} aria-invalid={!!errors.note} data-testid="reporting-rules-note" />
        {fieldError(errors.note, 'note')}
      </label>
      {error && (
        <p className="alert error" role="alert" data-testid="reporting-rules-error">
          {error}
        </p>
      )}
      {saved && (
        <p className="alert ok" role="status" data-testid="reporting-rules-saved">
          {saved}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={formState.isSubmitting} data-testid="reporting-rules-save">
          {formState.isSubmitting ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}
