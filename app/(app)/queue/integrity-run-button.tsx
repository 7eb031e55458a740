'use client';

import { useState, useTransition } from 'react';
import { requestIntegrityAuditAction } from './actions';

/** 立即核查: asks the worker for an audit now; the result shows on this page once it is stored. */
export function IntegrityRunButton({ labels }: { labels: { run: string; requested: string } }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <p className="row">
      <button
        type="button"
        disabled={pending}
        data-testid="integrity-run"
        onClick={() =>
          start(async () => {
            const r = await requestIntegrityAuditAction({});
            setMessage(r.ok ? { ok: true, text: labels.requested } : { ok: false, text: r.error });
          })
        }
      >
        {labels.run}
      </button>
      {message && (
        <span className={message.ok ? 'muted small' : 'field-error'} role="status" data-testid="integrity-requested">
          {message.text}
        </span>
      )}
    </p>
  );
}
