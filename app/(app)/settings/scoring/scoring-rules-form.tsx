'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveScoringPolicyInput, type SaveScoringPolicyInput, type SCORING_RANGES } from '@/lib/verdicts/scoring-settings-schema';
import { EffectPreview, useEffectPreview } from '../_components/effect-preview';
import { previewScoringEffectAction, saveScoringPolicyAction } from './actions';

const ID = 'scoring-rules';

/** A new version of the callback scoring rules; the same schema checks in the browser and on the server. */
export function ScoringRulesForm({ defaults, minDay, ranges }: { defaults: SaveScoringPolicyInput; minDay: string; ranges: typeof SCORING_RANGES }) {
  const { t, form, register, errors, fieldError, submit, footer } = usePolicyVersionForm<SaveScoringPolicyInput>({ id: ID, namespace: 'policies.scoring', schema: saveScoringPolicyInput, defaults, save: saveScoringPolicyAction });
  const { handleSubmit } = form;
  const preview = useEffectPreview(form.control, previewScoringEffectAction);

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
          {t('fields.validThreshold')}
          <input
            type="number"
            step={1}
            min={ranges.validThreshold.min}
            max={ranges.validThreshold.max}
            {...register('validThreshold', { valueAsNumber: true })}
            aria-invalid={!!errors.validThreshold}
            aria-describedby={`${ID}-hint-validThreshold${errors.validThreshold ? ` ${ID}-error-validThreshold` : ''}`}
            data-testid={`${ID}-validThreshold`}
          />
          <span className="muted small" id={`${ID}-hint-validThreshold`}>
            {t('fields.validThresholdHint', ranges.validThreshold)}
          </span>
          {fieldError(errors.validThreshold, 'validThreshold')}
        </label>
        <label>
          {t('fields.note')}
          <input {...register('note')} maxLength={500} aria-invalid={!!errors.note} data-testid={`${ID}-note`} />
          {fieldError(errors.note, 'note')}
        </label>
        {footer}
      </form>
      <EffectPreview testId={ID} {...preview} onRun={handleSubmit(preview.run)} />
    </>
  );
}
