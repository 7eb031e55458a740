'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { decideBackfillAction } from './backfill-actions';

type Decision = 'approved' | 'rejected';

/** Staff's two decisions on a pending 超期补报, each asking for a comment first. */
export function BackfillButtons(props: {
  visitId: string;
  labels: { approve: string; reject: string; comment: string; confirmApprove: string; confirmReject: string; cancel: string };
}) {
  const router = useRouter();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const { labels } = props;

  if (!decision) {
    return (
      <p className="row">
        <button type="button" className="primary" onClick={() => setDecision('approved')} data-testid="backfill-approve">
          {labels.approve}
        </button>
        <button type="button" className="danger" onClick={() => setDecision('rejected')} data-testid="backfill-reject">
          {labels.reject}
        </button>
      </p>
    );
  }
  const submit = () =>
    startTransition(async () => {
      setError(null);
      const result = await decideBackfillAction({ visitId: props.visitId, decision, comment });
      if (!result.ok) return setError(result.fieldErrors?.comment ?? result.error);
      setDecision(null);
      router.refresh();
    });
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={labels.comment} aria-label={labels.comment} maxLength={1000} data-testid="backfill-comment" />
      <button type="submit" className={decision === 'approved' ? 'primary' : 'danger'} disabled={pending} data-testid="backfill-confirm">
        {decision === 'approved' ? labels.confirmApprove : labels.confirmReject}
      </button>
      <button type="button" onClick={() => setDecision(null)} disabled={pending}>
        {labels.cancel}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
