import { describe, expect, it } from 'vitest';
import { agentErrorRate, recheckDisagreement, satisfaction } from './quality-rules';

describe('satisfaction from the rating question', () => {
  it.each([
    {
      why: 'ten answers: 1×1, 1×2, 2×3, 3×4, 3×5 → mean 36/10, satisfied 6 of 10',
      byValue: { '1': 1, '2': 1, '3': 2, '4': 3, '5': 3 },
      answered: 10,
      mean: 3.6,
      satisfied: 0.6,
    },
    { why: 'all very satisfied', byValue: { '5': 4 }, answered: 4, mean: 5, satisfied: 1 },
    { why: 'values that are no rating are not answers', byValue: { '3': 2, x: 5 }, answered: 2, mean: 3, satisfied: 0 },
    { why: 'nobody answered: not measured', byValue: {}, answered: 0, mean: null, satisfied: null },
  ] as { why: string; byValue: Record<string, number>; answered: number; mean: number | null; satisfied: number | null }[])('$why', ({ byValue, answered, mean, satisfied }) => {
    const s = satisfaction(byValue);
    expect(s.answered).toBe(answered);
    expect(s.mean).toBe(mean);
    expect(s.satisfied.value).toBe(satisfied);
    expect(Object.keys(s.counts)).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('agent error rate and re-callback disagreement', () => {
  it.each([
    [1, 20, 0.05],
    [0, 20, 0],
    [0, 0, null],
  ])('%i overturned of %i verdict-bearing callbacks → %s', (overturned, bearing, value) => {
    expect(agentErrorRate(overturned, bearing).value).toBe(value);
  });

  it.each([
    [1, 4, 0.25],
    [0, 0, null],
  ])('%i disagreeing of %i compared → %s', (disagreeing, compared, value) => {
    expect(recheckDisagreement(disagreeing, compared).value).toBe(value);
  });
});
