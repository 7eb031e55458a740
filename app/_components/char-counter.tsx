'use client';

import { useTranslations } from 'next-intl';

/**
 * "12 / 500" under a long free-text field, so the writer sees the limit before reaching it
 * (the field's maxLength stops typing there). Give it an id and point the field's
 * aria-describedby at it so screen readers announce the limit with the field.
 */
export function CharCounter({ value, max, id, testId = 'char-counter' }: { value: string | null | undefined; max: number; id?: string; testId?: string }) {
  const t = useTranslations('common');
  const count = (value ?? '').length;
  return (
    <span id={id} className={`small ${count >= max ? 'field-error' : 'muted'}`} data-testid={testId} data-count={count} data-max={max}>
      {t('charCount', { count, max })}
    </span>
  );
}
