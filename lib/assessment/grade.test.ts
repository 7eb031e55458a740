import { describe, expect, it } from 'vitest';
import { assessmentScore, gradeOf, rates } from './grade';

const bands = { excellent: 90, good: 80, fair: 70, poor: 60 };
const weights = { coverage: 40, valid: 40, onTime: 20 };

describe('assessment score', () => {
  it.each([
    ['perfect', { coverageRequired: 10, coverageDone: 10, valid: 5, invalid: 0, reports: 12, lateReports: 0 }, 100],
    ['half coverage', { coverageRequired: 10, coverageDone: 5, valid: 5, invalid: 0, reports: 10, lateReports: 0 }, 80],
    ['one invalid of four', { coverageRequired: 4, coverageDone: 4, valid: 3, invalid: 1, reports: 4, lateReports: 0 }, 90],
    ['all late', { coverageRequired: 4, coverageDone: 4, valid: 2, invalid: 0, reports: 4, lateReports: 4 }, 80],
    ['nothing verified, nothing required', { coverageRequired: 0, coverageDone: 0, valid: 0, invalid: 0, reports: 0, lateReports: 0 }, 100],
    ['a third each', { coverageRequired: 3, coverageDone: 1, valid: 1, invalid: 2, reports: 3, lateReports: 2 }, 33.3],
  ])('%s → %d', (_label, figures, score) => {
    expect(assessmentScore(figures, weights)).toBe(score);
  });

  it('rates are fractions of what was measured', () => {
    expect(rates({ coverageRequired: 8, coverageDone: 6, valid: 3, invalid: 1, reports: 10, lateReports: 1 })).toEqual({ coverage: 0.75, valid: 0.75, onTime: 0.9 });
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
