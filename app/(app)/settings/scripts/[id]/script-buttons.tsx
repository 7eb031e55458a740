'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { openDraftAction, retireScriptAction } from '../actions';

/** Published versions are frozen: editing starts a new draft version, a copy of the latest. */
export function OpenDraftButton({ scriptId, nextVersion }: { scriptId: string; nextVersion: number }) {
  const t = useTranslations('scripts.detail');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="row">
      <button
        type="button"
        className="primary"
        disabled={pending}
        data-testid="script-open-draft"
        onClick={() =>
          start(async () => {
            const result = await openDraftAction({ scriptId });
            if (!result.ok) setError(result.error);
            else router.refresh();
          })
        }
      >
        {t('openDraft', { version: nextVersion })}
      </button>
      {error && (
        <span className="alert error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function RetireButton({ scriptId, disabled }: { scriptId: string; disabled: boolean }) {
  const t = useTranslations('scripts.detail');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={pending || disabled}
        title={disabled ? t('retireAssigned') : undefined}
        onClick={() => {
          if (!window.confirm(t('retireConfirm'))) return;
          start(async () => {
            const result = await retireScriptAction({ scriptId });
            if (!result.ok) setError(result.error);
            else router.refresh();
          });
        }}
      >
        {t('retire')}
      </button>
      {error && (
        <span className="alert error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
