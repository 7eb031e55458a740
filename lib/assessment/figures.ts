import type { Requirement } from '@/lib/coverage/rules';
import { hasSpotChecks, spotCheckCountsOf, spotCheckRate, sumSpotCheckCounts, type SpotCheckCounts } from '@/lib/spot-checks/report-rules';
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

/**
 * A manager's spot checks of the month (拜访到位率) as a close freezes them beside the figures
 * above, read from spot_checks and penalty_ledger in the close's transaction. Stored only for a
 * manager with something to say (a checked or open day, or yuan on the ledger): absent keys — a
 * manager never checked, or a close made before spot checks — read as 0 days, 未测 (readFigures).
 */
export interface SpotCheckFigures {
  /** Checked days with a result, and how many were 到位 / 拜访不全 / 未拜访. */
  spotCheckDays: number;
  spotCheckOnSite: number;
  spotCheckIncomplete: number;
  spotCheckNone: number;
  /** 到位 days / checked days with a result; null when none (未测). */
  spotCheckRate: number | null;
  /** Checked customers found not visited. */
  spotCheckFindings: number;
  /** The month's penalty ledger balance in yuan. */
  spotCheckYuan: number;
  /** Checked days whose callbacks were not finished at the close. */
  spotCheckOpen: number;
}

export const SPOT_CHECK_FIGURE_KEYS: (keyof SpotCheckFigures)[] = [
  'spotCheckDays',
  'spotCheckOnSite',
  'spotCheckIncomplete',
  'spotCheckNone',
  'spotCheckRate',
  'spotCheckFindings',
  'spotCheckYuan',
  'spotCheckOpen',
];

/** Spot-check counts as a close stores them (the rate rounded like the others, null when not measured). */
export function spotCheckFigures(c: SpotCheckCounts): SpotCheckFigures {
  const r = spotCheckRate(c);
  return {
    spotCheckDays: c.days,
    spotCheckOnSite: c.onSite,
    spotCheckIncomplete: c.incomplete,
    spotCheckNone: c.none,
    spotCheckRate: r.value === null ? null : round4(r.value),
    spotCheckFindings: c.findings,
    spotCheckYuan: c.yuan,
    spotCheckOpen: c.open,
  };
}

/** The spot-check counts of stored or computed figures (absent keys: 0). */
export function spotCheckCountsOfFigures(f: Partial<SpotCheckFigures>): SpotCheckCounts {
  return spotCheckCountsOf({
    days: f.spotCheckDays,
    onSite: f.spotCheckOnSite,
    incomplete: f.spotCheckIncomplete,
    none: f.spotCheckNone,
    findings: f.spotCheckFindings,
    yuan: f.spotCheckYuan,
    open: f.spotCheckOpen,
  });
}

/** A manager's figures with their spot checks beside, when there is anything to store (see SpotCheckFigures). */
export function withSpotChecks<F extends AssessmentFigures>(figures: F, c: SpotCheckCounts | undefined): F & Partial<SpotCheckFigures> {
  return c && hasSpotChecks(c) ? { ...figures, ...spotCheckFigures(c) } : figures;
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

/** A close's figures: the assessment's, and the spot checks' when the manager had any. */
export type ClosedFigures = AssessmentFigures & Partial<SpotCheckFigures>;

/** The three rates of a set of counts, as a close stores them. */
export function storedRates(c: RateCounts): Pick<AssessmentFigures, 'coverageRate' | 'validRate' | 'onTimeRate'> {
  const r = ratesOf(c);
  return { coverageRate: storedRate(r.coverageRate), validRate: storedRate(r.validRate), onTimeRate: storedRate(r.onTimeRate) };
}

/**
 * Stored figures as everything shows them: the rates re-read from the counts through the one
 * rule (a close made before the rule stored 1 for "nothing judged"; it reads as not measured),
 * and the spot checks' always present (absent: 0 days, 未测).
 */
export function readFigures(stored: ClosedFigures): AssessmentFigures & SpotCheckFigures {
  return { ...stored, ...storedRates(stored), ...spotCheckFigures(spotCheckCountsOfFigures(stored)) };
}

export interface ManagerAssessment {
  managerId: string;
  unitId: string | null;
  figures: ClosedFigures;
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
type Comparable = { managerId: string; figures: ClosedFigures; score: number | string | null; grade: string | null };

/** One person's month in a close, as compared with another close's: figures, score and grade as they read. */
export interface DiffRow<F> {
  id: string;
  figures: F;
  score: number | string | null;
  grade: string | null;
}

/**
 * What changed between two closes of a month, person by person and figure by figure (pure): the
 * managers' assessment and the agents' both. Someone assessed in only one of them shows as the
 * figure 'assessed'. Score and grade are compared as they read (readScore, readGrade: a stored
 * null score and NO_GRADE are "none"); a figure missing from an older close reads as null.
 */
export function diffFigures<F>(previous: readonly DiffRow<F>[], following: readonly DiffRow<F>[], keys: readonly (keyof F & string)[]): { id: string; figure: string; old: unknown; new: unknown }[] {
  const read = (a: DiffRow<F>) => ({ id: a.id, figures: a.figures as unknown as Record<string, unknown>, score: readScore(a.score), grade: readGrade(a.grade) });
  const before = new Map(previous.map((a) => [a.id, read(a)]));
  const changes: { id: string; figure: string; old: unknown; new: unknown }[] = [];
  for (const a of following.map(read).sort((x, y) => x.id.localeCompare(y.id))) {
    const old = before.get(a.id);
    before.delete(a.id);
    if (!old) {
      changes.push({ id: a.id, figure: 'assessed', old: false, new: true });
      continue;
    }
    for (const key of keys) {
      const o = old.figures[key] ?? null;
      const n = a.figures[key] ?? null;
      if (o !== n) changes.push({ id: a.id, figure: key, old: o, new: n });
    }
    if (old.score !== a.score) changes.push({ id: a.id, figure: 'score', old: old.score, new: a.score });
    if (old.grade !== a.grade) changes.push({ id: a.id, figure: 'grade', old: old.grade, new: a.grade });
  }
  for (const id of [...before.keys()].sort()) changes.push({ id, figure: 'assessed', old: true, new: false });
  return changes;
}

/**
 * What changed between two closes of a month, manager by manager (diffFigures), the spot checks'
 * figures after the assessment's. Either side may be read straight from month_assessments: the
 * rates are re-read from the counts, and absent spot-check figures read as none (readFigures).
 */
export function diffAssessments(previous: readonly Comparable[], following: readonly Comparable[]): FigureChange[] {
  const rowOf = (a: Comparable): DiffRow<AssessmentFigures & SpotCheckFigures> => ({ id: a.managerId, figures: readFigures(a.figures), score: a.score, grade: a.grade });
  return diffFigures(previous.map(rowOf), following.map(rowOf), [...FIGURE_KEYS, ...SPOT_CHECK_FIGURE_KEYS]).map(({ id, ...c }) => ({ managerId: id, ...c }));
}

export type Totals = Record<string, number | null>;

/**
 * Sums of a set of managers' figures, with the rates recomputed from the sums (null when not
 * measured) — the spot checks' too; the average score of the managers who have one (null when
 * none has), and how many have none (样本不足).
 */
export function totalFigures(all: readonly { figures: ClosedFigures; score: number | null }[]): Totals {
  const sums: Record<string, number> = { managers: all.length };
  for (const key of ['claimedCustomers', 'required', 'done', 'coverageFailed', 'visits', 'late', 'sampled', 'valid', 'invalid', 'unverified', 'pending', 'points'] as const) {
    sums[key] = all.reduce((n, a) => n + a.figures[key], 0);
  }
  const counts = sums as unknown as RateCounts;
  const scored = all.filter((a) => a.score !== null).map((a) => a.score as number);
  const spot = spotCheckFigures(sumSpotCheckCounts(all.map((a) => spotCheckCountsOfFigures(a.figures))));
  return {
    ...sums,
    ...storedRates(counts),
    ...spot,
    averageScore: scored.length === 0 ? null : Math.round((scored.reduce((n, s) => n + s, 0) / scored.length) * 10) / 10,
    unscored: all.length - scored.length,
  };
}

/** The reasons of the rates a set of totals did not measure (for JSON beside the null rates). */
export function unmeasuredOfTotals(t: Totals) {
  const n = (k: string) => Number(t[k] ?? 0);
  return unmeasuredOf({ required: n('required'), done: n('done'), valid: n('valid'), invalid: n('invalid'), visits: n('visits'), late: n('late') });
}
