'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { CallPanel } from '@/app/_components/call-panel';
import { ScriptFlow } from '@/app/_components/script-flow/script-flow';
import type { DeskView } from '@/lib/desk/open';
import { DESK_NOTES_MAX, submitCallbackInput, type SubmitCallbackInput } from '@/lib/desk/schemas';
import type { Answers, AnswerValue, CallOutcome } from '@/lib/scripts/definition';
import { computePath } from '@/lib/scripts/flow';
import type { CallView } from '@/lib/telephony/view';
import { submitCallbackAction } from '../actions';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import { CharCounter } from '@/app/_components/char-counter';
import { ReleaseForm } from './release-form';
import { useDraftAutosave } from './use-draft-autosave';

/** Outcome groups in the order an agent meets them: the script's ends, an agreed time, nobody reached. */
const GROUPS: readonly (readonly [string, readonly CallOutcome[]])[] = [
  ['script', ['completed', 'partial', 'refused', 'wrong_person', 'number_invalid']],
  ['appointment', ['appointment']],
  ['noContact', ['no_answer', 'busy', 'answering_machine', 'technical_failure']],
];

/**
 * The desk while the agent holds a callback: on the left the preview and the call, on the right
 * the script (keyboard: number keys pick, Enter goes on), the outcome and wrap-up notes. Answers
 * and notes are saved as drafts as they are given; Submit sends them to the server, which scores
 * them (the browser never does) and records the outcome; the page then shows the stored result.
 */
export function DeskWorkspace({ view, initialCall, preview, lease }: { view: DeskView; initialCall: CallView | null; preview: ReactNode; lease: ReactNode }) {
  const t = useTranslations('desk');
  const tc = useTranslations('callbacks');
  const tErrors = useTranslations('errors');
  const format = useFormatter();
  const errorText = useErrorText();
  const router = useRouter();
  const taskId = view.task.id;
  const attemptNo = view.task.nextAttemptNo;
  const heldSince = view.task.heldAt ? new Date(view.task.heldAt).getTime() : 0;

  const form = useForm<SubmitCallbackInput>({
    resolver: zodResolver(submitCallbackInput),
    defaultValues: { taskId, attemptNo, outcome: undefined, answers: view.draft.answers as Record<string, unknown>, notes: view.draft.notes, appointmentAt: '', manual: false },
  });
  const { register, handleSubmit, control, formState, setValue } = form;
  const watchedAnswers = useWatch({ control, name: 'answers' });
  const answers = useMemo(() => (watchedAnswers ?? {}) as Answers, [watchedAnswers]);
  const notes = useWatch({ control, name: 'notes' }) ?? '';
  const outcome = useWatch({ control, name: 'outcome' });
  const manual = useWatch({ control, name: 'manual' }) === true;

  const draft = useDraftAutosave(taskId, JSON.stringify({ answers, notes }), tErrors('unknown'));
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [answerErrors, setAnswerErrors] = useState<Record<string, string>>({});
  const [call, setCall] = useState<CallView | null>(initialCall);
  const submitRef = useRef<HTMLButtonElement>(null);
  const [chosenByAgent, setChosenByAgent] = useState(false);
  const [saved, setSaved] = useState(false);

  const definition = view.script?.definition ?? null;
  const path = useMemo(() => (definition ? computePath(definition, answers) : null), [definition, answers]);
  const flowOutcome = path?.outcome ?? null;

  // The flow ended the call (completed, or e.g. "not this person"): that is the outcome, unless the agent chose one.
  useEffect(() => {
    if (flowOutcome && !chosenByAgent) setValue('outcome', flowOutcome);
  }, [flowOutcome, chosenByAgent, setValue]);

  const onAnswer = useCallback(
    (questionId: string, value: AnswerValue) => {
      const current = (form.getValues('answers') ?? {}) as Record<string, unknown>;
      setValue('answers', { ...current, [questionId]: value }, { shouldDirty: true });
    },
    [form, setValue],
  );

  const callActive = call != null && call.phase !== 'ended';
  const talking = call?.phase === 'in_progress';

  // The call recorded this attempt by itself (nobody reached): the callback went back to the
  // queue; the page shows what was recorded and offers the next one.
  const onCallChange = useCallback(
    (next: CallView) => {
      if (Date.parse(next.createdAt) < heldSince) return;
      setCall(next);
      if (next.outcome && next.outcome.attemptNo === attemptNo) {
        draft.stop();
        router.replace(`/desk?done=${taskId}`);
        router.refresh();
      }
    },
    [heldSince, attemptNo, taskId, router, draft],
  );

  const submit = handleSubmit(async (values) => {
    setSubmitError(null);
    setAnswerErrors({});
    draft.stop();
    // Wrap-up follows the call: a call still on is hung up first (its end records nothing for a reached contact).
    if (callActive && call) {
      await fetch(`/api/desk/calls/${call.id}/hangup`, { method: 'POST' }).catch(() => null);
    }
    const result = await submitCallbackAction({
      taskId,
      attemptNo,
      outcome: values.outcome,
      answers: values.answers ?? {},
      notes: values.notes,
      appointmentAt: values.outcome === 'appointment' ? values.appointmentAt : null,
      manual: view.manualCallsAllowed && values.manual === true,
    });
    if (!result.ok) {
      draft.resume();
      setSubmitError(result.error);
      const fields = result.fieldErrors ?? {};
      setAnswerErrors(Object.fromEntries(Object.entries(fields).filter(([k]) => k.startsWith('answers.')).map(([k, v]) => [k.slice(8), v])));
      applyServerErrors(
        form.setError,
        Object.fromEntries(Object.entries(fields).filter(([k]) => !k.startsWith('answers.'))),
      );
      return;
    }
    setSaved(true);
    router.replace(`/desk?done=${taskId}`);
    router.refresh();
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter') return;
    const target = event.target as HTMLElement;
    if (target.closest('[data-testid="desk-release"]')) return;
    // Ctrl/⌘+Enter submits from anywhere; Enter on a chosen outcome submits too.
    if (event.ctrlKey || event.metaKey || (target instanceof HTMLInputElement && target.type === 'radio')) {
      event.preventDefault();
      void submit();
    }
  };

  const allAnswerErrors = { ...draft.state.fields, ...Object.fromEntries(Object.entries(answerErrors).map(([k, v]) => [`answers.${k}`, v])) };
  const answerIssues = Object.entries(allAnswerErrors).filter(([k]) => k.startsWith('answers.'));
  // A refusal from the server leaves the form usable (react-hook-form counts it as a successful submit).
  const submitting = formState.isSubmitting || saved;

  return (
    <div className="desk-workspace" onKeyDown={onKeyDown} aria-label={t('workspace.label')}>
      <div>
        {preview}
        <CallPanel taskId={taskId} initialCall={initialCall} disabled={submitting} onCallChange={onCallChange} />
        {lease}
        <ReleaseForm key={taskId} taskId={taskId} />
      </div>
      <form onSubmit={submit} noValidate data-testid="desk-outcome-form">
        <div className="card" data-testid="desk-script">
          <div className="row space-between">
            <h2 style={{ margin: 0 }}>{t('workspace.scriptTitle')}</h2>
            {view.script && (
              <span className="muted small" data-testid="desk-script-version" data-version-id={view.script.versionId}>
                {view.script.blind && <span className="badge warn">{t('workspace.blind')}</span>} {t('workspace.scriptVersion', { name: view.script.scriptName, version: view.script.version })}
              </span>
            )}
          </div>
          {view.script?.blind && <p className="muted small">{t('workspace.blindHint')}</p>}
          {definition ? (
            <>
              <ScriptFlow
                definition={definition}
                context={view.visitContext}
                blind={view.script?.blind}
                answers={answers}
                onAnswer={onAnswer}
                onComplete={() => submitRef.current?.focus()}
                disabled={submitting}
                idPrefix="desk"
                autoFocus={talking}
              />
              <p className="muted small">{t('workspace.threshold', { threshold: view.threshold })}</p>
            </>
          ) : (
            <p className="alert warn" data-testid="desk-no-script">
              {t('workspace.noScript')}
            </p>
          )}
          {answerIssues.length > 0 && (
            <div className="alert error" role="alert" data-testid="desk-answer-errors">
              {t('workspace.answerErrors')}
              <ul style={{ margin: '4px 0 0' }}>
                {answerIssues.map(([field, message]) => (
                  <li key={field} data-question={field.slice(8)}>
                    {message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <DraftIndicator state={draft.state} onRetry={draft.retry} time={(d) => format.dateTime(d, { timeStyle: 'medium' })} />
        </div>

        <div className="card form">
          <h2 style={{ marginTop: 0 }}>{t('wrapUp.title')}</h2>
          <fieldset style={{ border: 'none', padding: 0, margin: 0 }} aria-invalid={!!formState.errors.outcome}>
            <legend className="muted small">
              {t('wrapUp.outcome')} · {t('wrapUp.keys')}
            </legend>
            {GROUPS.map(([group, outcomes]) => (
              <div key={group} style={{ marginBottom: 8 }}>
                <div className="muted small">{t(`wrapUp.groups.${group}`)}</div>
                <div className="row">
                  {outcomes.map((o) => (
                    <label key={o} style={{ display: 'inline-flex', flexDirection: 'row', gap: 4, fontWeight: 400 }}>
                      <input
                        type="radio"
                        value={o}
                        {...register('outcome', { onChange: () => setChosenByAgent(true) })}
                        disabled={submitting || (!definition && (o === 'completed' || o === 'partial'))}
                        data-testid={`outcome-${o}`}
                      />
                      {tc(`outcomes.${o}`)}
                      {flowOutcome === o && <span className="muted small">{t('wrapUp.fromFlow')}</span>}
                    </label>
                  ))}
                </div>
              </div>
            ))}
            {formState.errors.outcome && <span className="field-error">{errorText(formState.errors.outcome)}</span>}
          </fieldset>
          {outcome === 'appointment' && (
            <label>
              {t('wrapUp.appointmentAt')}
              <input type="datetime-local" {...register('appointmentAt')} aria-invalid={!!formState.errors.appointmentAt} data-testid="outcome-appointment-at" />
              <span className="muted small">{t('wrapUp.appointmentHint')}</span>
              {formState.errors.appointmentAt && <span className="field-error">{errorText(formState.errors.appointmentAt)}</span>}
            </label>
          )}
          {!call && !manual && (
            <p className="muted small" data-testid="desk-no-call-yet">
              {t('wrapUp.noCallYet')}
            </p>
          )}
          {view.manualCallsAllowed && (
            <label style={{ display: 'flex', flexDirection: 'column', gap: 2, fontWeight: 400 }}>
              <span style={{ display: 'inline-flex', gap: 6 }}>
                <input type="checkbox" {...register('manual')} disabled={submitting} data-testid="desk-manual" />
                {t('wrapUp.manual')}
              </span>
              <span className="muted small">{t('wrapUp.manualHint')}</span>
            </label>
          )}
          <label>
            {t('wrapUp.notes')}
            <textarea {...register('notes')} maxLength={DESK_NOTES_MAX} aria-invalid={!!formState.errors.notes} aria-describedby="desk-notes-count" data-testid="desk-notes" />
            <span className="muted small">{t('wrapUp.notesHint')}</span>
            <CharCounter value={notes} max={DESK_NOTES_MAX} id="desk-notes-count" testId="desk-notes-count" />
            {formState.errors.notes && <span className="field-error">{errorText(formState.errors.notes)}</span>}
          </label>
          {submitError && (
            <p className="alert error" role="alert" data-testid="desk-submit-error">
              {submitError}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary" ref={submitRef} disabled={submitting} data-testid="outcome-save">
              {submitting ? t('wrapUp.submitting') : t('wrapUp.submit')}
            </button>
            {callActive && <span className="muted small">{t('wrapUp.hangUpFirst')}</span>}
          </div>
        </div>
      </form>
    </div>
  );
}

function DraftIndicator({ state, onRetry, time }: { state: ReturnType<typeof useDraftAutosave>['state']; onRetry: () => void; time: (d: Date) => string }) {
  const t = useTranslations('desk.draft');
  const text =
    state.status === 'saved' && state.savedAt
      ? t('saved', { time: time(state.savedAt) })
      : state.status === 'error'
        ? t('error', { error: state.error ?? '' })
        : t(state.status === 'saved' ? 'idle' : state.status);
  return (
    <p className={`small ${state.status === 'error' ? 'field-error' : 'muted'}`} role="status" data-testid="desk-draft-state" data-state={state.status} style={{ marginBottom: 0 }}>
      {text}
      {state.status === 'error' && !state.lost && (
        <>
          {' '}
          <button type="button" className="link-button" onClick={onRetry}>
            {t('retry')}
          </button>
        </>
      )}
    </p>
  );
}
