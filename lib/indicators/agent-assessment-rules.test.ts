import { describe, expect, it } from 'vitest';
import { agentParts, assessAgentMonth, averageScore, pooledCounts, type AgentMonthCounts } from './agent-assessment-rules';

const policy = { weights: { callbackRate: 40, quality: 30, timeliness: 30 }, gradeBands: { excellent: 90, good: 80, fair: 70, poor: 60 }, minFinished: 5 };
const none: AgentMonthCounts = { worked: 0, closed: 0, unreachable: 0, verdictBearing: 0, overturnedOnCall: 0, recheckCompared: 0, recheckDisagreeing: 0, withinDeadline: 0, finishedLate: 0 };
const counts = (c: Partial<AgentMonthCounts>): AgentMonthCounts => ({ ...none, ...c });

describe('an agent’s month: 回访率 40, 质量 30, 及时性 30 of the parts measured', () => {
  it.each([
    ['perfect', counts({ worked: 10, closed: 8, unreachable: 2, verdictBearing: 6, withinDeadline: 10 }), 100, 'excellent'],
    // 8/10 = 0.8; quality 1 − 1/6 = 0.8333; timeliness 6/8 = 0.75 → 32 + 25 + 22.5
    ['errors and lateness', counts({ worked: 10, closed: 8, verdictBearing: 5, overturnedOnCall: 1, recheckCompared: 1, withinDeadline: 6, finishedLate: 2 }), 79.5, 'fair'],
    // Quality not measured (no verdict-bearing callback, no re-callback): its 30 shared out over 40 : 30 → (40 + 25) / 70.
    ['quality not measured', counts({ worked: 6, closed: 3, unreachable: 3, withinDeadline: 5, finishedLate: 1 }), 92.9, 'excellent'],
    // A re-callback disagreeing counts as an error like an overturned dispute: 1 − 2/4.
    ['re-callbacks disagree', counts({ worked: 10, closed: 5, verdictBearing: 2, recheckCompared: 2, recheckDisagreeing: 1, overturnedOnCall: 1, withinDeadline: 3, finishedLate: 2 }), 53, 'seriously_below'],
    ['just good', counts({ worked: 5, closed: 5, verdictBearing: 5, overturnedOnCall: 1, withinDeadline: 5 }), 94, 'excellent'],
    // Exactly the minimum is enough.
    ['the minimum finished', counts({ worked: 5, closed: 5, verdictBearing: 5, withinDeadline: 3, finishedLate: 2 }), 88, 'good'],
  ] as const)('%s → %d %s', (_label, c, score, grade) => {
    const got = assessAgentMonth(c, policy);
    expect(got.score).toBe(score);
    expect(got.grade).toBe(grade);
    expect(got.belowMinimum).toBe(false);
  });

  it('fewer finished than the minimum: no score, no grade (样本不足), the parts still shown', () => {
    const got = assessAgentMonth(counts({ worked: 6, closed: 4, verdictBearing: 4, withinDeadline: 4 }), policy);
    expect(got).toMatchObject({ finished: 4, belowMinimum: true, score: null, grade: null });
    expect(got.parts.callbackRate).toEqual({ numerator: 4, denominator: 6, value: 4 / 6 });
    expect(got.parts.quality.value).toBe(1);
  });

  it('nothing measured: no score even with no minimum, never full marks', () => {
    const got = assessAgentMonth(none, { ...policy, minFinished: 0 });
    expect(got).toMatchObject({ score: null, grade: null, belowMinimum: false });
    expect(got.parts.callbackRate.value).toBeNull();
    expect(got.parts.quality.value).toBeNull();
    expect(got.parts.timeliness.value).toBeNull();
    expect(got.shares).toEqual({ callbackRate: null, quality: null, timeliness: null });
  });

  it.each([
    // weights, score
    ['quality weighs 0 but is measured: it counts for nothing', { callbackRate: 50, quality: 0, timeliness: 50 }, 70],
    ['only 回访率 weighs', { callbackRate: 100, quality: 0, timeliness: 0 }, 80],
    ['equal weights', { callbackRate: 1, quality: 1, timeliness: 1 }, 46.7],
  ] as const)('weights — %s', (_label, weights, score) => {
    // 回访率 8/10, quality 0/5, timeliness 6/10.
    const c = counts({ worked: 10, closed: 8, verdictBearing: 5, overturnedOnCall: 5, withinDeadline: 6, finishedLate: 4 });
    expect(assessAgentMonth(c, { ...policy, weights }).score).toBe(score);
  });

  it('the only weighted part not measured: no score', () => {
    const c = counts({ worked: 10, closed: 8, withinDeadline: 8 });
    expect(assessAgentMonth(c, { ...policy, weights: { callbackRate: 0, quality: 100, timeliness: 0 } }).score).toBeNull();
  });

  it('each part keeps what it rests on', () => {
    expect(agentParts(counts({ worked: 7, closed: 4, unreachable: 1, verdictBearing: 3, overturnedOnCall: 1, recheckCompared: 1, withinDeadline: 4, finishedLate: 1 }))).toEqual({
      callbackRate: { numerator: 5, denominator: 7, value: 5 / 7 },
      quality: { numerator: 3, denominator: 4, value: 0.75 },
      timeliness: { numerator: 4, denominator: 5, value: 0.8 },
    });
  });
});

describe('the department', () => {
  it('pools the counts (summed, then divided) and averages the scores of those who have one', () => {
    const pooled = pooledCounts([counts({ worked: 10, closed: 8 }), counts({ worked: 2, closed: 1, unreachable: 1, finishedLate: 2 })]);
    expect(pooled).toMatchObject({ worked: 12, closed: 9, unreachable: 1, finishedLate: 2 });
    expect(agentParts(pooled).callbackRate.value).toBeCloseTo(10 / 12, 10);
    expect(averageScore([80, null, 91])).toBe(85.5);
    expect(averageScore([null])).toBeNull();
  });
});
