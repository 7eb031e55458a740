import { findingName, type RootTranslator } from '@/lib/visits/verdict-text';

/** What a dispute contests, readable: the verdict, the finding by its name, or a spot check's finding. */
export function subjectText(t: RootTranslator, subject: string, findingCode: string | null): string {
  if (subject === 'spot_check') return t('disputes.subject.spotCheck');
  if (subject === 'finding' && findingCode) return t('disputes.subject.finding', { name: findingName(t, findingCode) });
  return t('disputes.subject.verdict');
}

/**
 * A domain error code (`disputes.windowOver`, possibly given as `errors.disputes.windowOver`) as
 * the catalogue reads it, or the fallback when the catalogue does not know it.
 */
export function errorCodeText(t: RootTranslator, code: string, fallback: string, params?: Record<string, string | number>): string {
  const key = code.startsWith('errors.') ? code : `errors.${code}`;
  return t.has(key) ? t(key, params) : fallback;
}
