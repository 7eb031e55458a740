'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/web/safe-action';

/**
 * A one-line reason or comment and a confirm button, for staff steps that must say why (pull a
 * callback back, cancel it, decide a 超期补报). The server's message shows beside it; on success
 * the page is refreshed and `onDone` called.
 */
export function ReasonForm(props: {
  placeholder: string;
  confirm: string;
  tone: 'primary' | 'danger';
  /** The server's field for the text (its field error shows here). */
  field: string;
  submit: (text: string) => Promise<ActionResult<unknown>>;
  onDone: () => void;
  cancel?: { label: string; onCancel: () => void };
  maxLength?: number;
  testIds: { input: string; confirm: string };
}) {
  const router = useRouter();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const send = () =>
    startTransition(async () => {
      setError(null);
      const result = await props.submit(text);
      if (!result.ok) return setError(result.fieldErrors?.[props.field] ?? result.error);
      props.onDone();
      router.refresh();
    });
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <input value={text} onChange={(e) => setText(e.target.value)} placeholder={props.placeholder} aria-label={props.placeholder} maxLength={props.maxLength} data-testid={props.testIds.input} />
      <button type="submit" className={props.tone} disabled={pending} data-testid={props.testIds.confirm}>
        {props.confirm}
      </button>
      {props.cancel && (
        <button type="button" onClick={props.cancel.onCancel} disabled={pending}>
          {props.cancel.label}
        </button>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
