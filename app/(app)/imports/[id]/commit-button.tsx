'use client';

import { useTranslations } from 'next-intl';
import { ActionButton } from '@/app/_components/action-button';
import { commitImportAction } from '../actions';

export function CommitButton({ id }: { id: string }) {
  const t = useTranslations('imports');
  // A refused commit (another one started, the import moved on) refreshes too: the page shows where it stands.
  return (
    <div className="row">
      <ActionButton label={t('commit')} action={() => commitImportAction({ id })} tone="primary" refreshOnRefusal />
    </div>
  );
}
