'use client';

import { useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { ScriptFlow } from '@/app/_components/script-flow/script-flow';
import { validateAnswers } from '@/lib/scripts/answers';
import type { Answers, ScriptDefinition, VisitContext } from '@/lib/scripts/definition';
import { pruneAnswers } from '@/lib/scripts/flow';
import { formatChineseDate, sampleVisitContext, VISIT_TYPE_WORDS } from '@/lib/scripts/placeholders';
import { scoreAnswers, type ComparisonEntry } from '@/lib/scripts/scoring';

const shown = (field: ComparisonEntry['field'], value: string) =>
  field === 'visitType' ? (VISIT_TYPE_WORDS[value as keyof typeof VISIT_TYPE_WORDS] ?? value) : field === 'visitDate' ? formatChineseDate(value) : value;

/**
 * Runs a script as an agent would see it, with a made-up visit (its type and day can be changed to
 * try the comparisons). The score shown is a preview; on calls the server computes it.
 */
export function ScriptPreview({ definition, blind, threshold, today }: { definition: ScriptDefinition; blind: boolean; threshold: number; today: string }) {
  const t = useTranslations('scripts.preview');
  const te = useTranslations('errors.scripts');
  const tf = useTranslations('scripts.flow');
  const [answers, setAnswers] = useState<Answers>({});
  // Each 重新开始 is a fresh run of the flow: nothing of the last run (its active question) is
  // kept, and the keyboard is on question 1 at once.
  const [run, setRun] = useState(0);
  const restart = () => {
    setAnswers({});
    setRun((n) => n + 1);
  };
  const [context, setContext] = useState<VisitContext>(() => sampleVisitContext(today));
  const kept = useMemo(() => pruneAnswers(definition, answers), [definition, answers]);
  const checked = useMemo(() => validateAnswers(definition, kept, { today }), [definition, kept, today]);
  const scored = useMemo(() => scoreAnswers(definition, checked.answers, { report: context, threshold }), [definition, checked.answers, context, threshold]);

  return (
    <div className="script-preview" data-testid="script-preview">
      <div className="toolbar">
        <label>
          {t('visitType')}
          <select value={context.visitType ?? ''} onChange={(e) => setContext({ ...context, visitType: e.target.value === 'phone' ? 'phone' : 'on_site' })}>
            <option value="on_site">{t('onSite')}</option>
            <option value="phone">{t('phone')}</option>
          </select>
        </label>
        <label>
          {t('visitDate')}
          <input type="date" value={context.visitDate ?? ''} max={today} onChange={(e) => setContext({ ...context, visitDate: e.target.value || null })} />
        </label>
        <button type="button" onClick={restart} data-testid="script-preview-reset">
          {t('restart')}
        </button>
      </div>
      <p className="muted small">
        {t('sample', { customer: context.customer ?? '', contact: context.contact ?? '', manager: context.manager ?? '' })}
        {blind && ` ${t('blindNote')}`}
      </p>
      <div className="card">
        <ScriptFlow
          key={run}
          autoFocus={run > 0}
          definition={definition}
          context={context}
          blind={blind}
          answers={kept}
          onAnswer={(id, value) => setAnswers((a) => ({ ...a, [id]: value }))}
          idPrefix="preview"
        />
      </div>
      <div className="card" data-testid="script-preview-score">
        <div className="row">
          <strong>{t('score', { score: scored.score })}</strong>
          {checked.path.outcome === 'completed' && (
            <span className={scored.result === 'valid' ? 'badge ok' : 'badge danger'} data-testid="script-preview-result" data-result={scored.result}>
              {scored.result === 'valid' ? t('valid') : t('invalid')}
            </span>
          )}
          {scored.knockedOut && <span className="badge danger">{t('knockedOut', { question: scored.knockedOut })}</span>}
          <span className="muted small">{t('threshold', { threshold })}</span>
        </div>
        {scored.comparison.length > 0 && (
          <ul className="small">
            {scored.comparison.map((c) => (
              <li key={c.questionId}>
                {t(`compare.${c.field}`)}：{t(`comparison.${c.status}`)}
                {c.answer !== null && ` · ${t('said', { answer: shown(c.field, c.answer) })}`}
                {c.reported !== null && ` · ${t('reported', { reported: shown(c.field, c.reported) })}`}
                {c.points > 0 && ` · +${c.points}`}
              </li>
            ))}
          </ul>
        )}
        {checked.issues.some((i) => i.code !== 'missingAnswer') && (
          <ul className="small muted">
            {checked.issues.filter((i) => i.code !== 'missingAnswer').map((i) => (
              <li key={`${i.questionId}-${i.code}`}>{te.has(i.code) ? te(i.code, i.params) : i.code}</li>
            ))}
          </ul>
        )}
        <p className="muted small">{tf('previewOnly')}</p>
      </div>
    </div>
  );
}
