'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { pullBackAction } from '../actions';

/** Takes a held callback back from its agent, with a reason; it is ready again for anyone. */
export function PullBackButton({ taskId }: { taskId: string }) {
  const t = useTranslations('callbacks.queue');
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (!open) {
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)} data-testid="queue-pull-back">
        {t('pullBack')}
      </button>
    );
  }
  const submit = () =>
    startTransition(async () => {
      setError(null);
      const result = await pullBackAction({ taskId, reason });
      if (!result.ok) return setError(result.fieldErrors?.reason ?? result.error);
      setOpen(false);
      router.refresh();
    });
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('pullBackReason')} aria-label={t('pullBackReason')} data-testid="queue-pull-back-reason" />
      <button type="submit" className="danger" disabled={pending} data-testid="queue-pull-back-confirm">
        {t('pullBackConfirm')}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
