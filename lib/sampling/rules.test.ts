import { describe, expect, it } from 'vitest';
import { policyDefinitions } from '@/lib/policy/definitions';
import { formatDraw, samplingDraw } from './draw';
import { decideManagerMonth, decideVisit, effectiveRate, REASONS, topUpManagerMonth, type CustomerClass, type SamplingPolicy, type VisitFacts } from './rules';

const policy: SamplingPolicy = { ...policyDefinitions.sampling.defaults, ratePercent: { ...policyDefinitions.sampling.defaults.ratePercent } };
const now = new Date('2026-11-20T04:00:00Z');
const day = 24 * 3600 * 1000;

function visit(overrides: Partial<VisitFacts> = {}): VisitFacts {
  return {
    visitId: '3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b',
    managerId: 'm1',
    customerClass: 'B',
    visitedAt: new Date(now.getTime() - 3 * day),
    flags: [],
    hasContactPhone: true,
    ...overrides,
  };
}
const input = (p: Partial<SamplingPolicy> = {}, invalidLastMonth = false) => ({ policy: { ...policy, ...p }, policyVersion: 3, invalidLastMonth, now });

describe('decideVisit: class rates and the boundary', () => {
  it.each<[CustomerClass, number, number, boolean]>([
    // class, rate %, draw, sampled
    ['A', 100, 0.999999, true],
    ['B', 50, 0.31, true],
    ['B', 50, 0.4999999, true],
    ['B', 50, 0.5, false], // exactly at the threshold: not sampled
    ['B', 50, 0.71, false],
    ['C', 20, 0.19, true],
    ['C', 20, 0.2, false],
    ['D', 10, 0.0, true],
    ['D', 0, 0.0, false], // rate 0: never
  ])('class %s at %s %% with draw %s → sampled %s', (customerClass, rate, draw, sampled) => {
    const d = decideVisit(visit({ customerClass }), input({ ratePercent: { ...policy.ratePercent, [customerClass]: rate } }), draw);
    expect(d.sampled).toBe(sampled);
    expect(d.eligible).toBe(true);
    expect(d.reasonCode).toBe(sampled ? REASONS.rate : REASONS.notDrawn);
    expect(d.reasonParams).toMatchObject({ class: customerClass, rate, draw: formatDraw(draw) });
    expect(d.policyVersion).toBe(3);
  });

  it('gives short reason parameters: class B rate 50 %: draw 0.3100', () => {
    const d = decideVisit(visit(), input(), 0.31);
    expect(d.reasonParams).toEqual({ class: 'B', rate: 50, draw: '0.3100' });
  });

  it('uses the draw of the seed and visit id by default', () => {
    const v = visit();
    expect(decideVisit(v, input()).draw).toBe(samplingDraw(policy.seed, v.visitId));
    expect(decideVisit(v, input({ seed: 'other' })).draw).toBe(samplingDraw('other', v.visitId));
  });
});

describe('the multiplier for managers with an invalid visit last month', () => {
  it.each<[CustomerClass, number, number, number]>([
    // class, base %, multiplier, effective %
    ['B', 50, 2, 100],
    ['C', 20, 2, 40],
    ['C', 20, 10, 100], // capped at 100 %
    ['D', 10, 1, 10],
    ['A', 100, 3, 100],
  ])('class %s %s %% × %s → %s %%', (customerClass, base, multiplier, expected) => {
    const p = { ...policy, ratePercent: { ...policy.ratePercent, [customerClass]: base }, invalidLastMonthMultiplier: multiplier };
    expect(effectiveRate(p, customerClass, true)).toBe(expected);
    expect(effectiveRate(p, customerClass, false)).toBe(base);
  });

  it('samples a draw the plain rate would not, and says so', () => {
    const d = decideVisit(visit({ customerClass: 'C' }), input({}, true), 0.3);
    expect(d.sampled).toBe(true);
    expect(d.reasonParams).toEqual({ class: 'C', rate: 40, baseRate: 20, multiplier: 2, raised: 'yes', draw: '0.3000' });
    // At 100 % already: the multiplier changed nothing, so it is not mentioned.
    expect(decideVisit(visit({ customerClass: 'A' }), input({}, true), 0.3).reasonParams).toEqual({ class: 'A', rate: 100, draw: '0.3000' });
    expect(decideVisit(visit({ customerClass: 'C' }), input({}, false), 0.3).sampled).toBe(false);
  });
});

describe('always-sample flagged visits', () => {
  it.each<[string[], boolean, boolean, string]>([
    // flags, alwaysSampleFlagged, sampled, reason
    [['late'], true, true, REASONS.flagged],
    [['late'], false, false, REASONS.notDrawn],
    [['late', 'farCheckIn'], true, true, REASONS.flagged],
    [[], true, false, REASONS.notDrawn],
  ])('flags %j with always-sample %s → sampled %s (%s)', (flags, alwaysSampleFlagged, sampled, reason) => {
    const d = decideVisit(visit({ flags }), input({ alwaysSampleFlagged }), 0.9);
    expect(d.sampled).toBe(sampled);
    expect(d.reasonCode).toBe(reason);
  });

  it('lists the flags in the reason, in a stable order', () => {
    expect(decideVisit(visit({ flags: ['late', 'farCheckIn'] }), input(), 0.9).reasonParams).toEqual({ flags: 'farCheckIn,late' });
  });
});

describe('exclusions: listed with a reason, never sampled', () => {
  it.each<[string, Partial<VisitFacts>, string, Record<string, number>]>([
    ['older than the limit', { visitedAt: new Date(now.getTime() - 46 * day) }, REASONS.excludedOld, { days: 45, ageDays: 46 }],
    ['no contact phone', { hasContactPhone: false }, REASONS.excludedNoPhone, {}],
    ['old wins over flagged', { visitedAt: new Date(now.getTime() - 50 * day), flags: ['late'] }, REASONS.excludedOld, { days: 45, ageDays: 50 }],
    ['no phone wins over flagged', { hasContactPhone: false, flags: ['late'] }, REASONS.excludedNoPhone, {}],
  ])('%s', (_name, overrides, reason, params) => {
    const d = decideVisit(visit({ customerClass: 'A', ...overrides }), input(), 0.01);
    expect(d).toMatchObject({ sampled: false, eligible: false, reasonCode: reason, reasonParams: params });
  });

  it.each([
    [45 * day, false],
    [45 * day + 1, true],
  ])('a visit exactly %s ms old is excluded: %s', (age, excluded) => {
    const d = decideVisit(visit({ visitedAt: new Date(now.getTime() - age) }), input(), 0.01);
    expect(d.reasonCode === REASONS.excludedOld).toBe(excluded);
  });
});

describe('topUpManagerMonth: the per-manager minimum', () => {
  const c = (visitId: string, draw: number, sampled = false, eligible = true) => ({ visitId, draw, sampled, eligible });

  it.each<[string, ReturnType<typeof c>[], number, string[]]>([
    ['enough already sampled', [c('a', 0.1, true), c('b', 0.2, true), c('c', 0.3)], 2, []],
    ['one short: the lowest unsampled draw', [c('a', 0.1, true), c('b', 0.9), c('c', 0.3)], 2, ['c']],
    ['none sampled: the two lowest draws', [c('a', 0.5), c('b', 0.2), c('c', 0.8), c('d', 0.4)], 2, ['b', 'd']],
    ['fewer eligible than the minimum: all of them', [c('a', 0.5), c('b', 0.9)], 5, ['a', 'b']],
    ['excluded visits never count nor fill', [c('a', 0.1, false, false), c('b', 0.7), c('c', 0.2, false, false)], 2, ['b']],
    ['minimum 0: nothing', [c('a', 0.5)], 0, []],
    ['no visits: nothing', [], 2, []],
    ['equal draws: visit id breaks the tie', [c('z', 0.5), c('y', 0.5)], 1, ['y']],
  ])('%s', (_name, decisions, minimum, expected) => {
    expect(topUpManagerMonth(decisions, minimum).map((t) => t.visitId)).toEqual(expected);
  });

  it('explains each top-up: minimum, how many were sampled, rank and draw', () => {
    const [t] = topUpManagerMonth([c('a', 0.1, true), c('b', 0.7123)], 2);
    expect(t.reasonParams).toEqual({ min: 2, sampledBefore: 1, rank: 1, draw: '0.7123' });
  });
});

describe('decideManagerMonth', () => {
  const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
  const zeroRates = { ...policy, ratePercent: { A: 0, B: 0, C: 0, D: 0 } };
  const undecided = ids.map((visitId) => visit({ visitId }));
  const inputFor = () => ({ policy: zeroRates, policyVersion: 1, invalidLastMonth: false, now });

  it('leaves the minimum for the month end (null) so arrival order cannot change the result', () => {
    const { decisions, flips } = decideManagerMonth({ undecided, existing: [], inputFor, topUpMinimum: null });
    expect(decisions.every((d) => !d.sampled)).toBe(true);
    expect(flips).toEqual([]);
  });

  it('after the month: tops up among new decisions by draw order', () => {
    const { decisions, flips } = decideManagerMonth({ undecided, existing: [], inputFor, topUpMinimum: 2 });
    const draws = ids.map((id) => samplingDraw(policy.seed, id));
    const expected = ids.filter((_, i) => draws[i] <= [...draws].sort((a, b) => a - b)[1]);
    expect(decisions.filter((d) => d.sampled).map((d) => d.visitId).sort()).toEqual(expected.sort());
    expect(decisions.filter((d) => d.sampled).every((d) => d.reasonCode === REASONS.topUp)).toBe(true);
    // The rate's reason parameters stay with a top-up, for the record.
    expect(decisions.find((d) => d.sampled)!.reasonParams).toMatchObject({ class: 'B', rate: 0, min: 2 });
    expect(flips).toEqual([]);
  });

  it('after the month: turns stored "not drawn" decisions into top-ups when they have the lowest draws', () => {
    const existing = [{ visitId: 'old-low', draw: 0.0001, sampled: false, eligible: true }];
    const { decisions, flips } = decideManagerMonth({ undecided: undecided.slice(0, 1), existing, inputFor, topUpMinimum: 1 });
    expect(flips.map((f) => f.visitId)).toEqual(['old-low']);
    expect(decisions[0].sampled).toBe(false);
  });

  it('gives the same sampled set whichever way the visits are split between runs', () => {
    const all = decideManagerMonth({ undecided, existing: [], inputFor, topUpMinimum: 2 });
    // First two visits decided during the month (no top-up), the third after it.
    const early = decideManagerMonth({ undecided: undecided.slice(0, 2), existing: [], inputFor, topUpMinimum: null });
    const late = decideManagerMonth({ undecided: undecided.slice(2), existing: early.decisions, inputFor, topUpMinimum: 2 });
    const sampledAll = all.decisions.filter((d) => d.sampled).map((d) => d.visitId).sort();
    const sampledSplit = [...late.decisions.filter((d) => d.sampled).map((d) => d.visitId), ...late.flips.map((f) => f.visitId)].sort();
    expect(sampledSplit).toEqual(sampledAll);
  });
});
