import { validateAnswers, type AnswerIssue } from '@/lib/scripts/answers';
import type { Answers, CallOutcome, ScriptDefinition, VisitContext } from '@/lib/scripts/definition';
import { scoreAnswers, type ScoreResult } from '@/lib/scripts/scoring';

/**
 * The desk's pure rules: what a draft may hold, which outcomes are scored, which outcome is
 * stored when the script itself ended the call, and what counts as a repeat of a submit.
 */

/** Outcomes whose answers are scored: the script was followed, to the end or part of the way. */
export const SCORED_OUTCOMES = ['completed', 'partial'] as const satisfies readonly CallOutcome[];
export type ScoredOutcome = (typeof SCORED_OUTCOMES)[number];
export const isScoredOutcome = (o: CallOutcome): o is ScoredOutcome => (SCORED_OUTCOMES as readonly string[]).includes(o);

/** Outcomes for which a person answered the phone (what the script can end a call with, and partial). */
const REACHED_OUTCOMES: readonly CallOutcome[] = ['completed', 'partial', 'refused', 'wrong_person', 'number_invalid', 'appointment'];

/**
 * Issues a draft or a partial interview may have without being refused: required questions not
 * answered yet, and answers a changed choice left off the path (they are dropped, not refused).
 */
const UNFINISHED: readonly string[] = ['missingAnswer', 'notOnPath'];

export interface CheckedAnswers {
  /** Normalised answers that fit, on the path they take (what is stored). */
  answers: Answers;
  /** What does not fit the version, each naming its question (empty: all fit). */
  issues: AnswerIssue[];
  /** Where the answers lead: an outcome once the flow has ended, else null. */
  pathOutcome: CallOutcome | null;
}

/**
 * Answers still being given (a draft, or an interview broken off): every answer must fit its
 * question — unknown questions, options out of range, bad dates are refused — but the flow need
 * not be finished.
 */
export function checkUnfinishedAnswers(def: ScriptDefinition, raw: Record<string, unknown>, today: string): CheckedAnswers {
  const report = validateAnswers(def, raw, { today });
  return { answers: report.answers, issues: report.issues.filter((i) => !UNFINISHED.includes(i.code)), pathOutcome: report.path.outcome };
}

/** The score of a partial interview: what was answered, on the same rules as a completed one. */
export function scorePartial(def: ScriptDefinition, answers: Answers, options: { report: VisitContext; threshold: number }): ScoreResult {
  return scoreAnswers(def, answers, options);
}

/**
 * The outcome stored for a submit. When the agent followed the script (completed or partial) and
 * the flow itself ended the call with an outcome — "not this person" ends it as wrong_person —
 * that outcome is the one recorded; a flow that reached its end is completed even if the agent
 * chose partial. Any other outcome the agent chose stands as chosen.
 */
export function resolveOutcome(requested: CallOutcome, pathOutcome: CallOutcome | null): CallOutcome {
  if (!isScoredOutcome(requested) || pathOutcome === null) return requested;
  return pathOutcome;
}

/**
 * Whether an attempt already stored answers this submit (a double click, a retried request)
 * rather than contradicting it: the same outcome, or a scored submit whose flow may have ended the
 * call with another outcome a person gives. An attempt the call recorded by itself (nobody
 * reached) does not answer a submit of the script.
 */
export function isRepeatOf(requested: CallOutcome, stored: CallOutcome): boolean {
  if (requested === stored) return true;
  return isScoredOutcome(requested) && REACHED_OUTCOMES.includes(stored);
}
