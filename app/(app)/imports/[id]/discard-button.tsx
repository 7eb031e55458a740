'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { discardImportAction } from '../actions';

/** 放弃此导入, asked once more (it cannot be undone: the file is deleted). */
export function DiscardButton({ id }: { id: string }) {
  const t = useTranslations('imports');
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (!asking) {
    return (
      <button type="button" className="danger" onClick={() => setAsking(true)} data-testid="import-discard">
        {t('discard')}
      </button>
    );
  }
  return (
    <div className="row" role="group" aria-label={t('discard')}>
      <span className="muted small">{t('discardHint')}</span>
      <button
        type="button"
        className="danger"
        disabled={pending}
        data-testid="import-discard-confirm"
        onClick={() =>
          start(async () => {
            const result = await discardImportAction({ id });
            if (!result.ok) {
              setError(result.error);
              return;
            }
            setAsking(false);
            router.refresh();
          })
        }
      >
        {t('discardConfirm')}
      </button>
      <button type="button" disabled={pending} onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
      {error && (
        <span className="alert error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
