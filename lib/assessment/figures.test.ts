import { describe, expect, it } from 'vitest';
import { diffAssessments, readFigures, totalFigures, unmeasuredOfTotals, withSpotChecks, type AssessmentFigures } from './figures';

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
  it('a rate that becomes measured, and a score and grade that appear, are changes from null', () => {
    expect(diffAssessments([a('m1', { valid: 0, invalid: 0, validRate: null }, 47.2, 'fair' as never)], [a('m1', { valid: 1, invalid: 0, validRate: 1 }, 64.8, 'poor' as never)])).toEqual([
      { managerId: 'm1', figure: 'valid', old: 0, new: 1 },
      { managerId: 'm1', figure: 'validRate', old: null, new: 1 },
      { managerId: 'm1', figure: 'score', old: 47.2, new: 64.8 },
      { managerId: 'm1', figure: 'grade', old: 'fair', new: 'poor' },
    ]);
    expect(diffAssessments([a('m1', {}, null as never, null as never)], [a('m1', {}, 82.7)])).toEqual([
      { managerId: 'm1', figure: 'score', old: null, new: 82.7 },
      { managerId: 'm1', figure: 'grade', old: null, new: 'good' },
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
  it('of nobody: no rate measured, no average score', () => {
    expect(totalFigures([])).toMatchObject({ managers: 0, coverageRate: null, validRate: null, onTimeRate: null, averageScore: null, unscored: 0 });
  });
  it('a manager without a score (样本不足) takes no part in the average, and is counted apart', () => {
    const t = totalFigures([
      { figures: figures({ valid: 0, invalid: 0, validRate: null }), score: 80 },
      { figures: figures({ required: 0, done: 0, coverageRate: null, visits: 0, late: 0, onTimeRate: null, valid: 0, invalid: 0, validRate: null }), score: null },
    ]);
    expect(t).toMatchObject({ managers: 2, averageScore: 80, unscored: 1, validRate: null, valid: 0, invalid: 0 });
    expect(unmeasuredOfTotals(t)).toEqual({ validRate: 'noJudgedVisits' });
  });
  it('stored figures read back through the rate rule: a close that stored 1 for "nothing judged" reads as not measured', () => {
    expect(readFigures(figures({ valid: 0, invalid: 0, validRate: 1 })).validRate).toBeNull();
    expect(readFigures(figures()).validRate).toBe(0.6667);
  });
});

describe('spot checks (拜访到位率) beside the figures', () => {
  const spot = { days: 4, onSite: 3, incomplete: 1, none: 0, findings: 1, yuan: 50, open: 1 };
  it('are stored only for a manager with something to say, and read as none otherwise', () => {
    expect(withSpotChecks(figures(), { days: 0, onSite: 0, incomplete: 0, none: 0, findings: 0, yuan: 0, open: 0 })).toEqual(figures());
    expect(withSpotChecks(figures(), undefined)).toEqual(figures());
    expect(withSpotChecks(figures(), spot)).toEqual({
      ...figures(),
      spotCheckDays: 4,
      spotCheckOnSite: 3,
      spotCheckIncomplete: 1,
      spotCheckNone: 0,
      spotCheckRate: 0.75,
      spotCheckFindings: 1,
      spotCheckYuan: 50,
      spotCheckOpen: 1,
    });
    // Only open days: something to say, but the rate is not measured (未测), never 0 % or 100 %.
    expect(withSpotChecks(figures(), { ...spot, days: 0, onSite: 0, incomplete: 0, findings: 0, yuan: 0 }).spotCheckRate).toBeNull();
    expect(readFigures(figures())).toMatchObject({ spotCheckDays: 0, spotCheckRate: null, spotCheckYuan: 0 });
  });
  it('a change between closes is listed, and absent reads as none (no change from a close made before spot checks)', () => {
    const before = { managerId: 'm1', figures: figures(), score: 82.7, grade: 'good' };
    const after = { ...before, figures: withSpotChecks(figures(), spot) };
    expect(diffAssessments([before], [before])).toEqual([]);
    expect(diffAssessments([before], [after])).toEqual([
      { managerId: 'm1', figure: 'spotCheckDays', old: 0, new: 4 },
      { managerId: 'm1', figure: 'spotCheckOnSite', old: 0, new: 3 },
      { managerId: 'm1', figure: 'spotCheckIncomplete', old: 0, new: 1 },
      { managerId: 'm1', figure: 'spotCheckRate', old: null, new: 0.75 },
      { managerId: 'm1', figure: 'spotCheckFindings', old: 0, new: 1 },
      { managerId: 'm1', figure: 'spotCheckYuan', old: 0, new: 50 },
      { managerId: 'm1', figure: 'spotCheckOpen', old: 0, new: 1 },
    ]);
  });
  it('totals sum the days and recompute the rate from the sums', () => {
    const t = totalFigures([
      { figures: withSpotChecks(figures(), spot), score: 80 },
      { figures: withSpotChecks(figures(), { days: 1, onSite: 0, incomplete: 0, none: 1, findings: 5, yuan: 100, open: 0 }), score: 70 },
      { figures: figures(), score: 60 },
    ]);
    expect(t).toMatchObject({ spotCheckDays: 5, spotCheckOnSite: 3, spotCheckNone: 1, spotCheckRate: 0.6, spotCheckFindings: 6, spotCheckYuan: 150, spotCheckOpen: 1 });
    expect(totalFigures([{ figures: figures(), score: 60 }])).toMatchObject({ spotCheckDays: 0, spotCheckRate: null });
  });
});
