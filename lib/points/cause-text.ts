import { isId } from '@/lib/platform/core/ids';

/**
 * Why a ledger entry is there, in words (assessment.ledger.cause*): the visits a deduction points
 * to, the coverage zeroing, a class's monthly accrual, an entry no longer applying. One text for
 * the ledger on the pages and in its export.
 */
export type LedgerTranslator = (key: string, values?: Record<string, string | number>) => string;

/** The visit ids a deduction (or its reversal) names in its cause. */
export const causeVisitIds = (cause: string): string[] => cause.split(',').filter(isId);

/** `t` reads the assessment namespace (keys 'ledger.…'). */
export function ledgerCauseText(t: LedgerTranslator, entry: { kind: string; cause: string }): string {
  const visits = causeVisitIds(entry.cause).length;
  if (visits > 0) return t('ledger.causeVisits', { count: visits });
  if (entry.kind === 'coverage_zeroing' || entry.cause === 'coverage') return t('ledger.causeCoverage');
  if (entry.cause.startsWith('class ')) return t('ledger.causeClass', { class: entry.cause.slice(6) });
  if (entry.cause === 'no longer applies') return t('ledger.causeGone');
  return entry.cause;
}
