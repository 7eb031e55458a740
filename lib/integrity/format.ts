import { createTranslator } from 'next-intl';
import { env } from '@/lib/platform/config/env';
import { DEFAULT_LOCALE, type Locale } from '@/lib/platform/i18n/config';
import { catalogue } from '@/lib/platform/i18n/messages';
import { lineParams, type IntegrityProblem, type IntegrityRule } from './rules';

/**
 * A problem as one readable line (Chinese by default), for the CLI listing and the queue page:
 * the rule's line from the `integrity` catalogue, with outcome, status, finding and figure codes
 * named in the reader's words.
 */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function integrityTranslator(locale: Locale = DEFAULT_LOCALE): Translate {
  const t = createTranslator({ locale, messages: catalogue[locale], timeZone: env().APP_TIMEZONE });
  return (key, params) => (t.has(key as never) ? t(key as never, params as never) : key);
}

export function ruleName(rule: IntegrityRule, t: Translate): string {
  return t(`integrity.rules.${rule}.name`);
}

export function describeProblem(p: IntegrityProblem, t: Translate): string {
  const params = lineParams(p);
  const d = p.details;
  if (typeof d.outcome === 'string') params.outcomeLabel = t(`callbacks.outcomes.${d.outcome}`);
  else params.outcomeLabel = '—';
  if (p.rule === 'callbackWithoutCall' && p.entityType === 'task' && d.score !== null && d.score !== undefined) {
    params.outcomeLabel = `${params.outcomeLabel}，${d.score}`;
  }
  if (p.rule === 'ledgerMismatch') params.customerLabel = typeof d.customer === 'string' ? d.customer : t('integrity.coverageKey');
  if (p.rule === 'closedMonthDrift' && typeof d.changes === 'string') {
    // "figure|old|new;…" as stored; each figure named from the assessment catalogue.
    params.changes = d.changes
      .split(';')
      .filter(Boolean)
      .map((c) => {
        const [figure, from, to] = c.split('|');
        return `${t(`assessment.figure.${figure}`)} ${from} → ${to}`;
      })
      .join('，');
  }
  if (p.rule === 'waivedWithoutDecision') {
    params.subjectLabel =
      d.subject === 'finding' ? t('integrity.subject.finding', { finding: t(`assessment.checks.code.${d.findingCode}`) }) : t('integrity.subject.verdict');
  }
  if (typeof d.status === 'string') params.statusLabel = t(`assessment.verdicts.status.${d.status}`);
  return t(`integrity.line.${p.rule}.${p.entityType}`, params);
}
