'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { isChoice, type Answers, type AnswerValue, type ScriptDefinition, type ScriptQuestion, type VisitContext } from '@/lib/scripts/definition';
import { activeQuestion, computePath, isAnswered, questionAfter, shownQuestions } from '@/lib/scripts/flow';
import { fillPlaceholders } from '@/lib/scripts/placeholders';
import styles from './script-flow.module.css';

export interface ScriptFlowProps {
  definition: ScriptDefinition;
  /** The visit being verified: fills the placeholders. */
  context: VisitContext;
  /** Blind mode: what the manager reported is not shown. */
  blind?: boolean;
  answers: Answers;
  onAnswer: (questionId: string, value: AnswerValue) => void;
  /** Enter on the last question of a finished flow. */
  onComplete?: () => void;
  disabled?: boolean;
  /** Prefix for element ids and test ids when several flows share a page. */
  idPrefix?: string;
  /** Put the keyboard focus on the flow when it appears (the desk, once the call is placed). */
  autoFocus?: boolean;
}

/**
 * A callback script as the agent follows it: the questions on the path the answers take so far,
 * one active at a time. Keyboard: number keys 1–9 pick the active question's options (toggle for
 * multiple choice), Enter goes on to the next question, ↑/↓ move between answered questions. A
 * click on a single-answer option answers and goes on, as a number key and Enter would.
 * Controlled: answers live with the caller (the desk saves them as drafts; the preview in state).
 *
 * Nothing above a question moves when the active question changes (the key hint is one line below
 * the questions): focusing another question on mouse-down must not shift the option under the
 * pointer, or the click lands elsewhere and is lost.
 */
export function ScriptFlow({ definition, context, blind = false, answers, onAnswer, onComplete, disabled = false, idPrefix = 'flow', autoFocus = false }: ScriptFlowProps) {
  const t = useTranslations('scripts.flow');
  const to = useTranslations('scripts.outcomes');
  const path = useMemo(() => computePath(definition, answers), [definition, answers]);
  const byId = useMemo(() => new Map(definition.questions.map((q, i) => [q.id, { q, n: i + 1 }])), [definition]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const fill = (text: string) => fillPlaceholders(text, context, { hideReport: blind });

  // Shown: the path up to the question the flow waits at (or the whole path once it has ended).
  const visible = shownQuestions(path);
  const active = activeQuestion(path, activeId);
  const activeIndex = active ? visible.indexOf(active) : -1;
  const activeQuestionType = active ? byId.get(active)?.q.type : undefined;
  const ended = path.outcome !== null;

  useEffect(() => {
    if (autoFocus) rootRef.current?.focus();
  }, [autoFocus]);

  // Focus follows the active question while the agent works in the flow (never stolen from elsewhere).
  useEffect(() => {
    if (!active || !rootRef.current?.contains(document.activeElement)) return;
    const el = rootRef.current.querySelector<HTMLElement>(`[data-question="${active}"] [data-autofocus]`) ?? rootRef.current.querySelector<HTMLElement>(`[data-question="${active}"]`);
    el?.focus();
  }, [active]);

  const goOn = () => {
    if (!active) return;
    const entry = byId.get(active);
    if (entry && entry.q.required && !isAnswered(answers[active])) return;
    const next = path.questionIds[path.questionIds.indexOf(active) + 1];
    if (next) setActiveId(next);
    else if (ended) onComplete?.();
  };

  /** A number key picks and stays (Enter goes on); a click on a single-answer option picks and goes on. */
  const choose = (q: ScriptQuestion, optionId: string, via: 'key' | 'click') => {
    if (disabled) return;
    if (q.type === 'multiple') {
      const current = Array.isArray(answers[q.id]) ? (answers[q.id] as string[]) : [];
      onAnswer(q.id, current.includes(optionId) ? current.filter((x) => x !== optionId) : [...current, optionId]);
      setActiveId(q.id);
      return;
    }
    onAnswer(q.id, optionId);
    setActiveId(via === 'click' ? questionAfter(definition, { ...answers, [q.id]: optionId }, q.id) : q.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (disabled || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    const typing = target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox');
    if (event.key === 'Enter' && !(target.tagName === 'TEXTAREA' && event.shiftKey)) {
      event.preventDefault();
      goOn();
      return;
    }
    if (typing) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const next = visible[activeIndex + (event.key === 'ArrowDown' ? 1 : -1)];
      if (next) {
        event.preventDefault();
        setActiveId(next);
      }
      return;
    }
    const digit = /^[1-9]$/.test(event.key) ? Number(event.key) : null;
    const q = active ? byId.get(active)?.q : undefined;
    if (digit && q && isChoice(q.type)) {
      const option = q.options[digit - 1];
      if (option) {
        event.preventDefault();
        choose(q, option.id, 'key');
      }
    }
  };

  if (definition.questions.length === 0) return <p className="muted">{t('empty')}</p>;

  return (
    <div className={styles.flow} ref={rootRef} tabIndex={0} aria-label={t('label')} onKeyDown={onKeyDown} data-testid={`${idPrefix}-script-flow`}>
      {definition.opening && <p className={styles.opening}>{fill(definition.opening)}</p>}
      <ol className={styles.questions}>
        {visible.map((id) => {
          const entry = byId.get(id);
          if (!entry) return null;
          const { q, n } = entry;
          const isActive = id === active;
          const value = answers[id];
          const answered = isAnswered(value);
          return (
            <li
              key={id}
              className={`${styles.question}${isActive ? ` ${styles.active}` : ''}${answered ? ` ${styles.answered}` : ''}`}
              data-question={id}
              data-testid={`${idPrefix}-question-${id}`}
              tabIndex={-1}
              onFocus={() => activeId !== id && setActiveId(id)}
              onClick={() => activeId !== id && setActiveId(id)}
            >
              <div className="row space-between">
                <strong>
                  {n}. {fill(q.text)}
                </strong>
                <span className="muted small">
                  {t(`types.${q.type}`)}
                  {q.required ? '' : ` · ${t('optional')}`}
                </span>
              </div>
              {q.hint && <p className="muted small">{fill(q.hint)}</p>}
              <AnswerInput q={q} value={value} disabled={disabled} idPrefix={idPrefix} autoFocus={isActive} onChoose={(o) => choose(q, o, 'click')} onValue={(v) => onAnswer(q.id, v)} />
            </li>
          );
        })}
      </ol>
      {!ended && activeQuestionType && (
        <p className="muted small" data-testid={`${idPrefix}-keys`}>
          {isChoice(activeQuestionType) ? t('keysChoice') : t('keysInput')}
        </p>
      )}
      {ended ? (
        <div className="alert ok" role="status" data-testid={`${idPrefix}-ended`} data-outcome={path.outcome}>
          {t('ended', { outcome: to(path.outcome!) })}
          {path.outcome === 'completed' && definition.closing && <div>{fill(definition.closing)}</div>}
        </div>
      ) : (
        path.brokenJump && <p className="alert error">{t('broken', { question: path.brokenJump.questionId, target: path.brokenJump.target })}</p>
      )}
    </div>
  );
}

function AnswerInput({
  q,
  value,
  disabled,
  idPrefix,
  autoFocus,
  onChoose,
  onValue,
}: {
  q: ScriptQuestion;
  value: AnswerValue | undefined;
  disabled: boolean;
  idPrefix: string;
  autoFocus: boolean;
  onChoose: (optionId: string) => void;
  onValue: (value: AnswerValue) => void;
}) {
  const t = useTranslations('scripts.flow');
  if (isChoice(q.type)) {
    const selected = (id: string) => (Array.isArray(value) ? value.includes(id) : value === id);
    return (
      <div className={styles.options} role={q.type === 'multiple' ? 'group' : 'radiogroup'}>
        {q.options.map((o, i) => (
          <button
            key={o.id}
            type="button"
            role={q.type === 'multiple' ? 'checkbox' : 'radio'}
            aria-checked={selected(o.id)}
            className={selected(o.id) ? 'primary' : undefined}
            disabled={disabled}
            data-testid={`${idPrefix}-option-${q.id}-${o.id}`}
            {...(autoFocus && i === 0 ? { 'data-autofocus': true } : {})}
            onClick={() => onChoose(o.id)}
          >
            {i < 9 && <kbd>{i + 1}</kbd>} {o.label}
          </button>
        ))}
      </div>
    );
  }
  const common = {
    disabled,
    className: styles.answer,
    'data-testid': `${idPrefix}-input-${q.id}`,
    'data-autofocus': true,
    'aria-label': t(`types.${q.type}`),
  };
  switch (q.type) {
    case 'number':
      return <input type="number" inputMode="decimal" min={q.min} max={q.max} value={value === null || value === undefined ? '' : String(value)} onChange={(e) => onValue(e.target.value === '' ? null : e.target.value)} {...common} />;
    case 'date':
      return <input type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onValue(e.target.value === '' ? null : e.target.value)} {...common} />;
    default:
      return <textarea value={typeof value === 'string' ? value : ''} maxLength={2000} onChange={(e) => onValue(e.target.value)} placeholder={t('textPlaceholder')} {...common} />;
  }
}
