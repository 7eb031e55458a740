'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { pauseQueueAction, resumeQueueAction } from '../actions';

/** Pause (with a reason) or resume the callback queue for every agent. */
export function PauseControl({ paused }: { paused: boolean }) {
  const t = useTranslations('callbacks.queue');
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      setError(null);
      setFieldError(null);
      const result = paused ? await resumeQueueAction({ reason }) : await pauseQueueAction({ reason });
      if (!result.ok) {
        setError(result.error);
        setFieldError(result.fieldErrors?.reason ?? null);
        return;
      }
      setReason('');
      router.refresh();
    });

  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="queue-pause-form"
    >
      <label>
        {paused ? t('resumeNote') : t('pauseReason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={!!fieldError} data-testid="queue-pause-reason" style={{ minWidth: 260 }} />
        {fieldError && <span className="field-error">{fieldError}</span>}
      </label>
      <button type="submit" className={paused ? 'primary' : 'danger'} disabled={pending} data-testid={paused ? 'queue-resume' : 'queue-pause'}>
        {paused ? t('resume') : t('pause')}
      </button>
      {error && !fieldError && (
        <span className="alert error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
