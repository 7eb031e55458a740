'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ActionError, useRefreshingAction } from '@/app/_components/action-button';
import { discardImportAction } from '../actions';

/** 放弃此导入, asked once more (it cannot be undone: the file is deleted). */
export function DiscardButton({ id }: { id: string }) {
  const t = useTranslations('imports');
  const [asking, setAsking] = useState(false);
  const { pending, error, run } = useRefreshingAction();
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
        onClick={() => run(() => discardImportAction({ id }), { onDone: () => setAsking(false) })}
      >
        {t('discardConfirm')}
      </button>
      <button type="button" disabled={pending} onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
      <ActionError error={error} />
    </div>
  );
}
