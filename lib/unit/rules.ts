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
