'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { LATE_BACKFILL_CHOICES, saveReportingPolicyInput, type REPORTING_RANGES, type SaveReportingPolicyInput } from '@/lib/visits/reporting-settings-schema';
import { saveReportingPolicyAction } from './actions';

type NumberField = 'reportDeadlineHours' | 'minContactsAB';

/** A new version of the reporting rules; the same schema checks in the browser and on the server. */
export function ReportingRulesForm({ defaults, minDay, ranges }: { defaults: SaveReportingPolicyInput; minDay: string; ranges: typeof REPORTING_RANGES }) {
  const { t, register, errors, fieldError, submit, footer } = usePolicyVersionForm<SaveReportingPolicyInput>({ id: 'reporting-rules', namespace: 'visits.reportingSettings', schema: saveReportingPolicyInput, defaults, save: saveReportingPolicyAction });

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
      {footer}
    </form>
  );
}
