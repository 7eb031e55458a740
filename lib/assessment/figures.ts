import type { Requirement } from '@/lib/coverage/rules';
import { readGrade, readScore, type Grade } from './grade';
import { ratesOf, round4, storedRate, unmeasuredOf, type RateCounts } from './rates';

export { round4 };

/**
 * A manager's month in numbers, as a close freezes them (month_assessments.figures). Rates are
 * fractions rounded to 4 decimals so two closes of an unchanged month store equal numbers, and
 * null when not measured (rates.ts); why is read from the counts beside them (unmeasuredOf).
 */
export interface AssessmentFigures {
  /** Customers that count for the manager this month (claimed at least the minimum days). */
  claimedCustomers: number;
  /** Visits required by the coverage rules, and how many of those requirements were met. */
  required: number;
  done: number;
  coverageRate: number | null;
  /** 1 when coverage fell short (DOMAIN rule 7: the month's points are 0). */
  coverageFailed: number;
  /** Reports of the month, and those filed late (the on-time rate's measure). */
  visits: number;
  late: number;
  onTimeRate: number | null;
  /** Visits sampled for a callback, and the verdicts in force. */
  sampled: number;
  valid: number;
  invalid: number;
  unverified: number;
  pending: number;
  /** valid / (valid + invalid); null when nothing was judged (not measured). */
  validRate: number | null;
  /** The month's maintenance points: the ledger's balance for the month. */
  points: number;
}

export const FIGURE_KEYS: (keyof AssessmentFigures)[] = [
  'claimedCustomers',
  'required',
  'done',
  'coverageRate',
  'coverageFailed',
  'visits',
  'late',
  'onTimeRate',
  'sampled',
  'valid',
  'invalid',
  'unverified',
  'pending',
  'validRate',
  'points',
];

/** The three rates of a set of counts, as a close stores them. */
export function storedRates(c: RateCounts): Pick<AssessmentFigures, 'coverageRate' | 'validRate' | 'onTimeRate'> {
  const r = ratesOf(c);
  return { coverageRate: storedRate(r.coverageRate), validRate: storedRate(r.validRate), onTimeRate: storedRate(r.onTimeRate) };
}

/**
 * Stored figures as everything shows them: the rates re-read from the counts through the one
 * rule (a close made before the rule stored 1 for "nothing judged"; it reads as not measured).
 */
export function readFigures(stored: AssessmentFigures): AssessmentFigures {
  return { ...stored, ...storedRates(stored) };
}

export interface ManagerAssessment {
  managerId: string;
  unitId: string | null;
  figures: AssessmentFigures;
  gaps: { customerId: string; requirement: Requirement }[];
  /** null: no part of the score was measured (样本不足), and so no grade. */
  score: number | null;
  grade: Grade | null;
}

export interface FigureChange {
  managerId: string;
  figure: string;
  old: unknown;
  new: unknown;
}

/** An assessment as stored (score null / grade NO_GRADE for "none") or as computed. */
type Comparable = { managerId: string; figures: AssessmentFigures; score: number | string | null; grade: string | null };

/** Figures, score and grade as every reader sees them: rates through the rule, "none" as null. */
function comparable(a: Comparable) {
  return { managerId: a.managerId, figures: readFigures(a.figures), score: readScore(a.score), grade: readGrade(a.grade) };
}

/**
 * What changed between two closes of a month, manager by manager and figure by figure (pure).
 * A manager assessed in only one of them shows as the figure 'assessed'. Either side may be read
 * straight from month_assessments: both are compared as they read (readFigures, readScore, readGrade).
 */
export function diffAssessments(previous: readonly Comparable[], following: readonly Comparable[]): FigureChange[] {
  const before = new Map(previous.map((a) => [a.managerId, comparable(a)]));
  const next = following.map(comparable);
  const changes: FigureChange[] = [];
  for (const a of [...next].sort((x, y) => x.managerId.localeCompare(y.managerId))) {
    const old = before.get(a.managerId);
    before.delete(a.managerId);
    if (!old) {
      changes.push({ managerId: a.managerId, figure: 'assessed', old: false, new: true });
      continue;
    }
    for (const key of FIGURE_KEYS) {
      const o = (old.figures as unknown as Record<string, number | undefined>)[key] ?? null;
      const n = a.figures[key];
      if (o !== n) changes.push({ managerId: a.managerId, figure: key, old: o, new: n });
    }
    if (old.score !== a.score) changes.push({ managerId: a.managerId, figure: 'score', old: old.score, new: a.score });
    if (old.grade !== a.grade) changes.push({ managerId: a.managerId, figure: 'grade', old: old.grade, new: a.grade });
  }
  for (const id of [...before.keys()].sort()) changes.push({ managerId: id, figure: 'assessed', old: true, new: false });
  return changes;
}

export type Totals = Record<string, number | null>;

/**
 * Sums of a set of managers' figures, with the rates recomputed from the sums (null when not
 * measured); the average score of the managers who have one (null when none has), and how many
 * have none (样本不足).
 */
export function totalFigures(all: readonly { figures: AssessmentFigures; score: number | null }[]): Totals {
  const sums: Record<string, number> = { managers: all.length };
  for (const key of ['claimedCustomers', 'required', 'done', 'coverageFailed', 'visits', 'late', 'sampled', 'valid', 'invalid', 'unverified', 'pending', 'points'] as const) {
    sums[key] = all.reduce((n, a) => n + a.figures[key], 0);
  }
  const counts = sums as unknown as RateCounts;
  const scored = all.filter((a) => a.score !== null).map((a) => a.score as number);
  return {
    ...sums,
    ...storedRates(counts),
    averageScore: scored.length === 0 ? null : Math.round((scored.reduce((n, s) => n + s, 0) / scored.length) * 10) / 10,
    unscored: all.length - scored.length,
  };
}

/** The reasons of the rates a set of totals did not measure (for JSON beside the null rates). */
export function unmeasuredOfTotals(t: Totals) {
  const n = (k: string) => Number(t[k] ?? 0);
  return unmeasuredOf({ required: n('required'), done: n('done'), valid: n('valid'), invalid: n('invalid'), visits: n('visits'), late: n('late') });
}
