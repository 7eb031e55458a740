'use client';

import { useTranslations } from 'next-intl';
import type { FieldError as RhfFieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';

/**
 * Client-side zod messages are catalogue keys (`errors.…`); messages from the server arrive
 * already translated and are marked with type 'server'. Both end up as one inline message.
 */
export function FieldError({ error, id }: { error?: RhfFieldError; id?: string }) {
  const t = useTranslations();
  if (!error?.message) return null;
  const text =
    error.type === 'server' ? error.message : error.message.startsWith('errors.') && t.has(error.message) ? t(error.message) : t('errors.invalidValue');
  return (
    <span className="field-error" id={id} role="alert">
      {text}
    </span>
  );
}

/**
 * Puts the server's per-field messages next to the fields they are about. Returns messages for
 * fields this form does not show (e.g. `active`), which the caller shows with the form's alert.
 */
export function applyServerErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: Record<string, string> | undefined,
  formFields: readonly string[],
): string[] {
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(fieldErrors ?? {})) {
    if (formFields.includes(field)) setError(field as Path<T>, { type: 'server', message });
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

/** `<select>` and empty inputs give '' where the schema means "none". */
export const emptyAsNull = (value: unknown) => (value === '' || value === undefined ? null : value);
