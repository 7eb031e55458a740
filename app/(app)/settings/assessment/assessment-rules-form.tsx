'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch, type FieldError, type Path } from 'react-hook-form';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
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
  const t = useTranslations('policies.assessment');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<SaveAssessmentPolicyInput>({ resolver: zodResolver(saveAssessmentPolicyInput), defaultValues: defaults });
  const { register, handleSubmit, formState } = form;
  const errors = formState.errors;
  const preview = useEffectPreview(form.control, previewAssessmentEffectAction);
  const deductionMode = useWatch({ control: form.control, name: 'deductionMode' });

  // An object's own message (weights all 0, bands out of order) shows under its fieldset.
  const fieldError = (e: { message?: unknown } | undefined, name: string) => {
    const text = typeof e?.message === 'string' ? errorText(e as FieldError) : null;
    return text ? (
      <span className="field-error" data-testid={`${ID}-error-${name}`} id={`${ID}-error-${name}`}>
        {text}
      </span>
    ) : null;
  };

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

  const submit = handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    const result = await saveAssessmentPolicyAction(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    setSaved(t('saved', { version: result.data.version, from: result.data.effectiveFrom ?? '' }));
    router.refresh();
  });

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
        {error && (
          <p className="alert error" role="alert" data-testid={`${ID}-error`}>
            {error}
          </p>
        )}
        {saved && (
          <p className="alert ok" role="status" data-testid={`${ID}-saved`}>
            {saved}
          </p>
        )}
        <div>
          <button type="submit" className="primary" disabled={formState.isSubmitting} data-testid={`${ID}-save`}>
            {formState.isSubmitting ? t('saving') : t('save')}
          </button>
        </div>
      </form>
      <EffectPreview testId={ID} {...preview} onRun={handleSubmit(preview.run)} />
    </>
  );
}
