import { createTranslator } from 'next-intl';
import { env } from '@/lib/platform/config/env';
import { catalogue } from '@/lib/platform/i18n/messages';
import { logger } from '@/lib/platform/log';

/**
 * The words of an exported file: Chinese whatever the reader's language, as the department files
 * and hands them on (the month report is too). Keys over the whole catalogue, so a file uses the
 * same names for outcomes, verdicts and findings as the pages.
 */
export interface FileTranslator {
  (key: string, values?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/**
 * next-intl formats a message anew on every call; a file asks for the same few names (an outcome,
 * a visit type, the same reason) on each of its rows, so each is formatted once.
 */
export function fileTranslator(): FileTranslator {
  // A stored value a message cannot take (an old row lacking a parameter) shows the key, logged once per file and key, not once per row.
  const failed = new Set<string>();
  const t = createTranslator({
    locale: 'zh-CN',
    messages: catalogue['zh-CN'],
    timeZone: env().APP_TIMEZONE,
    onError: (error) => {
      if (failed.has(error.message)) return;
      failed.add(error.message);
      logger.warn({ err: error }, 'export: a message could not be formatted');
    },
  }) as unknown as FileTranslator;
  const names = new Map<string, string>();
  const known = new Map<string, boolean>();
  const sentences = new Map<string, string>();
  const memo = ((key: string, values?: Record<string, string | number>) => {
    if (values) {
      const said = `${key}\u0000${JSON.stringify(values)}`;
      let text = sentences.get(said);
      if (text === undefined) {
        if (sentences.size > 10_000) sentences.clear();
        sentences.set(said, (text = t(key, values)));
      }
      return text;
    }
    let name = names.get(key);
    if (name === undefined) names.set(key, (name = t(key)));
    return name;
  }) as FileTranslator;
  memo.has = (key: string) => {
    let has = known.get(key);
    if (has === undefined) known.set(key, (has = t.has(key)));
    return has;
  };
  return memo;
}

/** A catalogue name when there is one, else the code as stored. */
export function named(t: FileTranslator, key: string, code: string): string {
  return t.has(key) ? t(key) : code;
}
