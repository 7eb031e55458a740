import { describe, expect, it } from 'vitest';
import { assessmentScore, gradeOf, rates, readGrade, readScore, scoreAndGrade, scoreOf } from './grade';
import { measureRate } from './rates';

const bands = { excellent: 90, good: 80, fair: 70, poor: 60 };
const weights = { coverage: 40, valid: 40, onTime: 20 };

describe('assessment score: the weighted mean of the measured parts', () => {
  it.each([
    ['perfect', { coverageRequired: 10, coverageDone: 10, valid: 5, invalid: 0, reports: 12, lateReports: 0 }, 100],
    ['half coverage', { coverageRequired: 10, coverageDone: 5, valid: 5, invalid: 0, reports: 10, lateReports: 0 }, 80],
    ['one invalid of four', { coverageRequired: 4, coverageDone: 4, valid: 3, invalid: 1, reports: 4, lateReports: 0 }, 90],
    ['all late', { coverageRequired: 4, coverageDone: 4, valid: 2, invalid: 0, reports: 4, lateReports: 4 }, 80],
    ['a third each', { coverageRequired: 3, coverageDone: 1, valid: 1, invalid: 2, reports: 3, lateReports: 2 }, 33.3],
    // Valid not measured (nothing judged): its 40 shared out over coverage 40 and on time 20 → 2/3 and 1/3.
    ['nothing judged, coverage failed', { coverageRequired: 6, coverageDone: 2, valid: 0, invalid: 0, reports: 4, lateReports: 1 }, 47.2],
    ['nothing judged, all else perfect', { coverageRequired: 6, coverageDone: 6, valid: 0, invalid: 0, reports: 4, lateReports: 0 }, 100],
    // Coverage failed with nothing done is measured: 0, not left out.
    ['nothing done, nothing judged', { coverageRequired: 6, coverageDone: 0, valid: 0, invalid: 0, reports: 2, lateReports: 0 }, 33.3],
    // Coverage not measured (no customer counted): valid and on time share 100 as 40 : 20.
    ['no customer counted', { coverageRequired: 0, coverageDone: 0, valid: 1, invalid: 1, reports: 2, lateReports: 0 }, 66.7],
    // Two unmeasured: the one measured part is the score.
    ['only on time measured', { coverageRequired: 0, coverageDone: 0, valid: 0, invalid: 0, reports: 4, lateReports: 1 }, 75],
    ['only coverage measured', { coverageRequired: 5, coverageDone: 4, valid: 0, invalid: 0, reports: 0, lateReports: 0 }, 80],
  ])('%s → %d', (_label, figures, score) => {
    expect(assessmentScore(figures, weights)).toBe(score);
  });

  it('nothing measured: no score and no grade (样本不足), never full marks', () => {
    const none = { coverageRequired: 0, coverageDone: 0, valid: 0, invalid: 0, reports: 0, lateReports: 0 };
    expect(assessmentScore(none, weights)).toBeNull();
    expect(scoreAndGrade(none, weights, bands)).toEqual({ score: null, grade: null });
  });

  it.each([
    // weights, rates (null = not measured), score, shares
    ['valid weighs 0 and is not measured: nothing changes', { coverage: 50, valid: 0, onTime: 50 }, [0.5, null, 1], 75, [0.5, null, 0.5]],
    ['valid weighs 0 but is measured: it counts for nothing', { coverage: 50, valid: 0, onTime: 50 }, [0.5, 0, 1], 75, [0.5, 0, 0.5]],
    ['the only weighted part is not measured: no score', { coverage: 0, valid: 100, onTime: 0 }, [1, null, 1], null, [null, null, null]],
    ['the only weighted part is measured', { coverage: 0, valid: 100, onTime: 0 }, [0.2, 0.9, 0.1], 90, [0, 1, 0]],
    ['one unmeasured of 40/40/20: shares 2/3 and 1/3', { coverage: 40, valid: 40, onTime: 20 }, [0.5, null, 1], 66.7, [2 / 3, null, 1 / 3]],
    ['two unmeasured: the last takes it all', { coverage: 40, valid: 40, onTime: 20 }, [null, null, 0.8], 80, [null, null, 1]],
  ] as const)('weights with zeros — %s', (_label, w, values, score, shares) => {
    const r = (v: number | null) => (v === null ? measureRate(0, 0, 'noJudgedVisits') : measureRate(v, 1, 'noJudgedVisits'));
    const got = scoreOf({ coverage: r(values[0]), valid: r(values[1]), onTime: r(values[2]) }, w);
    expect(got.score).toBe(score);
    const expected = { coverage: shares[0], valid: shares[1], onTime: shares[2] };
    for (const part of ['coverage', 'valid', 'onTime'] as const) {
      if (expected[part] === null) expect(got.shares[part]).toBeNull();
      else expect(got.shares[part]).toBeCloseTo(expected[part]!, 10);
    }
  });

  it('rates are fractions of what was measured, each unmeasured one with its reason', () => {
    expect(rates({ coverageRequired: 8, coverageDone: 6, valid: 3, invalid: 1, reports: 10, lateReports: 1 })).toEqual({
      coverage: { value: 0.75, reason: null },
      valid: { value: 0.75, reason: null },
      onTime: { value: 0.9, reason: null },
    });
    expect(rates({ coverageRequired: 0, coverageDone: 0, valid: 0, invalid: 0, reports: 0, lateReports: 0 })).toEqual({
      coverage: { value: null, reason: 'noRequiredVisits' },
      valid: { value: null, reason: 'noJudgedVisits' },
      onTime: { value: null, reason: 'noVisits' },
    });
  });

  it('a stored "no score" (null, or NaN from older closes) and "no grade" read back as null', () => {
    expect(readScore(null)).toBeNull();
    expect(readScore(Number.NaN)).toBeNull();
    expect(readScore('NaN')).toBeNull();
    expect(readScore(82.7)).toBe(82.7);
    expect(readGrade('insufficient_sample')).toBeNull();
    expect(readGrade('good')).toBe('good');
  });
});

describe('grades (优秀 ≥ 90, 良好 ≥ 80, 一般 ≥ 70, 较差 ≥ 60, 严重不达标 below)', () => {
  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89.9, 'good'],
    [80, 'good'],
    [79.9, 'fair'],
    [70, 'fair'],
    [60, 'poor'],
    [59.9, 'seriously_below'],
    [0, 'seriously_below'],
  ] as const)('%d → %s', (score, grade) => expect(gradeOf(score, bands)).toBe(grade));
});
