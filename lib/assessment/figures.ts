import type { Requirement } from '@/lib/coverage/rules';
import type { Grade } from './grade';

/**
 * A manager's month in numbers, as a close freezes them (month_assessments.figures). Rates are
 * fractions rounded to 4 decimals so two closes of an unchanged month store equal numbers.
 */
export interface AssessmentFigures {
  /** Customers that count for the manager this month (claimed at least the minimum days). */
  claimedCustomers: number;
  /** Visits required by the coverage rules, and how many of those requirements were met. */
  required: number;
  done: number;
  coverageRate: number;
  /** 1 when coverage fell short (DOMAIN rule 7: the month's points are 0). */
  coverageFailed: number;
  /** Reports of the month, and those filed late (the on-time rate's measure). */
  visits: number;
  late: number;
  onTimeRate: number;
  /** Visits sampled for a callback, and the verdicts in force. */
  sampled: number;
  valid: number;
  invalid: number;
  unverified: number;
  pending: number;
  /** valid / (valid + invalid); 1 when nothing was judged. */
  validRate: number;
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

export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export interface ManagerAssessment {
  managerId: string;
  unitId: string | null;
  figures: AssessmentFigures;
  gaps: { customerId: string; requirement: Requirement }[];
  score: number;
  grade: Grade;
}

export interface FigureChange {
  managerId: string;
  figure: string;
  old: unknown;
  new: unknown;
}

/**
 * What changed between two closes of a month, manager by manager and figure by figure (pure).
 * A manager assessed in only one of them shows as the figure 'assessed'.
 */
export function diffAssessments(
  previous: readonly Pick<ManagerAssessment, 'managerId' | 'figures' | 'score' | 'grade'>[],
  next: readonly Pick<ManagerAssessment, 'managerId' | 'figures' | 'score' | 'grade'>[],
): FigureChange[] {
  const before = new Map(previous.map((a) => [a.managerId, a]));
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

/** Sums of a set of managers' figures, with the rates recomputed from the sums. */
export function totalFigures(all: readonly { figures: AssessmentFigures; score: number }[]): Record<string, number> {
  const t: Record<string, number> = { managers: all.length };
  for (const key of ['claimedCustomers', 'required', 'done', 'coverageFailed', 'visits', 'late', 'sampled', 'valid', 'invalid', 'unverified', 'pending', 'points'] as const) {
    t[key] = all.reduce((n, a) => n + a.figures[key], 0);
  }
  t.coverageRate = round4(t.required === 0 ? 1 : t.done / t.required);
  t.onTimeRate = round4(t.visits === 0 ? 1 : (t.visits - t.late) / t.visits);
  t.validRate = round4(t.valid + t.invalid === 0 ? 1 : t.valid / (t.valid + t.invalid));
  t.averageScore = all.length === 0 ? 0 : Math.round((all.reduce((n, a) => n + a.score, 0) / all.length) * 10) / 10;
  return t;
}
