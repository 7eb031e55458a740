'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { closeMonthAction } from '../actions';

/** Closes a month after a confirmation; shows what the close did, or why it could not. */
export function CloseButton({ month, closed }: { month: string; closed: boolean }) {
  const t = useTranslations('assessment.close');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="row" style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
      <button
        type="button"
        className={closed ? undefined : 'primary'}
        disabled={pending}
        data-testid={`close-month-${month}`}
        onClick={() => {
          if (!window.confirm(t('confirm', { month }))) return;
          start(async () => {
            const result = await closeMonthAction({ month });
            setMessage(result.ok ? { ok: true, text: t('done', { ...result.data }) } : { ok: false, text: result.error });
            router.refresh();
          });
        }}
      >
        {pending ? t('running') : closed ? t('again') : t('button')}
      </button>
      {message && (
        <span className={`alert ${message.ok ? 'ok' : 'error'}`} role="status" data-testid="close-result">
          {message.text}
        </span>
      )}
    </span>
  );
}
