'use client';

import { useState } from 'react';
import type { ActionResult } from '@/lib/web/safe-action';
import { ReasonForm } from './reason-form';

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
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="danger" onClick={() => setOpen(true)} data-testid={props.testId}>
        {props.labels.open}
      </button>
    );
  }
  return (
    <ReasonForm
      placeholder={props.labels.reason}
      confirm={props.labels.confirm}
      tone="danger"
      field="reason"
      submit={(reason) => props.action({ taskId: props.taskId, reason })}
      onDone={() => setOpen(false)}
      testIds={{ input: `${props.testId}-reason`, confirm: `${props.testId}-confirm` }}
    />
  );
}
