'use client';

import { useTranslations } from 'next-intl';
import { MAX_SCORE } from '@/lib/scripts/definition';
import type { DefinitionReport } from '@/lib/scripts/validate';

/** What publishing would say about the draft as it is now: reachable maximum, unreachable questions, cycles, dead ends. */
export function ValidationPanel({ report }: { report: DefinitionReport }) {
  const t = useTranslations('scripts.validation');
  const te = useTranslations('errors.scripts');
  const maxOk = report.maxScore === MAX_SCORE;
  return (
    <aside className="card" aria-live="polite" data-testid="script-validation" data-ok={report.ok}>
      <h3>{t('title')}</h3>
      <dl className="facts">
        <dt>{t('maxScore')}</dt>
        <dd>
          <span className={maxOk ? 'badge ok' : 'badge danger'} data-testid="script-max-score">
            {report.maxScore === null ? t('noMax') : t('maxOf', { max: report.maxScore, expected: MAX_SCORE })}
          </span>
        </dd>
        <dt>{t('unreachable')}</dt>
        <dd>{report.unreachable.length === 0 ? t('none') : report.unreachable.join(', ')}</dd>
        <dt>{t('cycles')}</dt>
        <dd>{report.cycles.length === 0 ? t('none') : report.cycles.join(', ')}</dd>
        <dt>{t('deadEnds')}</dt>
        <dd>{report.deadEnds.length === 0 ? t('none') : report.deadEnds.join(', ')}</dd>
      </dl>
      {report.ok ? (
        <p className="alert ok" data-testid="script-valid">
          {t('ready')}
        </p>
      ) : (
        <>
          <p className="alert warn">{t('issues', { count: report.issues.length })}</p>
          <ul className="small" data-testid="script-issues">
            {report.issues.map((issue, i) => (
              <li key={i} data-code={issue.code} data-question={issue.questionId ?? ''}>
                {issue.index !== null ? <a href={`#question-${issue.index}`}>{te.has(issue.code) ? te(issue.code, issue.params) : issue.code}</a> : te.has(issue.code) ? te(issue.code, issue.params) : issue.code}
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
