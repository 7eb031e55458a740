'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/web/safe-action';
import type { Feedback } from './form-support';

/**
 * Runs a server action from a button: `pending` while it runs, the server's refusal kept in
 * `error` (and `feedback`, with the `done` message after a success, for FeedbackAlert), the page
 * refreshed after a success (and after a refusal too with `refreshOnRefusal`, when the refusal
 * may mean the page is out of date), then `onDone`.
 */
export function useRefreshingAction() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const run = (action: () => Promise<ActionResult<unknown> | void>, options: { done?: string; onDone?: () => void; refreshOnRefusal?: boolean } = {}) => {
    setFeedback(null);
    start(async () => {
      const result = await action();
      if (result && !result.ok) {
        setFeedback({ kind: 'error', text: result.error });
        if (options.refreshOnRefusal) router.refresh();
        return;
      }
      if (options.done) setFeedback({ kind: 'ok', text: options.done });
      options.onDone?.();
      router.refresh();
    });
  };
  return { pending, error: feedback?.kind === 'error' ? feedback.text : null, feedback, run };
}

/** The server's refusal beside the button that asked. */
export function ActionError({ error }: { error: string | null }) {
  return error ? (
    <span className="alert error" role="alert">
      {error}
    </span>
  ) : null;
}

/** A button that runs one server action (asking `confirm` first, when given) and shows its refusal beside it. */
export function ActionButton(props: {
  label: string;
  action: () => Promise<ActionResult<unknown>>;
  tone?: 'primary' | 'danger';
  confirm?: string;
  disabled?: boolean;
  title?: string;
  testId?: string;
  refreshOnRefusal?: boolean;
}) {
  const { pending, error, run } = useRefreshingAction();
  const onClick = () => {
    if (props.confirm && !window.confirm(props.confirm)) return;
    run(props.action, { refreshOnRefusal: props.refreshOnRefusal });
  };
  return (
    <>
      <button type="button" className={props.tone} disabled={pending || props.disabled} title={props.title} data-testid={props.testId} onClick={onClick}>
        {props.label}
      </button>
      <ActionError error={error} />
    </>
  );
}
