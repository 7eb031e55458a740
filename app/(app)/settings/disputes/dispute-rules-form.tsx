'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveDisputePolicyAction } from './actions';
import { disputeSettingsForm, type DisputeSettingsFormInput, type FORM_RANGES } from './form-schema';

type NumberField = 'windowDays' | 'responseWorkingDays' | 'maxAttachments' | 'maxAttachmentMb';

/**
 * A new version of the dispute rules. The same schema checks in the browser and on the server:
 * an out-of-range value is shown at its field (each field shows its range) and nothing is saved.
 */
export function DisputeRulesForm({ defaults, minDay, ranges }: { defaults: DisputeSettingsFormInput; minDay: string; ranges: typeof FORM_RANGES }) {
  const { t, register, errors, fieldError, submit, footer } = usePolicyVersionForm<DisputeSettingsFormInput>({ id: 'dispute-rules', namespace: 'disputes.settings', schema: disputeSettingsForm, defaults, save: saveDisputePolicyAction });

  const numberField = (name: NumberField, step: number) => (
    <label key={name}>
      {t(`fields.${name}`)}
      <input
        type="number"
        step={step}
        min={ranges[name].min}
        max={ranges[name].max}
        {...register(name, { valueAsNumber: true })}
        aria-invalid={!!errors[name]}
        aria-describedby={`dispute-rules-hint-${name}${errors[name] ? ` dispute-rules-error-${name}` : ''}`}
        data-testid={`dispute-rules-${name}`}
      />
      <span className="muted small" id={`dispute-rules-hint-${name}`}>
        {t(`fields.${name}Hint`, ranges[name])}
      </span>
      {fieldError(errors[name], name)}
    </label>
  );

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="dispute-rules-form">
      <h2 style={{ marginTop: 0 }}>{t('newVersion')}</h2>
      <p className="muted small" style={{ margin: 0 }}>
        {t('newVersionHint')}
      </p>
      <label style={{ maxWidth: 220 }}>
        {t('fields.effectiveFrom')}
        <input type="date" min={minDay} {...register('effectiveFrom')} aria-invalid={!!errors.effectiveFrom} data-testid="dispute-rules-effectiveFrom" />
        {fieldError(errors.effectiveFrom, 'effectiveFrom')}
      </label>
      <div className="form-grid">
        {numberField('windowDays', 1)}
        {numberField('responseWorkingDays', 1)}
        {numberField('maxAttachments', 1)}
        {numberField('maxAttachmentMb', 0.1)}
      </div>
      <label>
        {t('fields.note')}
        <input {...register('note')} aria-invalid={!!errors.note} data-testid="dispute-rules-note" />
        {fieldError(errors.note, 'note')}
      </label>
      {footer}
    </form>
  );
}
