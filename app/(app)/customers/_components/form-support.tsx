'use client';

import { useTranslations } from 'next-intl';
import type { FieldError as RhfFieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';

/**
 * Client-side zod messages are catalogue keys (`errors.…`); server messages arrive translated
 * and are marked with type 'server'. Both show as one inline message under the field.
 */
export function FieldError({ error }: { error?: RhfFieldError }) {
  const t = useTranslations();
  if (!error?.message) return null;
  const text =
    error.type === 'server' ? error.message : error.message.startsWith('errors.') && t.has(error.message) ? t(error.message) : t('errors.invalidValue');
  return (
    <span className="field-error" role="alert">
      {text}
    </span>
  );
}

/** Places the server's per-field messages; returns those for fields the form does not show. */
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

export function FeedbackAlert({ feedback }: { feedback: Feedback }) {
  if (!feedback) return null;
  return (
    <p className={`alert ${feedback.kind}`} role={feedback.kind === 'error' ? 'alert' : 'status'}>
      {feedback.text}
    </p>
  );
}

/** Class A and B are the most valuable customers; the badge colour says so at a glance. */
export function ClassBadge({ value, label }: { value: string; label: string }) {
  return (
    <span className={`badge ${value === 'A' || value === 'B' ? 'info' : ''}`} data-testid="customer-class">
      {label}
    </span>
  );
}
