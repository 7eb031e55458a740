import { isSingleChoice, MAX_SCORE, type Answers, type CallOutcome, type CompareField, type ScriptDefinition, type VisitContext, type VisitType } from './definition';
import { computePath, isAnswered } from './flow';

/**
 * The score of a callback's answers (DOMAIN rule 5: out of 100, 60 or more = valid). Pure: the
 * server computes it from the published version and the answers, never the browser.
 *
 * - The points of the chosen options on the path are summed (multiple choice: every selected
 *   option), plus the points of questions whose answer matches the report (blind mode).
 * - A knock-out option anywhere on the path makes the visit invalid whatever the score.
 * - Valid iff no knock-out and score ≥ threshold; the score is kept within 0–100.
 */

export type ComparisonStatus = 'match' | 'mismatch' | 'unanswered' | 'noReport' | 'review';

export interface ComparisonEntry {
  questionId: string;
  field: CompareField;
  status: ComparisonStatus;
  /** What the customer said (option value, day or text). */
  answer: string | null;
  /** What the manager reported. */
  reported: string | null;
  /** Points earned by the match. */
  points: number;
}

export interface ScoreResult {
  score: number;
  maxScore: number;
  /** The first question whose knock-out option was chosen (null: none). */
  knockedOut: string | null;
  knockOuts: string[];
  result: 'valid' | 'invalid';
  /**
   * How the flow ended: 'completed' at the end of the list or an option's outcome (e.g.
   * wrong_person); null when answers are missing. A verdict applies to completed calls only.
   */
  outcome: CallOutcome | null;
  /** Points per answered question on the path. */
  points: Record<string, number>;
  comparison: ComparisonEntry[];
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
function dayNumber(day: string): number | null {
  const m = DAY_RE.exec(day);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000 : null;
}

/** |a − b| in days between two 'YYYY-MM-DD' days (null if either is not a day). */
export function daysApart(a: string, b: string): number | null {
  const x = dayNumber(a);
  const y = dayNumber(b);
  return x === null || y === null ? null : Math.abs(x - y);
}

/**
 * For questions on the path that compare with the report: whether what the customer said matches
 * (visit type: the chosen option's type; visit date: within the tolerance in days). Purpose is
 * free text and is recorded for review by a person, without points.
 */
export function compareWithReport(def: ScriptDefinition, answers: Answers, report: VisitContext): ComparisonEntry[] {
  const path = computePath(def, answers);
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  const entries: ComparisonEntry[] = [];
  for (const id of path.questionIds) {
    const q = byId.get(id)!;
    if (!q.compare) continue;
    const value = answers[id];
    const field = q.compare.field;
    const base = { questionId: id, field, points: 0 };
    if (field === 'visitType') {
      const reported: VisitType | null = report.visitType ?? null;
      const option = isAnswered(value) && q.type === 'single' ? q.options.find((o) => o.id === String(value)) : undefined;
      const said = option ? option.value || null : null;
      if (!option) entries.push({ ...base, status: 'unanswered', answer: null, reported });
      else if (!reported) entries.push({ ...base, status: 'noReport', answer: said, reported });
      else if (said === reported) entries.push({ ...base, status: 'match', answer: said, reported, points: q.compare.points });
      else entries.push({ ...base, status: 'mismatch', answer: said, reported });
    } else if (field === 'visitDate') {
      const reported = report.visitDate ?? null;
      const said = isAnswered(value) && typeof value === 'string' ? value : null;
      const apart = said && reported ? daysApart(said, reported) : null;
      if (!said) entries.push({ ...base, status: 'unanswered', answer: null, reported });
      else if (!reported || apart === null) entries.push({ ...base, status: 'noReport', answer: said, reported });
      else if (apart <= (q.compare.toleranceDays ?? 0)) entries.push({ ...base, status: 'match', answer: said, reported, points: q.compare.points });
      else entries.push({ ...base, status: 'mismatch', answer: said, reported });
    } else {
      const said = isAnswered(value) ? String(value) : null;
      entries.push({ ...base, status: said ? 'review' : 'unanswered', answer: said, reported: report.purpose ?? null });
    }
  }
  return entries;
}

export function scoreAnswers(def: ScriptDefinition, answers: Answers, options: { report: VisitContext; threshold: number }): ScoreResult {
  const path = computePath(def, answers);
  const byId = new Map(def.questions.map((q) => [q.id, q]));
  const points: Record<string, number> = {};
  const knockOuts: string[] = [];
  for (const id of path.questionIds) {
    const q = byId.get(id)!;
    const value = answers[id];
    if (!isAnswered(value)) continue;
    const chosen = isSingleChoice(q.type) ? q.options.filter((o) => o.id === String(value)) : q.type === 'multiple' && Array.isArray(value) ? q.options.filter((o) => value.includes(o.id)) : [];
    points[id] = chosen.reduce((sum, o) => sum + o.points, 0);
    if (chosen.some((o) => o.knockOut)) knockOuts.push(id);
  }
  const comparison = compareWithReport(def, answers, options.report);
  for (const entry of comparison) if (entry.points > 0) points[entry.questionId] = (points[entry.questionId] ?? 0) + entry.points;
  const total = Object.values(points).reduce((a, b) => a + b, 0);
  const score = Math.max(0, Math.min(MAX_SCORE, total));
  const knockedOut = knockOuts[0] ?? null;
  return {
    score,
    maxScore: MAX_SCORE,
    knockedOut,
    knockOuts,
    result: knockedOut === null && score >= options.threshold ? 'valid' : 'invalid',
    outcome: path.outcome,
    points,
    comparison,
  };
}
