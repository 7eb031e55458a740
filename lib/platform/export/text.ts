import { createTranslator } from 'next-intl';
import { env } from '@/lib/platform/config/env';
import { catalogue } from '@/lib/platform/i18n/messages';

/**
 * The words of an exported file: Chinese whatever the reader's language, as the department files
 * and hands them on (the month report is too). Keys over the whole catalogue, so a file uses the
 * same names for outcomes, verdicts and findings as the pages.
 */
export interface FileTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

export function fileTranslator(): FileTranslator {
  return createTranslator({ locale: 'zh-CN', messages: catalogue['zh-CN'], timeZone: env().APP_TIMEZONE }) as unknown as FileTranslator;
}

/** A catalogue name when there is one, else the code as stored. */
export function named(t: FileTranslator, key: string, code: string): string {
  return t.has(key) ? t(key) : code;
}
