import {
  isChoice,
  isSingleChoice,
  MAX_SCORE,
  RATING_OPTION_IDS,
  REPORT_PLACEHOLDERS,
  YES_NO_OPTION_IDS,
  type ScriptDefinition,
  type ScriptOption,
  type ScriptQuestion,
} from './definition';
import { edgesOf, indexById } from './flow';
import { isPlaceholder, placeholdersIn } from './placeholders';

/**
 * Whether a definition may be published: the maximum reachable score is exactly 100, every
 * question is reachable, there are no cycles, every path ends, ids are unique, and each question's
 * options fit its type. Pure. Each issue names its question (id and position) so the editor can
 * point at it and the server can refuse with it.
 */

export interface DefinitionIssue {
  /** Catalogue key under `errors.scripts`. */
  code: string;
  /** The question the issue is about (null: the script as a whole). */
  questionId: string | null;
  /** 0-based position of the question in the list. */
  index: number | null;
  optionId?: string;
  params: Record<string, string | number>;
}

export interface DefinitionReport {
  ok: boolean;
  issues: DefinitionIssue[];
  /** The highest score any path can reach (null while there are cycles). */
  maxScore: number | null;
  unreachable: string[];
  /** Questions where a jump closes a cycle. */
  cycles: string[];
  /** Questions a path cannot get past (no options, or a jump to nowhere). */
  deadEnds: string[];
}

/** Points an option earns at most: its own, plus a matching visit type when the question compares it. */
function optionMaxPoints(q: ScriptQuestion, o: ScriptOption): number {
  const compare = q.compare?.field === 'visitType' && o.value ? q.compare.points : 0;
  return o.points + compare;
}

/** Points a question earns at most apart from its options (a compared visit date). */
function questionComparePoints(q: ScriptQuestion): number {
  return q.compare?.field === 'visitDate' && q.type === 'date' ? q.compare.points : 0;
}

/**
 * The maximum score over all paths (multiple choice: the sum of its positive options).
 * Assumes no cycles (check `findCycles` first).
 */
export function maxReachableScore(def: ScriptDefinition): number {
  const ids = indexById(def);
  const memo = new Map<number, number>();
  const best = (index: number): number => {
    const cached = memo.get(index);
    if (cached !== undefined) return cached;
    const q = def.questions[index];
    const rest = (target: ReturnType<typeof edgesOf>[number]['target']) => (target.kind === 'question' ? best(target.index) : 0);
    let value = 0;
    if (isSingleChoice(q.type)) {
      const candidates = edgesOf(def, ids, index).map((edge) => {
        const option = q.options.find((o) => o.id === edge.optionId);
        return (option ? optionMaxPoints(q, option) : 0) + rest(edge.target);
      });
      value = candidates.length > 0 ? Math.max(...candidates) : 0;
    } else {
      const own = q.type === 'multiple' ? q.options.reduce((sum, o) => sum + Math.max(0, o.points), 0) : questionComparePoints(q);
      const next = edgesOf(def, ids, index)[0];
      value = own + (next ? rest(next.target) : 0);
    }
    memo.set(index, value);
    return value;
  };
  return def.questions.length > 0 ? best(0) : 0;
}

/** Questions a jump back closes a cycle at (DFS from the first question over every edge). */
export function findCycles(def: ScriptDefinition): { from: string; to: string }[] {
  const ids = indexById(def);
  const state = new Map<number, 'open' | 'done'>();
  const found: { from: string; to: string }[] = [];
  const visit = (index: number) => {
    state.set(index, 'open');
    for (const edge of edgesOf(def, ids, index)) {
      if (edge.target.kind !== 'question') continue;
      const to = edge.target.index;
      const s = state.get(to);
      if (s === 'open') {
        if (!found.some((c) => c.from === def.questions[index].id && c.to === def.questions[to].id)) {
          found.push({ from: def.questions[index].id, to: def.questions[to].id });
        }
      } else if (s === undefined) visit(to);
    }
    state.set(index, 'done');
  };
  if (def.questions.length > 0) visit(0);
  return found;
}

export function reachableIndexes(def: ScriptDefinition): Set<number> {
  const ids = indexById(def);
  const seen = new Set<number>();
  const stack = def.questions.length > 0 ? [0] : [];
  while (stack.length > 0) {
    const index = stack.pop()!;
    if (seen.has(index)) continue;
    seen.add(index);
    for (const edge of edgesOf(def, ids, index)) if (edge.target.kind === 'question') stack.push(edge.target.index);
  }
  return seen;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function validateDefinition(def: ScriptDefinition, options: { blind?: boolean } = {}): DefinitionReport {
  const issues: DefinitionIssue[] = [];
  const about = (index: number, code: string, params: Record<string, string | number> = {}, optionId?: string) => {
    const q = def.questions[index];
    issues.push({ code, questionId: q.id, index, ...(optionId !== undefined ? { optionId } : {}), params: { question: q.id, n: index + 1, ...params } });
  };
  const whole = (code: string, params: Record<string, string | number> = {}) => issues.push({ code, questionId: null, index: null, params });

  if (def.questions.length === 0) whole('noQuestions');

  const checkText = (text: string | undefined, report: (code: string, params: Record<string, string | number>) => void) => {
    for (const name of placeholdersIn(text ?? '')) {
      if (!isPlaceholder(name)) report('unknownPlaceholder', { placeholder: `{${name}}` });
      else if (options.blind && REPORT_PLACEHOLDERS.includes(name)) report('blindRevealsReport', { placeholder: `{${name}}` });
    }
  };
  // The opening and closing lines: the same checks, reported for the script as a whole.
  const scriptText = (code: string, params: Record<string, string | number>) => whole(code === 'unknownPlaceholder' ? 'textUnknownPlaceholder' : 'textBlindRevealsReport', params);
  checkText(def.opening, scriptText);
  checkText(def.closing, scriptText);

  const firstIndex = new Map<string, number>();
  const ids = indexById(def);
  const deadEnds: string[] = [];
  def.questions.forEach((q, index) => {
    if (firstIndex.has(q.id)) about(index, 'duplicateId', { first: firstIndex.get(q.id)! + 1 });
    else firstIndex.set(q.id, index);

    checkText(q.text, (code, params) => about(index, code, params));
    checkText(q.hint, (code, params) => about(index, code, params));
    for (const o of q.options) checkText(o.label, (code, params) => about(index, code, params, o.id));

    const optionIds = q.options.map((o) => o.id);
    const dupOption = optionIds.find((id, i) => optionIds.indexOf(id) !== i);
    if (dupOption !== undefined) about(index, 'duplicateOptionId', { option: dupOption }, dupOption);

    if (isChoice(q.type)) {
      if (q.options.length === 0) {
        about(index, 'deadEnd');
        deadEnds.push(q.id);
      } else if (q.type === 'yes_no' && !sameSet(optionIds, YES_NO_OPTION_IDS)) about(index, 'yesNoOptions');
      else if (q.type === 'rating' && !sameSet(optionIds, RATING_OPTION_IDS)) about(index, 'ratingOptions');
    } else if (q.options.length > 0) about(index, 'optionsNotAllowed');

    for (const o of q.options) {
      if (o.jump && o.end) about(index, 'jumpAndEnd', { option: o.id }, o.id);
      if (q.type === 'multiple' && (o.jump || o.end)) about(index, 'multipleNoJump', { option: o.id }, o.id);
      if (o.knockOut && o.points > 0) about(index, 'knockOutPoints', { option: o.id }, o.id);
      if (o.jump && isSingleChoice(q.type) && !o.end) {
        if (!ids.has(o.jump)) {
          about(index, 'unknownJump', { option: o.id, target: o.jump }, o.id);
          if (!deadEnds.includes(q.id)) deadEnds.push(q.id);
        }
      }
    }

    if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max) about(index, 'numberRange');

    if (q.compare) {
      const fits =
        (q.compare.field === 'visitType' && q.type === 'single') ||
        (q.compare.field === 'visitDate' && q.type === 'date') ||
        (q.compare.field === 'purpose' && q.type === 'text');
      if (!fits) about(index, 'compareType', { field: q.compare.field });
      else if (q.compare.field === 'visitType' && !q.options.some((o) => o.value)) about(index, 'compareNoValue');
      if (q.compare.field === 'purpose' && q.compare.points !== 0) about(index, 'purposeNoPoints');
    }
  });

  const reachable = reachableIndexes(def);
  const unreachable = def.questions.filter((_, i) => !reachable.has(i)).map((q) => q.id);
  def.questions.forEach((q, index) => {
    if (!reachable.has(index)) about(index, 'unreachable');
  });

  const cycleEdges = findCycles(def);
  for (const c of cycleEdges) about(ids.get(c.from)!, 'cycle', { target: c.to });
  const cycles = [...new Set(cycleEdges.map((c) => c.from))];

  let maxScore: number | null = null;
  if (cycleEdges.length === 0 && def.questions.length > 0) {
    maxScore = maxReachableScore(def);
    if (maxScore !== MAX_SCORE) whole('maxScore', { max: maxScore, expected: MAX_SCORE });
  }

  return { ok: issues.length === 0, issues, maxScore, unreachable, cycles, deadEnds };
}

/**
 * What the "reachable maximum" line can truthfully say: the maximum (right or wrong), or why
 * there is none — no questions yet, or a cycle. An empty script has neither a maximum nor a
 * cycle, so it must not read as "has a cycle".
 */
export type MaxScoreState = 'ok' | 'wrong' | 'empty' | 'cycle';
export function maxScoreState(def: ScriptDefinition, report: Pick<DefinitionReport, 'maxScore' | 'cycles'>): MaxScoreState {
  if (def.questions.length === 0) return 'empty';
  if (report.maxScore === null) return report.cycles.length > 0 ? 'cycle' : 'empty';
  return report.maxScore === MAX_SCORE ? 'ok' : 'wrong';
}

/** An option that takes points off (allowed, but easy to type by mistake): publishing asks first. */
export interface NegativeOption {
  questionId: string;
  /** 1-based position of the question. */
  n: number;
  questionText: string;
  optionId: string;
  optionLabel: string;
  points: number;
}

/** Every option with negative points, in question then option order. */
export function negativeOptions(def: ScriptDefinition): NegativeOption[] {
  return def.questions.flatMap((q, index) =>
    q.options
      .filter((o) => o.points < 0)
      .map((o) => ({ questionId: q.id, n: index + 1, questionText: q.text, optionId: o.id, optionLabel: o.label || o.id, points: o.points })),
  );
}
