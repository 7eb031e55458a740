import { describe, expect, it } from 'vitest';
import type { AssessmentFigures } from './figures';
import type { Grade } from './grade';
import { compareOutcomes, flagCounts, flaggedVisits, sideOf, type ManagerOutcome } from './preview-rules';

const figures = (f: Partial<AssessmentFigures>): AssessmentFigures => ({
  claimedCustomers: 0,
  required: 0,
  done: 0,
  coverageRate: null,
  coverageFailed: 0,
  visits: 0,
  late: 0,
  onTimeRate: null,
  sampled: 0,
  valid: 0,
  invalid: 0,
  unverified: 0,
  pending: 0,
  validRate: null,
  points: 0,
  ...f,
});
const m = (managerId: string, unitId: string | null, points: number, score: number | null, grade: Grade | null, f: Partial<AssessmentFigures> = {}): ManagerOutcome => ({
  managerId,
  unitId,
  figures: figures({ points, ...f }),
  score,
  grade,
});

describe('one side of the preview', () => {
  it.each([
    {
      name: 'nobody: nothing measured, never NaN or 100 %',
      managers: [],
      side: { managers: 0, points: 0, valid: 0, invalid: 0, validRate: null, coverageFailed: 0, averageScore: null },
    },
    {
      name: 'no verdict and no score: rate and average not measured',
      managers: [m('a', 'u', 10, null, null)],
      side: { managers: 1, points: 10, validRate: null, averageScore: null, grades: { excellent: 0, good: 0, fair: 0, poor: 0, seriously_below: 0, none: 1 } },
    },
    {
      name: 'sums, the valid rate of the sums and the average of the scored',
      managers: [m('a', 'u', 10, 90, 'excellent', { valid: 3, invalid: 1 }), m('b', 'u', 5, 61, 'poor', { valid: 0, invalid: 0, coverageFailed: 1 }), m('c', 'u', 0, null, null)],
      side: { managers: 3, points: 15, valid: 3, invalid: 1, validRate: 0.75, coverageFailed: 1, averageScore: 75.5, grades: { excellent: 1, good: 0, fair: 0, poor: 1, seriously_below: 0, none: 1 } },
    },
  ])('$name', ({ managers, side }) => {
    expect(sideOf(managers)).toMatchObject(side);
  });
});

describe('comparing the close with the preview', () => {
  it('sums per unit and in total, listing only managers whose points, score or grade change', () => {
    const closed = [m('a', 'u1', 10, 85, 'good'), m('b', 'u1', 8, 70, 'fair'), m('c', 'u2', 0, null, null)];
    const preview = [m('a', 'u1', 12, 85, 'good'), m('b', 'u1', 8, 70, 'fair'), m('c', 'u2', 0, null, null)];
    const effect = compareOutcomes(closed, preview);
    expect(effect.units.map((u) => [u.unitId, u.closed.points, u.preview.points])).toEqual([
      ['u1', 18, 20],
      ['u2', 0, 0],
    ]);
    expect(effect.totals.preview.points - effect.totals.closed.points).toBe(2);
    expect(effect.changes).toEqual([{ managerId: 'a', unitId: 'u1', closed: { points: 10, score: 85, grade: 'good' }, preview: { points: 12, score: 85, grade: 'good' } }]);
  });

  it('counts a manager in the unit of the close, and one assessed on one side only as a change', () => {
    // 'a' has moved to u2 since the close; 'b' is no longer assessed; 'n' is assessed only under the new rules.
    const closed = [m('a', 'u1', 10, 85, 'good'), m('b', 'u1', 3, null, null)];
    const preview = [m('a', 'u2', 10, 85, 'good'), m('n', 'u3', 5, null, null)];
    const effect = compareOutcomes(closed, preview);
    expect(effect.units.map((u) => [u.unitId, u.closed.managers, u.preview.managers])).toEqual([
      ['u1', 2, 1],
      ['u3', 0, 1],
    ]);
    expect(effect.changes.map((c) => [c.managerId, c.closed?.points ?? null, c.preview?.points ?? null])).toEqual([
      ['b', 3, null],
      ['n', null, 5],
    ]);
  });

  it('has no changes and equal sides when nothing changes', () => {
    const same = [m('a', 'u1', 10, 85, 'good')];
    const effect = compareOutcomes(same, same);
    expect(effect.changes).toEqual([]);
    expect(effect.totals.preview).toEqual(effect.totals.closed);
  });
});

describe('data-check flags side by side', () => {
  it('counts visits per check, both sides, only checks flagged on either', () => {
    const finding = (code: 'check_in_distance' | 'odd_hours' | 'late_report') => ({ code, severity: 'flag' as const, params: {} });
    const current = flaggedVisits({
      upserted: [
        { visitId: 'v1', finding: finding('check_in_distance') },
        { visitId: 'v2', finding: finding('check_in_distance') },
        { visitId: 'v2', finding: finding('odd_hours') },
      ],
    });
    const preview = flaggedVisits({ upserted: [{ visitId: 'v2', finding: finding('odd_hours') }] });
    expect(flagCounts(['late_report', 'check_in_distance', 'odd_hours'], current, preview)).toEqual([
      { code: 'check_in_distance', current: 2, preview: 0 },
      { code: 'odd_hours', current: 1, preview: 1 },
    ]);
  });
});
