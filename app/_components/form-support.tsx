'use client';

import { useTranslations } from 'next-intl';
import type { FieldError as RhfFieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';

/**
 * Client-side zod messages are catalogue keys (`errors.…`); messages from the server arrive
 * already translated and are marked with type 'server'. Both end up as one inline message.
 */
export function FieldError({ error, id }: { error?: RhfFieldError; id?: string }) {
  const text = useErrorText()(error);
  if (!text) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {text}
    </span>
  );
}

/** A labelled field (its input, select or hint as children) with its message below it. */
export function Field({ label, error, children }: { label: string; error?: RhfFieldError; children: React.ReactNode }) {
  return (
    <label>
      {label}
      {children}
      <FieldError error={error} />
    </label>
  );
}

/** The text of a field's message, whichever side it came from (for forms that lay out their own). */
export function useErrorText() {
  const t = useTranslations();
  return (error: RhfFieldError | undefined): string | null => {
    if (!error?.message) return null;
    if (error.type === 'server') return error.message;
    if (!t.has(error.message)) return t('errors.invalidValue');
    const raw = t.raw(error.message);
    if (typeof raw === 'string' && raw.includes('{max}')) {
      // zodResolver does not pass zod's limit on: a field capped with maxLength gives it.
      const max = (error.ref as { maxLength?: number } | undefined)?.maxLength;
      return max && max > 0 ? t(error.message, { max }) : t('errors.tooLong');
    }
    return t(error.message);
  };
}

/**
 * Puts the server's per-field messages (dotted paths such as `newContacts.0.phone`) next to the
 * fields they are about. Given the form's fields, returns the messages for fields it does not
 * show (e.g. `active`), which the caller shows with the form's alert.
 */
export function applyServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: Record<string, string> | undefined,
  formFields?: readonly string[],
): string[] {
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(fieldErrors ?? {})) {
    if (!formFields || formFields.includes(field)) setError(field as Path<T>, { type: 'server', message });
    else unplaced.push(message);
  }
  return unplaced;
}

export type Feedback = { kind: 'ok' | 'error'; text: string } | null;

export function FeedbackAlert({ feedback, children }: { feedback: Feedback; children?: React.ReactNode }) {
  if (!feedback) return null;
  return (
    <p className={`alert ${feedback.kind}`} role={feedback.kind === 'error' ? 'alert' : 'status'}>
      {feedback.text}
      {children}
    </p>
  );
}

/** A form's submit button, saying it is busy (`busyLabel`, or 加载中…) while the form is sent. */
export function SubmitButton(props: { submitting: boolean; label: string; busyLabel?: string; primary?: boolean; testId?: string }) {
  const tc = useTranslations('common');
  return (
    <button type="submit" className={props.primary === false ? undefined : 'primary'} disabled={props.submitting} data-testid={props.testId}>
      {props.submitting ? (props.busyLabel ?? tc('loading')) : props.label}
    </button>
  );
}

/** A form's end: the message after it was sent, then its submit button and any other buttons beside it. */
export function FormActions({ feedback, children, ...button }: { feedback: Feedback; children?: React.ReactNode } & React.ComponentProps<typeof SubmitButton>) {
  return (
    <>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <SubmitButton {...button} />
        {children}
      </div>
    </>
  );
}

/** `<select>` and empty inputs give '' where the schema means "none". */
export const emptyAsNull = (value: unknown) => (value === '' || value === undefined ? null : value);
