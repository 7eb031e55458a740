'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveChecksPolicyInput, type CHECKS_RANGES, type SaveChecksPolicyInput } from '@/lib/checks/checks-settings-schema';
import { EffectPreview, useEffectPreview } from '../_components/effect-preview';
import { previewChecksEffectAction, saveChecksPolicyAction } from './actions';

const ID = 'checks-rules';

/** A new version of the data-check rules; the same schema checks in the browser and on the server. */
export function ChecksRulesForm({ defaults, minDay, ranges }: { defaults: SaveChecksPolicyInput; minDay: string; ranges: typeof CHECKS_RANGES }) {
  const { t, form, register, errors, fieldError, submit, footer } = usePolicyVersionForm<SaveChecksPolicyInput>({ id: ID, namespace: 'policies.checks', schema: saveChecksPolicyInput, defaults, save: saveChecksPolicyAction });
  const { handleSubmit } = form;
  const preview = useEffectPreview(form.control, previewChecksEffectAction);

  const timeInput = (name: 'normalHoursStart' | 'normalHoursEnd') => (
    <label>
      {t(`fields.${name}`)}
      <input
        type="time"
        {...register(name)}
        aria-invalid={!!errors[name]}
        aria-describedby={`${ID}-hint-normalHours${errors[name] ? ` ${ID}-error-${name}` : ''}`}
        data-testid={`${ID}-${name}`}
      />
      {fieldError(errors[name], name)}
    </label>
  );

  return (
    <>
      <form className="card form" onSubmit={submit} noValidate data-testid={`${ID}-form`}>
        <h2 style={{ marginTop: 0 }}>{t('newVersion')}</h2>
        <p className="muted small" style={{ margin: 0 }}>
          {t('newVersionHint')}
        </p>
        <label style={{ maxWidth: 220 }}>
          {t('fields.effectiveFrom')}
          <input type="date" min={minDay} {...register('effectiveFrom')} aria-invalid={!!errors.effectiveFrom} data-testid={`${ID}-effectiveFrom`} />
          {fieldError(errors.effectiveFrom, 'effectiveFrom')}
        </label>
        <label style={{ maxWidth: 320 }}>
          {t('fields.maxCheckInMeters')}
          <input
            type="number"
            step={1}
            min={ranges.maxCheckInMeters.min}
            max={ranges.maxCheckInMeters.max}
            {...register('maxCheckInMeters', { valueAsNumber: true })}
            aria-invalid={!!errors.maxCheckInMeters}
            aria-describedby={`${ID}-hint-maxCheckInMeters${errors.maxCheckInMeters ? ` ${ID}-error-maxCheckInMeters` : ''}`}
            data-testid={`${ID}-maxCheckInMeters`}
          />
          <span className="muted small" id={`${ID}-hint-maxCheckInMeters`}>
            {t('fields.maxCheckInMetersHint', ranges.maxCheckInMeters)}
          </span>
          {fieldError(errors.maxCheckInMeters, 'maxCheckInMeters')}
        </label>
        <div className="form-grid">
          {timeInput('normalHoursStart')}
          {timeInput('normalHoursEnd')}
        </div>
        <span className="muted small" id={`${ID}-hint-normalHours`}>
          {t('fields.normalHoursHint')}
        </span>
        <label>
          {t('fields.note')}
          <input {...register('note')} maxLength={500} aria-invalid={!!errors.note} data-testid={`${ID}-note`} />
          {fieldError(errors.note, 'note')}
        </label>
        {footer}
      </form>
      <EffectPreview testId={ID} {...preview} onRun={handleSubmit(preview.run)} showFlags />
    </>
  );
}
