'use client';

import { useState } from 'react';
import { ReasonForm } from '@/app/_components/reason-form';
import { decideBackfillAction } from './backfill-actions';

type Decision = 'approved' | 'rejected';

/** Staff's two decisions on a pending 超期补报, each asking for a comment first. */
export function BackfillButtons(props: {
  visitId: string;
  labels: { approve: string; reject: string; comment: string; confirmApprove: string; confirmReject: string; cancel: string };
}) {
  const [decision, setDecision] = useState<Decision | null>(null);
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
  return (
    <ReasonForm
      key={decision}
      placeholder={labels.comment}
      confirm={decision === 'approved' ? labels.confirmApprove : labels.confirmReject}
      tone={decision === 'approved' ? 'primary' : 'danger'}
      field="comment"
      submit={(comment) => decideBackfillAction({ visitId: props.visitId, decision, comment })}
      onDone={() => setDecision(null)}
      cancel={{ label: labels.cancel, onCancel: () => setDecision(null) }}
      maxLength={1000}
      testIds={{ input: 'backfill-comment', confirm: 'backfill-confirm' }}
    />
  );
}
