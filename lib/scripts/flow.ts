import {
  isChoice,
  isSingleChoice,
  type AnswerValue,
  type Answers,
  type CallOutcome,
  type EndOutcome,
  type ScriptDefinition,
  type ScriptOption,
  type ScriptQuestion,
} from './definition';

/**
 * The flow of a script as a graph: where each question can lead. Pure; shared by publishing
 * validation (reachability, cycles, maximum score), the path of given answers, and the desk.
 */

/** Where a step leads: another question (by index), the end of the list, or an end of the call. */
export type Target = { kind: 'question'; index: number } | { kind: 'finish' } | { kind: 'end'; outcome: EndOutcome } | { kind: 'unknown'; id: string };

export interface Edge {
  /** The option taken ('' when the question is skipped or has no options). */
  optionId: string;
  target: Target;
}

export function indexById(def: ScriptDefinition): Map<string, number> {
  const map = new Map<string, number>();
  def.questions.forEach((q, i) => {
    if (!map.has(q.id)) map.set(q.id, i);
  });
  return map;
}

function nextInList(def: ScriptDefinition, index: number): Target {
  return index + 1 < def.questions.length ? { kind: 'question', index: index + 1 } : { kind: 'finish' };
}

/** Where choosing an option leads (for single-answer questions). */
export function optionTarget(def: ScriptDefinition, ids: Map<string, number>, index: number, option: ScriptOption): Target {
  if (option.end) return { kind: 'end', outcome: option.end };
  if (option.jump) {
    const to = ids.get(option.jump);
    return to === undefined ? { kind: 'unknown', id: option.jump } : { kind: 'question', index: to };
  }
  return nextInList(def, index);
}

/**
 * Every way out of a question: each option of a single-answer question (jump, end or next), and
 * "next in the list" for the other types and for skipping an optional question.
 */
export function edgesOf(def: ScriptDefinition, ids: Map<string, number>, index: number): Edge[] {
  const q = def.questions[index];
  const edges: Edge[] = [];
  if (isSingleChoice(q.type)) {
    for (const option of q.options) edges.push({ optionId: option.id, target: optionTarget(def, ids, index, option) });
    if (!q.required) edges.push({ optionId: '', target: nextInList(def, index) });
  } else if (!(isChoice(q.type) && q.options.length === 0 && q.required)) {
    edges.push({ optionId: '', target: nextInList(def, index) });
  }
  return edges;
}

/** True when the value counts as an answer (not absent, blank or an empty selection). */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === 'number' && Number.isFinite(value);
}

export interface FlowPath {
  /** The questions the flow passes, in order (answered or not). */
  questionIds: string[];
  /** Required questions on the path without an answer (the path is followed past them to the next question). */
  missing: string[];
  /** The first question on the path still waiting for a required answer: where the agent is. */
  current: string | null;
  /** How the flow ended: 'completed' at the end of the list, an option's outcome, or null while answers are missing. */
  outcome: CallOutcome | null;
  /** The question whose option ended the call, if one did. */
  endedBy: string | null;
  /** The option that ended the call, if one did. */
  endedByOption: string | null;
  /** A jump to a question that does not exist (the path cannot go on). */
  brokenJump: { questionId: string; target: string } | null;
  /** A question met twice (a cycle); the path stops there. */
  loopAt: string | null;
}

function chosenOption(q: ScriptQuestion, value: AnswerValue | undefined): ScriptOption | undefined {
  if (!isSingleChoice(q.type) || value === undefined || value === null) return undefined;
  const key = String(value);
  return q.options.find((o) => o.id === key);
}

/**
 * The path a set of answers takes through the flow, from the first question: a chosen option's
 * jump or end is followed; otherwise the next question in the list. A required question without
 * an answer is recorded as missing and the path goes on to the next question, so every problem is
 * reported at once; `current` is the first of them.
 */
export function computePath(def: ScriptDefinition, answers: Answers): FlowPath {
  const ids = indexById(def);
  const path: FlowPath = { questionIds: [], missing: [], current: null, outcome: null, endedBy: null, endedByOption: null, brokenJump: null, loopAt: null };
  const seen = new Set<number>();
  let index = def.questions.length > 0 ? 0 : -1;
  let finished = def.questions.length === 0;
  while (index >= 0) {
    if (seen.has(index)) {
      path.loopAt = def.questions[index].id;
      break;
    }
    seen.add(index);
    const q = def.questions[index];
    path.questionIds.push(q.id);
    const value = answers[q.id];
    const answered = isAnswered(value);
    if (!answered && q.required) path.missing.push(q.id);
    let target: Target = nextInList(def, index);
    const option = answered ? chosenOption(q, value) : undefined;
    if (option) {
      target = optionTarget(def, ids, index, option);
      if (target.kind === 'end') {
        path.endedBy = q.id;
        path.endedByOption = option.id;
      }
    }
    if (target.kind === 'question') index = target.index;
    else {
      index = -1;
      if (target.kind === 'unknown') path.brokenJump = { questionId: q.id, target: target.id };
      else if (target.kind === 'end') {
        finished = true;
        path.outcome = target.outcome;
      } else finished = true;
    }
  }
  path.current = path.missing[0] ?? null;
  if (finished && path.missing.length === 0 && path.outcome === null) path.outcome = 'completed';
  if (path.missing.length > 0 || path.brokenJump || path.loopAt) path.outcome = null;
  return path;
}

/** The answers that lie on the path they take (answers left behind by a changed choice are dropped). */
export function pruneAnswers(def: ScriptDefinition, answers: Answers): Answers {
  const on = new Set(computePath(def, answers).questionIds);
  const out: Answers = {};
  for (const [id, value] of Object.entries(answers)) if (on.has(id) && isAnswered(value)) out[id] = value;
  return out;
}

/**
 * The questions the agent sees: the path up to the question it waits at, or the whole path once
 * nothing is missing. Never further: a question chosen earlier that now lies past the waiting
 * point (after 重新开始, or a changed answer) is not kept on screen, nor keeps the keyboard.
 */
export function shownQuestions(path: FlowPath): string[] {
  const stop = path.current ? path.questionIds.indexOf(path.current) : path.questionIds.length - 1;
  return path.questionIds.slice(0, stop + 1);
}

/** The question the keyboard acts on: the one chosen while it is shown, else where the flow waits (else the first). */
export function activeQuestion(path: FlowPath, chosen: string | null): string | null {
  const shown = shownQuestions(path);
  if (chosen && shown.includes(chosen)) return chosen;
  return path.current ?? shown[0] ?? null;
}

/**
 * Where the agent goes on from a question once it is answered (Enter, or a click on a
 * single-answer option): the next question on the path the answers take, or the question itself
 * when the flow ends there.
 */
export function questionAfter(def: ScriptDefinition, answers: Answers, questionId: string): string {
  const path = computePath(def, answers);
  const i = path.questionIds.indexOf(questionId);
  return (i >= 0 && path.questionIds[i + 1]) || questionId;
}
