import { ratesOf, unmeasuredOf, type RateFigure, type UnmeasuredReason } from '@/lib/assessment/rates';

/**
 * Pure rules of the supervisor's unit view (本单位考核): how a manager's coverage reads for the
 * month, its rates (through the assessment's one rate rule: not measured when nothing was there
 * to measure), and the unit's totals. No I/O.
 */

/** met: nothing missing; short: requirements still open while the month runs; failed: the month is over and some were not met (DOMAIN rule 7). */
export type CoverageState = 'met' | 'short' | 'failed';

export function coverageState(c: { required: number; done: number; monthOver: boolean }): CoverageState {
  if (c.done >= c.required) return 'met';
  return c.monthOver ? 'failed' : 'short';
}

export interface UnitRates {
  /** null: not measured, its reason in `unmeasured` (lib/assessment/rates.ts). */
  coverageRate: number | null;
  validRate: number | null;
  onTimeRate: number | null;
  unmeasured: Partial<Record<RateFigure, UnmeasuredReason>>;
}

/** A manager's or a unit's three rates from their counts. */
export function unitRates(c: { required: number; done: number; valid: number; invalid: number; visits: number; late: number }): UnitRates {
  const r = ratesOf(c);
  return { coverageRate: r.coverageRate.value, validRate: r.validRate.value, onTimeRate: r.onTimeRate.value, unmeasured: unmeasuredOf(c) };
}

export interface ManagerFigures {
  required: number;
  done: number;
  visits: number;
  late: number;
  valid: number;
  invalid: number;
  unverified: number;
  pending: number;
  points: number;
  openDisputes: number;
  overdueDisputes: number;
  coverage: CoverageState;
}

export interface UnitTotals extends Omit<ManagerFigures, 'coverage'>, UnitRates {
  managers: number;
  /** Managers whose coverage failed (the month over) or is still short (the month running). */
  coverageShort: number;
}

/** The unit's totals: sums, with the rates recomputed from the sums (not averaged). */
export function unitTotals(rows: readonly ManagerFigures[]): UnitTotals {
  const sum = (k: keyof Omit<ManagerFigures, 'coverage'>) => rows.reduce((n, r) => n + r[k], 0);
  const totals = {
    managers: rows.length,
    required: sum('required'),
    done: sum('done'),
    visits: sum('visits'),
    late: sum('late'),
    valid: sum('valid'),
    invalid: sum('invalid'),
    unverified: sum('unverified'),
    pending: sum('pending'),
    points: sum('points'),
    openDisputes: sum('openDisputes'),
    overdueDisputes: sum('overdueDisputes'),
    coverageShort: rows.filter((r) => r.coverage !== 'met').length,
  };
  return { ...totals, ...unitRates(totals) };
}

/** What the pace table sorts by: name, pace gap, valid rate, points. */
export const PACE_SORTS = ['gap', 'name', 'validRate', 'points'] as const;
export type PaceSort = (typeof PACE_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

export interface PaceSortable {
  displayName: string;
  username: string;
  gap: number | null;
  validRate: number | null;
  points: number;
}

/**
 * The pace table's order. Ascending puts the worst first for every figure (the furthest behind,
 * the lowest valid rate, the fewest points); a figure not measured (null) comes last whichever
 * way, and ties go by name.
 */
export function sortPaceRows<T extends PaceSortable>(list: readonly T[], sort: PaceSort = 'gap', direction: SortDirection = 'asc'): T[] {
  const byName = (a: T, b: T) => a.displayName.localeCompare(b.displayName, 'zh-CN') || a.username.localeCompare(b.username);
  const sign = direction === 'asc' ? 1 : -1;
  const figure = (r: T): number | null => (sort === 'gap' ? r.gap : sort === 'validRate' ? r.validRate : sort === 'points' ? r.points : null);
  return [...list].sort((a, b) => {
    if (sort === 'name') return sign * byName(a, b);
    const x = figure(a);
    const y = figure(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  });
}
