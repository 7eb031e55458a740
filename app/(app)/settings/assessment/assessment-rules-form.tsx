'use client';

import { useWatch } from 'react-hook-form';
import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import {
  CUSTOMER_CLASSES,
  GRADE_BANDS,
  saveAssessmentPolicyInput,
  WEIGHT_PARTS,
  type ASSESSMENT_RANGES,
  type SaveAssessmentPolicyInput,
} from '@/lib/assessment/assessment-settings-schema';
import { EffectPreview, useEffectPreview } from '../_components/effect-preview';
import { previewAssessmentEffectAction, saveAssessmentPolicyAction } from './actions';

const ID = 'assessment-rules';
const RULES = { id: ID, namespace: 'policies.assessment', schema: saveAssessmentPolicyInput, save: saveAssessmentPolicyAction };

/** A new version of the assessment rules; the same schema checks in the browser and on the server. */
export function AssessmentRulesForm({ defaults, minDay, ranges }: { defaults: SaveAssessmentPolicyInput; minDay: string; ranges: typeof ASSESSMENT_RANGES }) {
  const { t, form, register, errors, fieldError, numberField, shell } = usePolicyVersionForm<SaveAssessmentPolicyInput>(RULES, { defaults, minDay });
  const preview = useEffectPreview(form.control, previewAssessmentEffectAction);
  const deductionMode = useWatch({ control: form.control, name: 'deductionMode' });

  return (
    <>
      {shell(
        <>
          <fieldset>
            <legend>{t('fields.basePoints')}</legend>
            <div className="form-grid">
              {CUSTOMER_CLASSES.map((c) => numberField(`basePoints.${c}`, ranges.basePoints, { label: t('fields.class', { class: c }) }))}
            </div>
            <span className="muted small">{t('fields.basePointsHint', ranges.basePoints)}</span>
          </fieldset>

          <fieldset>
            <legend>{t('fields.deduction')}</legend>
            <label className="row">
              <input type="radio" value="all" {...register('deductionMode')} data-testid={`${ID}-deductionMode-all`} />
              <span>{t('fields.deductionAll')}</span>
            </label>
            <label className="row">
              <input type="radio" value="points" {...register('deductionMode')} data-testid={`${ID}-deductionMode-points`} />
              <span>{t('fields.deductionPointsMode')}</span>
            </label>
            {fieldError(errors.deductionMode, 'deductionMode')}
            <div style={{ maxWidth: 220 }}>
              {numberField('deductionPoints', ranges.deductionPoints, { disabled: deductionMode !== 'points' })}
            </div>
            <span className="muted small">{t('fields.deductionPointsHint', ranges.deductionPoints)}</span>
          </fieldset>

          <div className="form-grid">
            {numberField('minClaimedDays', ranges.minClaimedDays, { hint: t('fields.minClaimedDaysHint', ranges.minClaimedDays) })}
            {numberField('closeDay', ranges.closeDay, { hint: t('fields.closeDayHint', ranges.closeDay) })}
          </div>

          <fieldset>
            <legend>{t('fields.weights')}</legend>
            <div className="form-grid">
              {WEIGHT_PARTS.map((p) => numberField(`weights.${p}`, ranges.weight, { label: t(`fields.weight.${p}`), step: 0.1 }))}
            </div>
            {fieldError(errors.weights, 'weights')}
            <span className="muted small">{t('fields.weightsHint', ranges.weight)}</span>
          </fieldset>

          <fieldset>
            <legend>{t('fields.gradeBands')}</legend>
            <div className="form-grid">
              {GRADE_BANDS.map((b) => numberField(`gradeBands.${b}`, ranges.gradeBand, { label: t(`fields.band.${b}`), step: 0.1 }))}
            </div>
            {fieldError(errors.gradeBands, 'gradeBands')}
            <span className="muted small">{t('fields.gradeBandsHint', ranges.gradeBand)}</span>
          </fieldset>
        </>,
      )}
      <EffectPreview testId={ID} {...preview} onRun={form.handleSubmit(preview.run)} />
    </>
  );
}
