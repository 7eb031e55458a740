'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/web/safe-action';

/**
 * A staff action on one callback that needs a reason (pull back, cancel): a button that opens a
 * reason field and a confirm button; the server's message shows beside it.
 */
export function TaskReasonButton(props: {
  taskId: string;
  action: (input: { taskId: string; reason: string }) => Promise<ActionResult<unknown>>;
  labels: { open: string; reason: string; confirm: string };
  testId: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (!open) {
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)} data-testid={props.testId}>
        {props.labels.open}
      </button>
    );
  }
  const submit = () =>
    startTransition(async () => {
      setError(null);
      const result = await props.action({ taskId: props.taskId, reason });
      if (!result.ok) return setError(result.fieldErrors?.reason ?? result.error);
      setOpen(false);
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
      <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder={props.labels.reason} aria-label={props.labels.reason} data-testid={`${props.testId}-reason`} />
      <button type="submit" className="danger" disabled={pending} data-testid={`${props.testId}-confirm`}>
        {props.labels.confirm}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
