import { describe, expect, it } from 'vitest';
import { coverageState, sortPaceRows, unitRates, unitTotals, type ManagerFigures, type PaceSortable } from './rules';

describe('coverageState', () => {
  it.each([
    [{ required: 3, done: 3, monthOver: false }, 'met'],
    [{ required: 3, done: 3, monthOver: true }, 'met'],
    [{ required: 0, done: 0, monthOver: true }, 'met'],
    [{ required: 3, done: 1, monthOver: false }, 'short'],
    [{ required: 3, done: 1, monthOver: true }, 'failed'],
    [{ required: 1, done: 0, monthOver: true }, 'failed'],
  ] as const)('%j → %s', (input, expected) => {
    expect(coverageState(input)).toBe(expected);
  });
});

describe('unitRates (the assessment\'s one rate rule)', () => {
  const counts = { required: 3, done: 3, visits: 4, late: 1 };
  it.each([
    [{ valid: 2, invalid: 1 }, 2 / 3],
    [{ valid: 0, invalid: 3 }, 0],
    [{ valid: 4, invalid: 0 }, 1],
    [{ valid: 0, invalid: 0 }, null],
  ])('valid %j → %s', (input, expected) => {
    expect(unitRates({ ...counts, ...input }).validRate).toBe(expected);
  });

  it('a rate with nothing to measure is null with its reason, never 0 or 1', () => {
    expect(unitRates({ required: 0, done: 0, valid: 0, invalid: 0, visits: 0, late: 0 })).toEqual({
      coverageRate: null,
      validRate: null,
      onTimeRate: null,
      unmeasured: { coverageRate: 'noRequiredVisits', validRate: 'noJudgedVisits', onTimeRate: 'noVisits' },
    });
    expect(unitRates({ required: 4, done: 1, valid: 0, invalid: 0, visits: 2, late: 0 })).toEqual({
      coverageRate: 0.25,
      validRate: null,
      onTimeRate: 1,
      unmeasured: { validRate: 'noJudgedVisits' },
    });
  });
});

describe('unitTotals', () => {
  const row = (o: Partial<ManagerFigures>): ManagerFigures => ({
    required: 0,
    done: 0,
    visits: 0,
    late: 0,
    valid: 0,
    invalid: 0,
    unverified: 0,
    pending: 0,
    points: 0,
    openDisputes: 0,
    overdueDisputes: 0,
    coverage: 'met',
    ...o,
  });

  it('sums the figures and recomputes the rates from the sums', () => {
    const totals = unitTotals([
      row({ required: 6, done: 6, visits: 5, late: 1, valid: 2, invalid: 1, unverified: 2, points: 18, openDisputes: 1 }),
      row({ required: 3, done: 1, visits: 5, valid: 0, invalid: 3, unverified: 1, pending: 1, points: 0, openDisputes: 2, overdueDisputes: 1, coverage: 'failed' }),
    ]);
    expect(totals).toEqual({
      managers: 2,
      required: 9,
      done: 7,
      visits: 10,
      late: 1,
      valid: 2,
      invalid: 4,
      unverified: 3,
      pending: 1,
      points: 18,
      openDisputes: 3,
      overdueDisputes: 1,
      coverageShort: 1,
      coverageRate: 7 / 9,
      validRate: 2 / 6,
      onTimeRate: 9 / 10,
      unmeasured: {},
    });
  });

  it('a unit with no managers: nothing required, nothing judged — nothing measured', () => {
    expect(unitTotals([])).toMatchObject({ managers: 0, coverageRate: null, validRate: null, onTimeRate: null, coverageShort: 0 });
    expect(unitTotals([]).unmeasured).toEqual({ coverageRate: 'noRequiredVisits', validRate: 'noJudgedVisits', onTimeRate: 'noVisits' });
  });

  it('counts short and failed coverage alike as not met', () => {
    expect(unitTotals([row({ coverage: 'short' }), row({ coverage: 'failed' }), row({})]).coverageShort).toBe(2);
  });
});

describe('sortPaceRows', () => {
  const r = (displayName: string, gap: number | null, validRate: number | null, points: number): PaceSortable => ({ displayName, username: displayName, gap, validRate, points });
  const rows = [r('丁', 0, 0.9, 10), r('甲', -3, null, 20), r('乙', null, 0.5, 0), r('丙', -1.5, 1, 5), r('戊', -3, 0.5, 8)];
  const names = (list: PaceSortable[]) => list.map((x) => x.displayName);

  it.each([
    // Worst first by default: furthest behind; not measured last; ties by name.
    [undefined, undefined, ['甲', '戊', '丙', '丁', '乙']],
    ['gap', 'desc', ['丁', '丙', '甲', '戊', '乙']],
    ['validRate', 'asc', ['戊', '乙', '丁', '丙', '甲']],
    ['validRate', 'desc', ['丙', '丁', '戊', '乙', '甲']],
    ['points', 'asc', ['乙', '丙', '戊', '丁', '甲']],
    ['points', 'desc', ['甲', '丁', '戊', '丙', '乙']],
    ['name', 'asc', names([...rows].sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN')))],
  ] as const)('by %s %s', (sort, direction, expected) => {
    expect(names(sortPaceRows(rows, sort, direction))).toEqual(expected);
  });

  it('name descending is name ascending reversed', () => {
    expect(names(sortPaceRows(rows, 'name', 'desc'))).toEqual(names(sortPaceRows(rows, 'name', 'asc')).reverse());
  });
});
