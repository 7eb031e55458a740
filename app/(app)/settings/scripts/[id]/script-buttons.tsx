'use client';

import { useTranslations } from 'next-intl';
import { ActionButton } from '@/app/_components/action-button';
import { openDraftAction, retireScriptAction } from '../actions';

/** Published versions are frozen: editing starts a new draft version, a copy of the latest. */
export function OpenDraftButton({ scriptId, nextVersion }: { scriptId: string; nextVersion: number }) {
  const t = useTranslations('scripts.detail');
  return (
    <div className="row">
      <ActionButton label={t('openDraft', { version: nextVersion })} action={() => openDraftAction({ scriptId })} tone="primary" testId="script-open-draft" />
    </div>
  );
}

export function RetireButton({ scriptId, disabled }: { scriptId: string; disabled: boolean }) {
  const t = useTranslations('scripts.detail');
  return (
    <ActionButton
      label={t('retire')}
      action={() => retireScriptAction({ scriptId })}
      tone="danger"
      confirm={t('retireConfirm')}
      disabled={disabled}
      title={disabled ? t('retireAssigned') : undefined}
    />
  );
}
