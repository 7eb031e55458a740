'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { takeNextAction } from '../actions';

/** "Take next callback": the server hands out the highest-priority due task, or says why not. */
export function TakeNextButton() {
  const t = useTranslations('callbacks.desk');
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const take = () =>
    startTransition(async () => {
      setMessage(null);
      const result = await takeNextAction({});
      if (!result.ok) return setMessage({ kind: 'error', text: result.error });
      if (result.data.status === 'none') return setMessage({ kind: 'info', text: t('none') });
      router.refresh();
    });

  return (
    <div className="card">
      <button type="button" className="primary" onClick={take} disabled={pending} data-testid="desk-take" style={{ fontSize: 16, padding: '10px 24px' }}>
        {pending ? t('taking') : t('take')}
      </button>
      {message && (
        <p className={`alert ${message.kind === 'error' ? 'error' : 'warn'}`} role="alert" data-testid="desk-message" style={{ marginTop: 12 }}>
          {message.text}
        </p>
      )}
    </div>
  );
}
