import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { env } from '@/lib/platform/config/env';
import { LOCALE_COOKIE, toLocale } from './config';
import { catalogue } from './messages';

export default getRequestConfig(async () => {
  const store = await cookies();
  const locale = toLocale(store.get(LOCALE_COOKIE)?.value);
  return { locale, messages: catalogue[locale], timeZone: env().APP_TIMEZONE };
});
