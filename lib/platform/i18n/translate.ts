import { createTranslator } from 'next-intl';
import { env } from '@/lib/platform/config/env';
import { DEFAULT_LOCALE, type Locale } from './config';
import { catalogue } from './messages';
import type { ErrorParams } from '@/lib/platform/core/errors';

/** Translates an `errors.*` code outside React (route handlers, CLI, jobs). */
export function translateError(code: string, params: ErrorParams = {}, locale: Locale = DEFAULT_LOCALE): string {
  const t = createTranslator({ locale, messages: catalogue[locale], namespace: 'errors', timeZone: env().APP_TIMEZONE });
  return t.has(code as never) ? t(code as never, params as never) : t('unknown' as never);
}
