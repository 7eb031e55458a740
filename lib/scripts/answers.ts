import { isSingleChoice, MAX_TEXT_ANSWER, RATING_OPTION_IDS, type Answers, type AnswerValue, type ScriptDefinition, type ScriptQuestion } from './definition';
import { computePath, type FlowPath } from './flow';

/**
 * Whether answers fit a script version: every answered question exists, every option belongs to
 * its question, numbers, dates and ratings are in range, every answer lies on the path the answers
 * take, and every required question on that path is answered. Pure. Each issue names the question.
 */

export interface AnswerIssue {
  /** Catalogue key under `errors.scripts`. */
  code: string;
  questionId: string;
  params: Record<string, string | number>;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day 'YYYY-MM-DD'. */
export function isCalendarDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 1900;
}

type Normalized = { ok: true; value: AnswerValue | undefined } | { ok: false; code: string; params?: Record<string, string | number> };

/**
 * One answer in its canonical form (option id, sorted option ids, number, day, trimmed text), or
 * why it does not fit the question. Blank answers normalise to undefined ("not answered").
 */
export function normalizeAnswer(q: ScriptQuestion, raw: unknown, options: { today?: string } = {}): Normalized {
  if (raw === undefined || raw === null) return { ok: true, value: undefined };
  if (isSingleChoice(q.type)) {
    if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, code: 'answerType' };
    const key = String(raw).trim();
    if (key === '') return { ok: true, value: undefined };
    if (q.options.some((o) => o.id === key)) return { ok: true, value: key };
    if (q.type === 'rating') return { ok: false, code: 'answerOutOfRange', params: { min: 1, max: RATING_OPTION_IDS.length, value: key } };
    return { ok: false, code: 'unknownOption', params: { option: key } };
  }
  switch (q.type) {
    case 'multiple': {
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string')) return { ok: false, code: 'answerType' };
      const chosen = [...new Set((raw as string[]).map((x) => x.trim()).filter((x) => x !== ''))];
      const unknown = chosen.find((id) => !q.options.some((o) => o.id === id));
      if (unknown !== undefined) return { ok: false, code: 'unknownOption', params: { option: unknown } };
      if (chosen.length === 0) return { ok: true, value: undefined };
      // In the question's order, so the same choice is stored the same way.
      return { ok: true, value: q.options.filter((o) => chosen.includes(o.id)).map((o) => o.id) };
    }
    case 'number': {
      if (typeof raw === 'string' && raw.trim() === '') return { ok: true, value: undefined };
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : NaN;
      if (!Number.isFinite(n)) return { ok: false, code: 'answerType' };
      if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) {
        return { ok: false, code: 'answerOutOfRange', params: { min: q.min ?? '−∞', max: q.max ?? '∞', value: n } };
      }
      return { ok: true, value: n };
    }
    case 'date': {
      if (typeof raw !== 'string') return { ok: false, code: 'answerType' };
      const day = raw.trim();
      if (day === '') return { ok: true, value: undefined };
      if (!isCalendarDay(day)) return { ok: false, code: 'badDate', params: { value: day } };
      if (options.today && day > options.today) return { ok: false, code: 'dateInFuture', params: { value: day } };
      return { ok: true, value: day };
    }
    case 'text': {
      if (typeof raw !== 'string') return { ok: false, code: 'answerType' };
      const text = raw.trim();
      if (text === '') return { ok: true, value: undefined };
      if (text.length > MAX_TEXT_ANSWER) return { ok: false, code: 'answerTooLong', params: { max: MAX_TEXT_ANSWER } };
      return { ok: true, value: text };
    }
    default:
      return { ok: false, code: 'answerType' };
  }
}

export interface AnswersReport {
  ok: boolean;
  issues: AnswerIssue[];
  /** The answers that fit, normalised, on the path (what is stored and scored). */
  answers: Answers;
  path: FlowPath;
}

/** Checks answers against a definition; `today` ('YYYY-MM-DD') refuses days after it. */
export function validateAnswers(def: ScriptDefinition, raw: Record<string, unknown>, options: { today?: string } = {}): AnswersReport {
  const issues: AnswerIssue[] = [];
  const byId = new Map(def.questions.map((q, i) => [q.id, { q, n: i + 1 }]));
  const fitting: Answers = {};
  for (const [id, value] of Object.entries(raw)) {
    const entry = byId.get(id);
    if (!entry) {
      issues.push({ code: 'unknownQuestion', questionId: id, params: { question: id } });
      continue;
    }
    const normalized = normalizeAnswer(entry.q, value, options);
    if (!normalized.ok) issues.push({ code: normalized.code, questionId: id, params: { question: id, n: entry.n, ...normalized.params } });
    else if (normalized.value !== undefined) fitting[id] = normalized.value;
  }
  const path = computePath(def, fitting);
  const onPath = new Set(path.questionIds);
  for (const id of Object.keys(fitting)) {
    if (!onPath.has(id)) {
      issues.push({ code: 'notOnPath', questionId: id, params: { question: id, n: byId.get(id)!.n } });
      delete fitting[id];
    }
  }
  for (const id of path.missing) {
    // A question answered with something unfit is already reported.
    if (!issues.some((i) => i.questionId === id)) issues.push({ code: 'missingAnswer', questionId: id, params: { question: id, n: byId.get(id)!.n } });
  }
  if (path.brokenJump) {
    const { questionId, target } = path.brokenJump;
    issues.push({ code: 'unknownJump', questionId, params: { question: questionId, n: byId.get(questionId)!.n, target } });
  }
  if (path.loopAt) issues.push({ code: 'cycle', questionId: path.loopAt, params: { question: path.loopAt, n: byId.get(path.loopAt)!.n, target: path.loopAt } });
  return { ok: issues.length === 0, issues, answers: fitting, path };
}
