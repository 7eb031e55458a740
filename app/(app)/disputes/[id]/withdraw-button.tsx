'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { withdrawDisputeAction } from '../actions';

/** The manager withdraws their dispute while it is undecided (asked to confirm first). */
export function WithdrawButton({ disputeId }: { disputeId: string }) {
  const t = useTranslations('disputes');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  const withdraw = () => {
    if (!window.confirm(t('withdraw.confirm'))) return;
    setError(null);
    startTransition(async () => {
      const result = await withdrawDisputeAction({ disputeId });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      router.refresh();
    });
  };

  return (
    <div className="row" style={{ marginTop: 12 }}>
      <button type="button" className="danger" onClick={withdraw} disabled={pending} data-testid="dispute-withdraw">
        {pending ? t('withdraw.pending') : t('withdraw.button')}
      </button>
      <span className="muted small">{t('withdraw.hint')}</span>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
