'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { cancelPolicyVersionAction } from './actions';

/**
 * 取消此版本 beside a version scheduled to take effect later: asks first (what is cancelled, from
 * when), then cancels it on the server, which refuses a version already in force. Rendered with
 * `scheduled` null once there is none, so the 已取消 message outlives the refreshed page.
 */
export function CancelVersionButton({ policyKey, scheduled, testId }: { policyKey: string; scheduled: { version: number; from: string } | null; testId: string }) {
  const t = useTranslations('policies.cancel');
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  if (!scheduled && !message) return null;
  const cancel = async () => {
    if (!scheduled) return;
    const { version, from } = scheduled;
    setBusy(true);
    setMessage(null);
    const result = await cancelPolicyVersionAction({ key: policyKey, version });
    setBusy(false);
    setAsking(false);
    if (!result.ok) {
      setMessage({ kind: 'error', text: result.error });
      return;
    }
    setMessage({ kind: 'ok', text: t('cancelled', { version, from }) });
    router.refresh();
  };

  return (
    <div style={{ marginTop: 8 }}>
      {scheduled && !asking && (
        <button type="button" className="danger" onClick={() => setAsking(true)} data-testid={`${testId}-cancel`}>
          {t('button')}
        </button>
      )}
      {scheduled && asking && (
        <div className="row" role="alertdialog" aria-labelledby={`${testId}-cancel-question`} data-testid={`${testId}-cancel-confirm`}>
          <span id={`${testId}-cancel-question`}>{t('confirm', scheduled)}</span>
          <button type="button" className="danger" disabled={busy} onClick={cancel} data-testid={`${testId}-cancel-yes`}>
            {busy ? t('cancelling') : t('confirmButton')}
          </button>
          <button type="button" disabled={busy} onClick={() => setAsking(false)} data-testid={`${testId}-cancel-no`}>
            {t('back')}
          </button>
        </div>
      )}
      {message && (
        <p className={`alert ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid={`${testId}-cancel-result`}>
          {message.text}
        </p>
      )}
    </div>
  );
}
