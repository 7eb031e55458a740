import { useTranslations } from 'next-intl';
import type { FieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';

/**
 * Form messages come from two places: the shared zod schema in the browser (an `errors.*`
 * catalogue key) and the server action (already translated, set with type 'server').
 */
export function useErrorText() {
  const t = useTranslations();
  return (error: FieldError | undefined): string | null => {
    if (!error?.message) return null;
    if (error.type === 'server') return error.message;
    return t.has(error.message) ? t(error.message) : t('errors.invalidValue');
  };
}

export function applyServerErrors<V extends FieldValues>(setError: UseFormSetError<V>, fieldErrors: Record<string, string> | undefined) {
  for (const [field, message] of Object.entries(fieldErrors ?? {})) {
    setError(field as Path<V>, { type: 'server', message });
  }
}
