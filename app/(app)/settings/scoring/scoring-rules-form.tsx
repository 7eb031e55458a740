'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import { saveScoringPolicyInput, type SaveScoringPolicyInput, type SCORING_RANGES } from '@/lib/verdicts/scoring-settings-schema';
import { EffectPreview, useEffectPreview } from '../_components/effect-preview';
import { previewScoringEffectAction, saveScoringPolicyAction } from './actions';

const ID = 'scoring-rules';

/** A new version of the callback scoring rules; the same schema checks in the browser and on the server. */
export function ScoringRulesForm({ defaults, minDay, ranges }: { defaults: SaveScoringPolicyInput; minDay: string; ranges: typeof SCORING_RANGES }) {
  const t = useTranslations('policies.scoring');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<SaveScoringPolicyInput>({ resolver: zodResolver(saveScoringPolicyInput), defaultValues: defaults });
  const { register, handleSubmit, formState } = form;
  const errors = formState.errors;
  const preview = useEffectPreview(form.control, previewScoringEffectAction);
  const fieldError = (e: FieldError | undefined, name: string) =>
    e ? (
      <span className="field-error" data-testid={`${ID}-error-${name}`} id={`${ID}-error-${name}`}>
        {errorText(e)}
      </span>
    ) : null;

  const submit = handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    const result = await saveScoringPolicyAction(values);
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
