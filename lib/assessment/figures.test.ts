import { describe, expect, it } from 'vitest';
import { diffAssessments, totalFigures, type AssessmentFigures } from './figures';

const figures = (over: Partial<AssessmentFigures> = {}): AssessmentFigures => ({
  claimedCustomers: 4,
  required: 6,
  done: 6,
  coverageRate: 1,
  coverageFailed: 0,
  visits: 5,
  late: 1,
  onTimeRate: 0.8,
  sampled: 4,
  valid: 2,
  invalid: 1,
  unverified: 2,
  pending: 0,
  validRate: 0.6667,
  points: 18,
  ...over,
});
const a = (managerId: string, over: Partial<AssessmentFigures> = {}, score = 82.7, grade = 'good' as const) => ({ managerId, figures: figures(over), score, grade });

describe('changes between two closes', () => {
  it('lists nothing when nothing changed', () => {
    expect(diffAssessments([a('m1'), a('m2')], [a('m2'), a('m1')])).toEqual([]);
  });
  it('lists each changed figure with its old and new value, then score and grade', () => {
    expect(diffAssessments([a('m1')], [a('m1', { valid: 3, invalid: 0, validRate: 1, points: 26 }, 96, 'excellent' as never)])).toEqual([
      { managerId: 'm1', figure: 'valid', old: 2, new: 3 },
      { managerId: 'm1', figure: 'invalid', old: 1, new: 0 },
      { managerId: 'm1', figure: 'validRate', old: 0.6667, new: 1 },
      { managerId: 'm1', figure: 'points', old: 18, new: 26 },
      { managerId: 'm1', figure: 'score', old: 82.7, new: 96 },
      { managerId: 'm1', figure: 'grade', old: 'good', new: 'excellent' },
    ]);
  });
  it('shows a manager who joined or left the assessment', () => {
    expect(diffAssessments([a('gone')], [a('new')])).toEqual([
      { managerId: 'new', figure: 'assessed', old: false, new: true },
      { managerId: 'gone', figure: 'assessed', old: true, new: false },
    ]);
  });
});

describe('totals', () => {
  it('sums figures and recomputes rates from the sums (not an average of rates)', () => {
    const t = totalFigures([
      { figures: figures({ required: 6, done: 6, valid: 2, invalid: 1, visits: 5, late: 1 }), score: 82.7 },
      { figures: figures({ required: 3, done: 1, valid: 0, invalid: 3, visits: 5, late: 0 }), score: 33.3 },
    ]);
    expect(t).toMatchObject({ managers: 2, required: 9, done: 7, coverageRate: 0.7778, valid: 2, invalid: 4, validRate: 0.3333, visits: 10, late: 1, onTimeRate: 0.9, averageScore: 58 });
  });
  it('of nobody', () => {
    expect(totalFigures([])).toMatchObject({ managers: 0, coverageRate: 1, validRate: 1, onTimeRate: 1, averageScore: 0 });
  });
});
