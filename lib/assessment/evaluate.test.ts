import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MonthVisit } from '@/lib/checks/facts';
import type { CustomerClass } from '@/lib/coverage/rules';
import { verdictKey, type VerdictInputs } from '@/lib/verdicts/load';
import { findingsKey, type StoredFindings } from '@/lib/checks/store';
import type { Finding } from '@/lib/checks/rules';
import { planChunk, type ChunkData, type ChunkPlan, type EvaluationRun } from './evaluate';
import { PolicyTimeline } from './policies';
import { LocalClock, monthWindow } from '@/lib/platform/time/month-window';

/**
 * Properties of a manager-month's evaluation (pure: planChunk over stated facts). Evaluating again
 * what was just written changes nothing (so closing twice gives the same figures), and a verdict
 * change followed by its reversal brings every ledger key back where it was.
 */
const SH = 'Asia/Shanghai';
const w = monthWindow('2026-11', SH);
const policies = {
  reporting: PolicyTimeline.of('reporting', []),
  checks: PolicyTimeline.of('checks', []),
  scoring: PolicyTimeline.of('scoring', []),
  assessment: PolicyTimeline.of('assessment', []),
  checksByDay: new Map(),
};
const run = (monthOver = true): EvaluationRun => ({
  window: w,
  clock: new LocalClock(w),
  staged: false,
  now: new Date('2026-12-03T02:00:00Z'),
  monthOver,
  policies,
  insiders: new Set(['+8613900000000']),
  source: { cause: 'close', causeId: 'c1', decidedBy: null, ledgerSource: 'close', ledgerSourceId: 'c1' },
});

const CUSTOMERS = ['c1', 'c2', 'c3', 'c4'];
// k3's phone is an insider's (a collusion flag).
const PHONES: Record<string, string> = { k1: '+8613800000001', k2: '+8613800000002', k3: '+8613900000000' };
const visitArb = fc.record({
  customer: fc.constantFrom(...CUSTOMERS, 'stranger'),
  type: fc.constantFrom<'on_site' | 'phone'>('on_site', 'phone'),
  day: fc.integer({ min: 1, max: 30 }),
  hour: fc.integer({ min: 0, max: 23 }),
  reportHours: fc.constantFrom(1, 20, 30),
  contacts: fc.subarray(['k1', 'k2', 'k3'], { minLength: 1 }),
  sampled: fc.constantFrom<boolean | undefined>(true, false, undefined),
  callback: fc.option(fc.record({ state: fc.constantFrom('closed', 'unreachable', 'ready'), score: fc.integer({ min: 0, max: 100 }), knockOut: fc.boolean() }), { nil: undefined }),
});
const worldArb = fc.record({
  classes: fc.array(fc.constantFrom<CustomerClass>('A', 'B', 'C', 'D'), { minLength: 4, maxLength: 4 }),
  claimed: fc.subarray(CUSTOMERS),
  visits: fc.array(visitArb, { maxLength: 12 }),
});
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function chunkOf(world: World): ChunkData {
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour - 8, 15));
  const visits: MonthVisit[] = world.visits.map((v, i) => ({
    id: `v${i}`,
    managerId: 'm',
    customerId: v.customer,
    type: v.type,
    visitedAt: at(v.day, v.hour),
    reportedAt: new Date(at(v.day, v.hour).getTime() + v.reportHours * 3600_000),
    day: `2026-11-${String(v.day).padStart(2, '0')}`,
    localMinutes: v.hour * 60 + 15,
    checkInMethod: 'none',
    checkInLatitude: null,
    checkInLongitude: null,
    contactIds: v.contacts,
    contactPhones: v.contacts.map((k) => PHONES[k]),
  }));
  const verdictInputs = new Map<string, VerdictInputs>();
  world.visits.forEach((v, i) => {
    const cb = v.callback;
    verdictInputs.set(`v${i}`, {
      sampled: v.sampled,
      callback: v.sampled && cb ? { state: cb.state as 'closed', outcome: cb.state === 'closed' ? 'completed' : null, score: cb.state === 'closed' ? cb.score : null, knockedOut: cb.knockOut ? '2' : null } : undefined,
      taskId: null,
      scoredDay: '2026-11-28',
      knockedOutLabel: null,
      latest: undefined,
      overturnedBy: null,
      waivedFindings: [],
    });
  });
  const customers = new Map(CUSTOMERS.map((id, i) => [id, { id, customerClass: world.classes[i], latitude: null, longitude: null, activeContacts: 2 }]));
  customers.set('stranger', { id: 'stranger', customerClass: 'A', latitude: null, longitude: null, activeContacts: 3 });
  return {
    managerIds: ['m'],
    units: new Map([['m', 'u']]),
    visits,
    customers,
    contactsLastMonth: new Map([['m|c1', new Set(['k1'])]]),
    storedFindings: new Map(),
    verdictInputs,
    claims: new Map([['m', world.claimed.map((customerId) => ({ customerId, from: new Date('2026-01-01T00:00:00Z'), to: null }))]]),
    earlierOnSite: new Map(),
    ledger: new Map(),
    spotChecks: new Map(),
  };
}

/** What the database holds after the plan's writes, as the next load would read it. */
function applied(data: ChunkData, plan: ChunkPlan): ChunkData {
  const byVisit = new Map<string, Finding[]>();
  for (const [visitId, stored] of data.storedFindings) byVisit.set(visitId, stored.codes.map((code) => ({ code, severity: 'flag', params: {} }) as Finding));
  for (const r of plan.findings.removed) byVisit.set(r.visitId, (byVisit.get(r.visitId) ?? []).filter((f) => f.code !== r.code));
  for (const u of plan.findings.upserted) byVisit.set(u.visitId, [...(byVisit.get(u.visitId) ?? []).filter((f) => f.code !== u.finding.code), u.finding]);
  const storedFindings = new Map<string, StoredFindings>();
  for (const [visitId, findings] of byVisit) if (findings.length > 0) storedFindings.set(visitId, { codes: findings.map((f) => f.code), key: findingsKey(findings) });
  const verdictInputs = new Map(data.verdictInputs);
  for (const v of plan.verdicts) {
    const i = verdictInputs.get(v.visitId)!;
    verdictInputs.set(v.visitId, { ...i, latest: { version: v.version, key: verdictKey(JSON.parse(JSON.stringify(v.verdict))) } });
  }
  const ledger = new Map(data.ledger);
  for (const e of plan.ledger) ledger.set(e.managerId, [...(ledger.get(e.managerId) ?? []), { key: e.key, points: e.points }]);
  return { ...data, storedFindings, verdictInputs, ledger };
}

const perKey = (data: ChunkData) => {
  const m = new Map<string, number>();
  for (const e of data.ledger.get('m') ?? []) m.set(e.key, (m.get(e.key) ?? 0) + e.points);
  return [...m].filter(([, v]) => v !== 0).sort();
};

describe('evaluating a manager-month', () => {
  it('property: evaluating again what was written writes nothing and gives the same figures', () => {
    fc.assert(
      fc.property(worldArb, fc.boolean(), (world, monthOver) => {
        const data = chunkOf(world);
        const first = planChunk(run(monthOver), data);
        const second = planChunk(run(monthOver), applied(data, first));
        expect(second.findings).toEqual({ removed: [], upserted: [] });
        expect(second.verdicts).toEqual([]);
        expect(second.ledger).toEqual([]);
        expect(second.managers).toEqual(first.managers);
      }),
    );
  });

  it('property: the month balance equals the points figure, and a verdict change then its reversal restores every ledger key', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 0, max: 11 }), (world, flip) => {
        const start = applied(chunkOf(world), planChunk(run(), chunkOf(world)));
        const points = planChunk(run(), start).managers[0].figures.points;
        expect(perKey(start).reduce((n, [, v]) => n + v, 0)).toBe(points);
        if (world.visits.length === 0) return;
        // A callback result arrives for one visit (score 100), then is withdrawn.
        const id = `v${flip % world.visits.length}`;
        const inputs = start.verdictInputs.get(id)!;
        const changed = { ...start, verdictInputs: new Map(start.verdictInputs).set(id, { ...inputs, sampled: true, callback: { state: 'closed', outcome: 'completed', score: 100, knockedOut: null } }) };
        const afterChange = applied(changed, planChunk(run(), changed));
        const back = { ...afterChange, verdictInputs: new Map(afterChange.verdictInputs).set(id, { ...afterChange.verdictInputs.get(id)!, sampled: inputs.sampled, callback: inputs.callback }) };
        const restored = applied(back, planChunk(run(), back));
        expect(perKey(restored)).toEqual(perKey(start));
      }),
    );
  });

  it('zeroes a failed coverage only once the month is over (DOMAIN rule 7)', () => {
    const world: World = { classes: ['A', 'B', 'C', 'D'], claimed: ['c1', 'c2'], visits: [] };
    const during = planChunk(run(false), chunkOf(world));
    const after = planChunk(run(true), chunkOf(world));
    expect(during.managers[0].figures).toMatchObject({ coverageFailed: 1, points: 18 });
    expect(after.managers[0].figures).toMatchObject({ coverageFailed: 1, points: 0 });
    expect(after.ledger.map((e) => [e.kind, e.points])).toContainEqual(['coverage_zeroing', -18]);
  });

  it('a manager with no claims and no visits has nothing to assess', () => {
    const plan = planChunk(run(), chunkOf({ classes: ['A', 'B', 'C', 'D'], claimed: [], visits: [] }));
    expect(plan.managers[0]).toMatchObject({ assessed: false, figures: { claimedCustomers: 0, required: 0, points: 0 } });
    expect(plan.ledger).toEqual([]);
  });
});
