import { describe, expect, it } from 'vitest';
import { at, DEFAULT_CALENDAR, local, SH } from '@/lib/calling/test-support';
import { policyDefinitions } from '@/lib/policy/definitions';
import { samplingDraw } from '@/lib/sampling/draw';
import {
  decideManager,
  drawCustomers,
  managerThreshold,
  SPOT_CHECK_REASONS as R,
  spotCheckDraw,
  spotCheckDueAt,
  spotCheckDueBy,
  withoutCallableCustomer,
  type DueRules,
  type PlanItemFacts,
  type SpotCheckPolicy,
} from './selection-rules';

// 2026-11-23 is a Monday, 2026-11-27 a Friday; calling hours 09–12 and 14–18, Monday–Friday.
const policy: SpotCheckPolicy = { ...policyDefinitions.spotCheck.defaults };
const share = (p: Partial<SpotCheckPolicy> = {}): SpotCheckPolicy => ({ ...policy, managerSelection: 'share', ...p });
const due = (p: Partial<DueRules['policy']> = {}, calendar = DEFAULT_CALENDAR): DueRules => ({
  policy: { dueRule: policy.dueRule, dueDelayMinutes: policy.dueDelayMinutes, ...p },
  calendar,
  timeZone: SH,
  reportDeadlineHours: 24,
});

describe('the draw', () => {
  it('is a number in [0, 1) of the seed, the day and the id, by the sampling recipe', () => {
    const id = '3f2a9c1e-7b4d-4e8a-9f10-2c3d4e5f6a7b';
    const d = spotCheckDraw('seed', '2026-11-23', id);
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThan(1);
    expect(d).toBe(samplingDraw('seed', `2026-11-23:${id}`));
    expect(spotCheckDraw('seed', '2026-11-23', id.toUpperCase())).toBe(d);
    // Another day, another seed: another number.
    expect(spotCheckDraw('seed', '2026-11-24', id)).not.toBe(d);
    expect(spotCheckDraw('other', '2026-11-23', id)).not.toBe(d);
  });
});

describe('which managers are checked', () => {
  it.each<[string, SpotCheckPolicy, number, number, boolean, string]>([
    // label, policy, findings in window, draw, selected, reason
    ['all: whatever the draw', policy, 0, 0.9999, true, R.allManagers],
    ['all: findings change nothing', policy, 3, 0.5, true, R.allManagers],
    ['share 30 %: below', share(), 0, 0.2999, true, R.shareDrawn],
    ['share 30 %: exactly at the share is not drawn', share(), 0, 0.3, false, R.shareNotDrawn],
    ['share 30 %: above', share(), 0, 0.31, false, R.shareNotDrawn],
    ['share 30 % × 2 with findings: below 60 %', share(), 1, 0.59, true, R.weightedDrawn],
    ['share 30 % × 2 with findings: at 60 %', share(), 2, 0.6, false, R.weightedNotDrawn],
    ['share 60 % × 2 is capped at 100 %', share({ managerShare: 0.6 }), 1, 0.9999, true, R.weightedDrawn],
    ['share 0: never, even weighted', share({ managerShare: 0 }), 4, 0, false, R.weightedNotDrawn],
    ['weight 1: findings do not raise the share', share({ failureWeight: 1 }), 4, 0.31, false, R.weightedNotDrawn],
  ])('%s', (_label, p, findingsInWindow, draw, selected, reason) => {
    const d = decideManager({ managerId: 'm1', findingsInWindow }, { policy: p, day: '2026-11-23' }, draw);
    expect(d).toMatchObject({ managerId: 'm1', draw, selected, reasonCode: reason });
  });

  it('says in the reason what the draw was compared with', () => {
    expect(decideManager({ managerId: 'm1', findingsInWindow: 0 }, { policy: share(), day: '2026-11-23' }, 0.12345).reasonParams).toEqual({
      draw: '0.1234',
      threshold: '0.3000',
      sharePercent: 30,
    });
    expect(decideManager({ managerId: 'm1', findingsInWindow: 2 }, { policy: share(), day: '2026-11-23' }, 0.7).reasonParams).toEqual({
      draw: '0.7000',
      threshold: '0.6000',
      sharePercent: 30,
      thresholdPercent: 60,
      findings: 2,
      windowDays: 90,
      weight: 2,
    });
  });

  it('uses the manager’s draw of the day by default', () => {
    const d = decideManager({ managerId: 'm1', findingsInWindow: 0 }, { policy: share(), day: '2026-11-23' });
    expect(d.draw).toBe(spotCheckDraw(policy.seed, '2026-11-23', 'm1'));
    expect(d.selected).toBe(d.draw < 0.3);
  });

  it.each([
    [0.3, 0, 0.3],
    [0.3, 1, 0.6],
    [0.7, 5, 1],
  ])('share %s with %s findings → threshold %s', (managerShare, findings, threshold) => {
    expect(managerThreshold(share({ managerShare }), findings)).toBe(threshold);
  });

  it('a checked manager without a callable customer is not checked, and the reason keeps the rule’s', () => {
    const d = withoutCallableCustomer(decideManager({ managerId: 'm1', findingsInWindow: 0 }, { policy, day: '2026-11-23' }, 0.4), 3);
    expect(d).toMatchObject({ selected: false, reasonCode: R.noCallableCustomer, reasonParams: { planned: 3, ruleReason: R.allManagers, draw: '0.4000' } });
  });
});

describe('when a callback becomes due', () => {
  it.each<[string, string, Partial<DueRules['policy']>, string | null]>([
    // planned (local), rule, due (local)
    ['2026-11-23 10:00', 'same afternoon, an hour later', {}, '2026-11-23 11:00'],
    ['2026-11-23 08:00', 'an hour later is before calling hours open', {}, '2026-11-23 09:00'],
    ['2026-11-23 11:30', 'an hour later is lunch: the afternoon window', {}, '2026-11-23 14:00'],
    ['2026-11-23 17:30', 'after hours: the next morning', {}, '2026-11-24 09:00'],
    ['2026-11-27 17:30', 'Friday evening: Monday morning', {}, '2026-11-30 09:00'],
    ['2026-11-23 14:30', 'no delay', { dueDelayMinutes: 0 }, '2026-11-23 14:30'],
    ['2026-11-23 10:00', 'three hours later', { dueDelayMinutes: 180 }, '2026-11-23 14:00'],
    ['2026-11-23 10:00', 'next morning', { dueRule: 'next_morning' }, '2026-11-24 09:00'],
    ['2026-11-27 10:00', 'next morning after a Friday: Monday', { dueRule: 'next_morning' }, '2026-11-30 09:00'],
    ['2026-11-23 23:30', 'next morning, never before the delay', { dueRule: 'next_morning', dueDelayMinutes: 600 }, '2026-11-24 09:30'],
  ])('planned %s, %s → %s', (planned, _label, p, expected) => {
    const plannedAt = at(planned);
    expect(local(spotCheckDueAt(plannedAt, planned.slice(0, 10), due(p)))).toBe(expected);
  });

  it('skips a holiday for the next morning', () => {
    const calendar = { ...DEFAULT_CALENDAR, holidays: ['2026-11-24'] };
    expect(local(spotCheckDueAt(at('2026-11-23 10:00'), '2026-11-23', due({ dueRule: 'next_morning' }, calendar)))).toBe('2026-11-25 09:00');
  });

  it('is due before the visit could be reported late', () => {
    expect(local(spotCheckDueBy(at('2026-11-23 10:00'), 24))).toBe('2026-11-24 10:00');
    expect(local(spotCheckDueBy(at('2026-11-27 17:30'), 48))).toBe('2026-11-29 17:30');
  });
});

describe('which customers are called', () => {
  const item = (n: number, planned: string, overrides: Partial<PlanItemFacts> = {}): PlanItemFacts => ({
    planItemId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    customerId: `c${n}`,
    plannedAt: at(planned),
    callable: true,
    ...overrides,
  });
  const day = '2026-11-23';
  const input = (p: Partial<SpotCheckPolicy> = {}, rules = due()) => ({ policy: { ...policy, ...p }, day, due: rules });

  it('draws at most N, in draw order, each saying "k of n"', () => {
    const items = Array.from({ length: 8 }, (_, i) => item(i + 1, `${day} ${String(9 + i).padStart(2, '0')}:00`));
    const r = drawCustomers(items, input());
    expect(r).toMatchObject({ planned: 8, callable: 8 });
    expect(r.drawn).toHaveLength(5);
    const draws = items.map((i) => spotCheckDraw(policy.seed, day, i.planItemId)).sort((a, b) => a - b);
    expect(r.drawn.map((c) => c.draw)).toEqual(draws.slice(0, 5));
    r.drawn.forEach((c, i) => {
      expect(c.reasonCode).toBe(R.customerDrawn);
      expect(c.reasonParams).toMatchObject({ rank: i + 1, of: 8, pick: 5, excluded: 0 });
    });
  });

  it('calls every customer when no more than N are planned', () => {
    const r = drawCustomers([item(1, `${day} 09:00`), item(2, `${day} 10:00`)], input());
    expect(r.drawn.map((c) => c.customerId).sort()).toEqual(['c1', 'c2']);
    expect(r.drawn.every((c) => c.reasonCode === R.customerAll)).toBe(true);
    expect(r.drawn[0].reasonParams).toMatchObject({ rank: 1, of: 2, pick: 5 });
  });

  it('counts a customer planned twice once, with its last planned item', () => {
    const r = drawCustomers([item(1, `${day} 09:00`), item(2, `${day} 15:00`, { customerId: 'c1' }), item(3, `${day} 10:00`)], input({ customersPerManager: 5 }));
    expect(r.planned).toBe(2);
    const c1 = r.drawn.find((c) => c.customerId === 'c1')!;
    expect(c1.planItemId).toBe(item(2, `${day} 15:00`).planItemId);
    expect(local(c1.dueAt)).toBe(`${day} 16:00`);
    expect(local(c1.dueBy)).toBe('2026-11-24 15:00');
  });

  it('leaves out a customer nobody can be called at, or one that could only be called after the deadline', () => {
    const friday = '2026-11-27';
    const items = [item(1, `${friday} 09:00`), item(2, `${friday} 10:00`, { callable: false }), item(3, `${friday} 17:30`)];
    const r = drawCustomers(items, { ...input(), day: friday });
    // 17:30 on a Friday: next calling instant Monday 09:00, after Saturday 17:30.
    expect(r).toMatchObject({ planned: 3, callable: 1 });
    expect(r.drawn.map((c) => c.customerId)).toEqual(['c1']);
    expect(r.drawn[0].reasonParams).toMatchObject({ rank: 1, of: 1, excluded: 2 });
    // With a 96-hour report deadline the Friday evening visit can be checked on Monday.
    expect(drawCustomers(items, { ...input(), day: friday, due: { ...due(), reportDeadlineHours: 96 } }).callable).toBe(2);
  });

  it('draws the same whatever order the plan items come in', () => {
    const items = Array.from({ length: 9 }, (_, i) => item(i + 1, `${day} 10:${String(i).padStart(2, '0')}`));
    const a = drawCustomers(items, input());
    const b = drawCustomers([...items].reverse(), input());
    expect(b).toEqual(a);
    expect(drawCustomers(items, input({ seed: 'another seed' })).drawn.map((c) => c.customerId)).not.toEqual(a.drawn.map((c) => c.customerId));
  });
});
