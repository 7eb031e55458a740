'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { RELEASE_REASONS, releaseInput, type ReleaseInput } from '@/lib/callbacks/schemas';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import { releaseAction } from '../actions';

/** Puts the callback back in the queue unworked, with a reason (no attempt is counted). */
export function ReleaseForm({ taskId }: { taskId: string }) {
  const t = useTranslations('callbacks.release');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<ReleaseInput>({ resolver: zodResolver(releaseInput), defaultValues: { taskId, reason: 'break', note: '' } });
  const { register, handleSubmit, formState } = form;

  const submit = handleSubmit(async (values) => {
    setError(null);
    const result = await releaseAction(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    router.push('/desk?released=1');
    router.refresh();
  });

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="desk-release">
      <h3 style={{ marginTop: 0 }}>{t('title')}</h3>
      <p className="muted small" style={{ margin: 0 }}>
        {t('hint')}
      </p>
      <label>
        {t('reason')}
        <select {...register('reason')} data-testid="release-reason">
          {RELEASE_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`reasons.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('note')}
        <input {...register('note')} aria-invalid={!!formState.errors.note} />
        {formState.errors.note && <span className="field-error">{errorText(formState.errors.note)}</span>}
      </label>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <div>
        <button type="submit" disabled={formState.isSubmitting || formState.isSubmitSuccessful} data-testid="release-submit">
          {t('submit')}
        </button>
      </div>
    </form>
  );
}
