'use client';

import { useWatch, type FieldError, type Path } from 'react-hook-form';
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

/** A new version of the assessment rules; the same schema checks in the browser and on the server. */
export function AssessmentRulesForm({ defaults, minDay, ranges }: { defaults: SaveAssessmentPolicyInput; minDay: string; ranges: typeof ASSESSMENT_RANGES }) {
  const { t, form, register, errors, fieldError, submit, footer } = usePolicyVersionForm<SaveAssessmentPolicyInput>({ id: ID, namespace: 'policies.assessment', schema: saveAssessmentPolicyInput, defaults, save: saveAssessmentPolicyAction });
  const { handleSubmit } = form;
  const preview = useEffectPreview(form.control, previewAssessmentEffectAction);
  const deductionMode = useWatch({ control: form.control, name: 'deductionMode' });

  const numberInput = (name: Path<SaveAssessmentPolicyInput>, label: string, range: { min: number; max: number }, e: FieldError | undefined, step = 1, disabled = false) => (
    <label key={name}>
      {label}
      <input
        type="number"
        step={step}
        min={range.min}
        max={range.max}
        disabled={disabled}
        {...register(name, { valueAsNumber: true })}
        aria-invalid={!!e}
        aria-describedby={e ? `${ID}-error-${name}` : undefined}
        data-testid={`${ID}-${name}`}
      />
      {fieldError(e, name)}
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

        <fieldset>
          <legend>{t('fields.basePoints')}</legend>
          <div className="form-grid">
            {CUSTOMER_CLASSES.map((c) => numberInput(`basePoints.${c}`, t('fields.class', { class: c }), ranges.basePoints, errors.basePoints?.[c]))}
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
            {numberInput('deductionPoints', t('fields.deductionPoints'), ranges.deductionPoints, errors.deductionPoints, 1, deductionMode !== 'points')}
          </div>
          <span className="muted small">{t('fields.deductionPointsHint', ranges.deductionPoints)}</span>
        </fieldset>

        <div className="form-grid">
          <div>
            {numberInput('minClaimedDays', t('fields.minClaimedDays'), ranges.minClaimedDays, errors.minClaimedDays)}
            <span className="muted small">{t('fields.minClaimedDaysHint', ranges.minClaimedDays)}</span>
          </div>
          <div>
            {numberInput('closeDay', t('fields.closeDay'), ranges.closeDay, errors.closeDay)}
            <span className="muted small">{t('fields.closeDayHint', ranges.closeDay)}</span>
          </div>
        </div>

        <fieldset>
          <legend>{t('fields.weights')}</legend>
          <div className="form-grid">
            {WEIGHT_PARTS.map((p) => numberInput(`weights.${p}`, t(`fields.weight.${p}`), ranges.weight, errors.weights?.[p], 0.1))}
          </div>
          {fieldError(errors.weights, 'weights')}
          <span className="muted small">{t('fields.weightsHint', ranges.weight)}</span>
        </fieldset>

        <fieldset>
          <legend>{t('fields.gradeBands')}</legend>
          <div className="form-grid">
            {GRADE_BANDS.map((b) => numberInput(`gradeBands.${b}`, t(`fields.band.${b}`), ranges.gradeBand, errors.gradeBands?.[b], 0.1))}
          </div>
          {fieldError(errors.gradeBands, 'gradeBands')}
          <span className="muted small">{t('fields.gradeBandsHint', ranges.gradeBand)}</span>
        </fieldset>

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
