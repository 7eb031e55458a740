'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import { saveChecksPolicyInput, type CHECKS_RANGES, type SaveChecksPolicyInput } from '@/lib/checks/checks-settings-schema';
import { EffectPreview, useEffectPreview } from '../_components/effect-preview';
import { previewChecksEffectAction, saveChecksPolicyAction } from './actions';

const ID = 'checks-rules';

/** A new version of the data-check rules; the same schema checks in the browser and on the server. */
export function ChecksRulesForm({ defaults, minDay, ranges }: { defaults: SaveChecksPolicyInput; minDay: string; ranges: typeof CHECKS_RANGES }) {
  const t = useTranslations('policies.checks');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<SaveChecksPolicyInput>({ resolver: zodResolver(saveChecksPolicyInput), defaultValues: defaults });
  const { register, handleSubmit, formState } = form;
  const errors = formState.errors;
  const preview = useEffectPreview(form.control, previewChecksEffectAction);
  const fieldError = (e: FieldError | undefined, name: string) =>
    e ? (
      <span className="field-error" data-testid={`${ID}-error-${name}`} id={`${ID}-error-${name}`}>
        {errorText(e)}
      </span>
    ) : null;

  const submit = handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    const result = await saveChecksPolicyAction(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    setSaved(t('saved', { version: result.data.version, from: result.data.effectiveFrom ?? '' }));
    router.refresh();
  });

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
      <EffectPreview testId={ID} {...preview} onRun={handleSubmit(preview.run)} showFlags />
    </>
  );
}
