'use server';

import { cookies } from 'next/headers';
import { LOCALE_COOKIE, toLocale } from '@/lib/platform/i18n/config';

/** Switches the interface language for this browser (a preference, not data: no role needed). */
export async function setLocale(locale: string): Promise<void> {
  const store = await cookies();
  store.set(LOCALE_COOKIE, toLocale(locale), { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' });
}
