'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { commitImportAction } from '../actions';

export function CommitButton({ id }: { id: string }) {
  const t = useTranslations('imports');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="row">
      <button
        type="button"
        className="primary"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await commitImportAction({ id });
            if (!result.ok) setError(result.error);
            router.refresh();
          })
        }
      >
        {t('commit')}
      </button>
      {error && <span className="alert error">{error}</span>}
    </div>
  );
}
