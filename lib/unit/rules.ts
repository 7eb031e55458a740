/**
 * Pure rules of the supervisor's unit view (本单位考核): how a manager's coverage reads for the
 * month, the valid rate of what has been judged, and the unit's totals. No I/O.
 */

/** met: nothing missing; short: requirements still open while the month runs; failed: the month is over and some were not met (DOMAIN rule 7). */
export type CoverageState = 'met' | 'short' | 'failed';

export function coverageState(c: { required: number; done: number; monthOver: boolean }): CoverageState {
  if (c.done >= c.required) return 'met';
  return c.monthOver ? 'failed' : 'short';
}

/** valid / (valid + invalid); null while nothing has been judged (unverified and pending do not count). */
export function validRate(c: { valid: number; invalid: number }): number | null {
  const judged = c.valid + c.invalid;
  return judged === 0 ? null : c.valid / judged;
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

export interface UnitTotals extends Omit<ManagerFigures, 'coverage'> {
  managers: number;
  /** Managers whose coverage failed (the month over) or is still short (the month running). */
  coverageShort: number;
  coverageRate: number;
  validRate: number | null;
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
  return { ...totals, coverageRate: totals.required === 0 ? 1 : totals.done / totals.required, validRate: validRate(totals) };
}
