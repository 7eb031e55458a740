'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import { saveDisputePolicyAction } from './actions';
import { disputeSettingsForm, type DisputeSettingsFormInput, type FORM_RANGES } from './form-schema';

type NumberField = 'windowDays' | 'responseWorkingDays' | 'maxAttachments' | 'maxAttachmentMb';

/**
 * A new version of the dispute rules. The same schema checks in the browser and on the server:
 * an out-of-range value is shown at its field (each field shows its range) and nothing is saved.
 */
export function DisputeRulesForm({ defaults, minDay, ranges }: { defaults: DisputeSettingsFormInput; minDay: string; ranges: typeof FORM_RANGES }) {
  const t = useTranslations('disputes.settings');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<DisputeSettingsFormInput>({ resolver: zodResolver(disputeSettingsForm), defaultValues: defaults });
  const { register, handleSubmit, formState } = form;
  const errors = formState.errors;
  const fieldError = (e: FieldError | undefined, name: string) =>
    e ? (
      <span className="field-error" data-testid={`dispute-rules-error-${name}`} id={`dispute-rules-error-${name}`}>
        {errorText(e)}
      </span>
    ) : null;

  const submit = handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    const result = await saveDisputePolicyAction(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    setSaved(t('saved', { version: result.data.version, from: result.data.effectiveFrom ?? '' }));
    router.refresh();
  });

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
      {error && (
        <p className="alert error" role="alert" data-testid="dispute-rules-error">
          {error}
        </p>
      )}
      {saved && (
        <p className="alert ok" role="status" data-testid="dispute-rules-saved">
          {saved}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={formState.isSubmitting} data-testid="dispute-rules-save">
          {formState.isSubmitting ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}
