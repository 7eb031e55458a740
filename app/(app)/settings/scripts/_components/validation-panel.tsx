'use client';

import { useTranslations } from 'next-intl';
import { MAX_SCORE, type ScriptDefinition } from '@/lib/scripts/definition';
import { maxScoreState, negativeOptions, type DefinitionReport } from '@/lib/scripts/validate';

/**
 * What publishing would say about the draft as it is now: reachable maximum, unreachable
 * questions, cycles, dead ends — and, as a warning that does not block, options that take points off.
 */
export function ValidationPanel({ report, definition }: { report: DefinitionReport; definition: ScriptDefinition }) {
  const t = useTranslations('scripts.validation');
  const te = useTranslations('errors.scripts');
  const state = maxScoreState(definition, report);
  const negatives = negativeOptions(definition);
  return (
    <aside className="card" aria-live="polite" data-testid="script-validation" data-ok={report.ok}>
      <h3>{t('title')}</h3>
      <dl className="facts">
        <dt>{t('maxScore')}</dt>
        <dd>
          <span className={state === 'ok' ? 'badge ok' : 'badge danger'} data-testid="script-max-score" data-state={state}>
            {state === 'empty' ? t('noQuestions') : state === 'cycle' ? t('noMax') : t('maxOf', { max: report.maxScore ?? 0, expected: MAX_SCORE })}
          </span>
        </dd>
        <dt>{t('unreachable')}</dt>
        <dd>{report.unreachable.length === 0 ? t('none') : report.unreachable.join(', ')}</dd>
        <dt>{t('cycles')}</dt>
        <dd>{report.cycles.length === 0 ? t('none') : report.cycles.join(', ')}</dd>
        <dt>{t('deadEnds')}</dt>
        <dd>{report.deadEnds.length === 0 ? t('none') : report.deadEnds.join(', ')}</dd>
        <dt>{t('negative')}</dt>
        <dd data-testid="script-negative-options">
          {negatives.length === 0
            ? t('none')
            : negatives.map((o) => (
                <span key={`${o.questionId}:${o.optionId}`} className="badge warn" style={{ marginRight: 4 }}>
                  {t('negativeItem', { n: o.n, option: o.optionLabel, points: o.points })}
                </span>
              ))}
        </dd>
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
