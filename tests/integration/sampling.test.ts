import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { ValidationError } from '@/lib/platform/core/errors';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { jobId } from '@/lib/platform/jobs/registry';
import { policyInForce, savePolicyVersion } from '@/lib/policy/policies';
import { policyDefinitions } from '@/lib/policy/definitions';
import { getVisitSamplingDecision, listSamplingDecisions } from '@/lib/sampling/decisions';
import { DRAW_SQL, samplingDraw } from '@/lib/sampling/draw';
import { previewSampling } from '@/lib/sampling/preview';
import { REASONS } from '@/lib/sampling/reasons';
import { sampleMonth, sampleVisit } from '@/lib/sampling/sample';
import { saveSamplingPolicy } from '@/lib/sampling/settings';
import { toLocalInput } from '@/lib/platform/time/zone';
import { createVisitReport } from '@/lib/visits/visits';
import { requestSamplingForImport } from '@/lib/visits/sampling-triggers';
import { imports, visitReports } from '@/db/schema';
import { samplingProcessors } from '@/workers/processors/sampling';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { AFTER_MONTH, forgetSampling, makeSamplingWorld, SAMPLING_MONTH, samplingSnapshot } from '../support/sampling';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  await Promise.all(['callback-timers', 'sampling'].map((q) => queue(q as 'sampling').obliterate({ force: true })));
});
afterAll(async () => {
  // Leave no jobs of this run's Redis prefix behind.
  await Promise.all((['callback-timers', 'sampling', 'assessment'] as const).map((q) => queue(q).obliterate({ force: true })));
  await closeQueues();
});

/** A fixed reordering (reversed, then odd positions first), so a failure replays the same order. */
const shuffle = <T>(items: T[]) => {
  const reversed = [...items].reverse();
  return [...reversed.filter((_, i) => i % 2 === 1), ...reversed.filter((_, i) => i % 2 === 0)];
};

describe('the draw', () => {
  it('is the same number in PostgreSQL and TypeScript', async () => {
    const cases = [...Array.from({ length: 40 }, () => [randomUUID(), 'huifang-default-seed'] as const), [randomUUID(), '种子 v2'] as const, ['00000000-0000-4000-8000-000000000000', 'x'] as const];
    for (const [id, seed] of cases) {
      const [row] = (await db.execute(sql`select ${sql.raw(DRAW_SQL.replace('$1', `'${seed.replace(/'/g, "''")}'`).replace('$2', `'${id}'::uuid`))} as draw`)) as unknown as { draw: number }[];
      expect(row.draw).toBe(samplingDraw(seed, id));
    }
  });
});

describe('sampling a month', () => {
  it('gives the same decisions and callbacks by the real-time path and the batch', async () => {
    const world = await makeSamplingWorld(db);
    // Real time: each visit's job, in any order; each decides its manager's month.
    for (const v of shuffle(world.visits)) await sampleVisit(db, v.id, { now: AFTER_MONTH });
    const realtime = await samplingSnapshot(db);
    await forgetSampling(db);
    const batch = await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH, chunkManagers: 1 });
    const batched = await samplingSnapshot(db);

    expect(batched).toEqual(realtime);
    expect(batched.decisions).toHaveLength(world.visits.length);
    expect(batch).toMatchObject({ decided: world.visits.length, callbacksCreated: batched.tasks.length, chunks: 3, topUpApplied: true });
    expect(batched.tasks.map((t) => t.visitId)).toEqual(batched.decisions.filter((d) => d.sampled).map((d) => d.visitId));
    expect(batched.tasks.every((t) => t.state === 'waiting')).toBe(true);
    // Every reason kind occurs in this world.
    const reasons = new Set(batched.decisions.map((d) => d.reasonCode));
    for (const r of [REASONS.rate, REASONS.notDrawn, REASONS.flagged, REASONS.excludedOld, REASONS.excludedNoPhone]) expect(reasons).toContain(r);
  });

  it('leaves the minimum for the month end, so deciding during the month then after it equals deciding after it', async () => {
    const world = await makeSamplingWorld(db, { withOldVisit: false, visitsPerManager: 6 });
    const zeroRates = { ...policyDefinitions.sampling.defaults, ratePercent: { A: 0, B: 0, C: 0, D: 0 }, alwaysSampleFlagged: false };
    await savePolicyVersion({ ctx: ctxAs(db, await makeUser(db, 'staff')), input: { key: 'sampling', effectiveFrom: '2026-09-01', value: zeroRates } });
    const during = new Date('2026-09-29T02:00:00Z');
    for (const v of world.visits) await sampleVisit(db, v.id, { now: during });
    expect((await samplingSnapshot(db)).tasks).toHaveLength(0);
    const after = await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    expect(after).toMatchObject({ decided: 0, toppedUp: 6 });
    const split = await samplingSnapshot(db);

    await forgetSampling(db);
    await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    const whole = await samplingSnapshot(db);
    expect(split.tasks).toEqual(whole.tasks);
    expect(split.decisions.map(({ visitId, sampled, reasonCode }) => ({ visitId, sampled, reasonCode }))).toEqual(
      whole.decisions.map(({ visitId, sampled, reasonCode }) => ({ visitId, sampled, reasonCode })),
    );
    // Two per manager, the lowest draws of each.
    for (const m of world.managers) {
      const mine = world.visits.filter((v) => v.managerId === m.id && v.customerId).map((v) => v.id);
      const decided = whole.decisions.filter((d) => mine.includes(d.visitId) && d.reasonCode !== REASONS.excludedNoPhone);
      const lowest = [...decided].sort((a, b) => a.draw - b.draw).slice(0, 2).map((d) => d.visitId).sort();
      expect(decided.filter((d) => d.sampled).map((d) => d.visitId).sort()).toEqual(lowest);
    }
  });

  it('never decides a visit twice nor creates a second callback, however often it runs', async () => {
    const world = await makeSamplingWorld(db);
    const first = await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    const before = await samplingSnapshot(db);
    const again = await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    for (const v of world.visits.slice(0, 5)) expect(await sampleVisit(db, v.id, { now: AFTER_MONTH })).toMatchObject({ decided: 0, callbacksCreated: 0 });
    expect(first.callbacksCreated).toBeGreaterThan(0);
    expect(again).toMatchObject({ managers: 0, decided: 0, sampled: 0, callbacksCreated: 0 });
    expect(await samplingSnapshot(db)).toEqual(before);
  });

  it('records the policy version in force on each visit\'s day, its seed and its rates', async () => {
    const world = await makeSamplingWorld(db);
    const v1 = { ...policyDefinitions.sampling.defaults, ratePercent: { A: 100, B: 100, C: 100, D: 100 }, alwaysSampleFlagged: false, seed: 'v1-seed' };
    await savePolicyVersion({ ctx: ctxAs(db, await makeUser(db, 'staff')), input: { key: 'sampling', effectiveFrom: '2026-09-15', value: v1 } });
    await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    const { decisions } = await samplingSnapshot(db);
    const visitDay = new Map(world.visits.map((v) => [v.id, v.visitedAt.getTime() >= new Date('2026-09-14T16:00:00Z').getTime()]));
    for (const d of decisions) {
      const late = visitDay.get(d.visitId)!;
      expect(d.policyVersion).toBe(late ? 1 : 0);
      expect(d.draw).toBe(samplingDraw(late ? 'v1-seed' : policyDefinitions.sampling.defaults.seed, d.visitId));
      if (late && d.reasonCode !== REASONS.excludedNoPhone) expect(d.sampled).toBe(true);
    }
  });

  it('multiplies the rates of a manager with an invalid visit last month', async () => {
    const world = await makeSamplingWorld(db);
    await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    const { decisions } = await samplingSnapshot(db);
    const byManager = new Map(world.visits.map((v) => [v.id, v.managerId]));
    const byRate = decisions.filter((d) => d.reasonCode === REASONS.rate || d.reasonCode === REASONS.notDrawn);
    for (const d of byRate) {
      const params = d.reasonParams as { multiplier?: number; rate: number; baseRate?: number; class: 'A' | 'B' | 'C' | 'D' };
      const base = policyDefinitions.sampling.defaults.ratePercent[params.class];
      const doubled = byManager.get(d.visitId) === world.managers[2].id && base < 100;
      expect(params.multiplier).toBe(doubled ? 2 : undefined);
      expect(params.rate).toBe(doubled ? Math.min(100, base * 2) : base);
    }
  });

  it('lists exclusions and every other decision with its reason, for staff only', async () => {
    const world = await makeSamplingWorld(db);
    await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    const staff = ctxAs(db, await makeUser(db, 'staff'));
    const old = await listSamplingDecisions({ ctx: staff, input: { month: SAMPLING_MONTH, reason: REASONS.excludedOld } });
    expect(old.total).toBe(3);
    expect(old.rows.every((r) => !r.sampled && r.taskId === null && (r.reasonParams as { days: number }).days === 45)).toBe(true);
    const noPhone = await listSamplingDecisions({ ctx: staff, input: { month: SAMPLING_MONTH, reason: REASONS.excludedNoPhone, pageSize: 2 } });
    expect(noPhone.total).toBeGreaterThan(2);
    expect(noPhone.rows).toHaveLength(2);
    const sampled = await listSamplingDecisions({ ctx: staff, input: { month: SAMPLING_MONTH, sampled: 'yes', managerId: world.managers[0].id } });
    expect(sampled.rows.every((r) => r.sampled && r.taskId !== null && r.managerId === world.managers[0].id)).toBe(true);

    const one = await getVisitSamplingDecision({ ctx: staff, input: { visitId: old.rows[0].visitId } });
    expect(one).toMatchObject({ sampled: false, reasonCode: REASONS.excludedOld, policyVersion: 0, decidedBy: 'batch' });
    await expect(listSamplingDecisions({ ctx: ctxAs(db, world.managers[0]), input: {} })).rejects.toMatchObject({ status: 403 });
  });

  it('adds a due timer per callback, and restores lost timers at the next run', async () => {
    await makeSamplingWorld(db);
    const run = await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    const tasks = (await db.execute(sql`select id, next_attempt_at as "at" from callback_tasks where result is null`)) as unknown as { id: string; at: string }[];
    expect(tasks).toHaveLength(run.callbacksCreated);
    const timers = queue('callback-timers');
    const ids = tasks.map((t) => jobId('callback.due', { taskId: t.id, dueAt: new Date(t.at).getTime() }));
    for (const id of ids) expect(await timers.getJob(id)).toBeTruthy();

    // Redis lost them (say, a crash between commit and enqueue): the next run adds them again.
    await timers.obliterate({ force: true });
    const rerun = await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    expect(rerun).toMatchObject({ decided: 0, callbacksCreated: 0, timersRestored: tasks.length });
    for (const id of ids) expect(await timers.getJob(id)).toBeTruthy();
  });

  it('previews exactly the callbacks the batch then creates, per class and per unit', async () => {
    const world = await makeSamplingWorld(db);
    const staff = ctxAs(db, await makeUser(db, 'staff'), AFTER_MONTH);
    const policy = (await policyInForce(db, 'sampling', '2026-09-30')).value;
    const preview = await previewSampling({ ctx: staff, input: { month: SAMPLING_MONTH, policy: { ...policy, minutesPerCallback: 10 } } });
    await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    const { tasks, decisions } = await samplingSnapshot(db);

    expect(preview.visits).toBe(world.visits.length);
    expect(preview.callbacks).toBe(tasks.length);
    expect(preview.excluded).toBe(decisions.filter((d) => d.reasonCode.startsWith('sampling.reason.excluded')).length);
    expect(preview.toppedUp).toBe(decisions.filter((d) => d.reasonCode === REASONS.topUp).length);
    for (const c of preview.byClass) expect(c.callbacks).toBe(tasks.filter((t) => t.customerClass === c.customerClass).length);
    for (const u of preview.byUnit) expect(u.callbacks).toBe(tasks.filter((t) => t.unitId === u.unitId).length);
    expect(preview.byUnit.map((u) => u.unitName).sort()).toEqual(world.units.map((u) => u.name).sort());
    expect(preview.agentHours).toBe(Math.round(((tasks.length * 10) / 60) * 10) / 10);

    // A different rate changes the figures, and the preview wrote nothing.
    const more = await previewSampling({ ctx: staff, input: { month: SAMPLING_MONTH, policy: { ...policy, ratePercent: { ...policy.ratePercent, B: 100, C: 100, D: 100 } } } });
    expect(more.callbacks).toBeGreaterThan(preview.callbacks);
    expect((await samplingSnapshot(db)).tasks).toHaveLength(tasks.length);
  });
});

describe('the sampling policy', () => {
  const valid = { ...policyDefinitions.sampling.defaults, ratePercent: { ...policyDefinitions.sampling.defaults.ratePercent } };

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a rate above 100 %', { ratePercent: { ...valid.ratePercent, B: 120 } }, 'policy.ratePercent.B', 'sampling.rateRange'],
    ['a negative rate', { ratePercent: { ...valid.ratePercent, D: -1 } }, 'policy.ratePercent.D', 'sampling.rateRange'],
    ['a negative minimum', { minPerManagerMonth: -1 }, 'policy.minPerManagerMonth', 'sampling.minimumRange'],
    ['a multiplier below 1', { invalidLastMonthMultiplier: 0.5 }, 'policy.invalidLastMonthMultiplier', 'sampling.multiplierRange'],
    ['no seed', { seed: '  ' }, 'policy.seed', 'required'],
  ])('refuses %s at its field and saves nothing', async (_name, change, field, code) => {
    const staff = ctxAs(db, await makeUser(db, 'staff'), new Date('2026-11-20T02:00:00Z'));
    const attempt = saveSamplingPolicy({ ctx: staff, input: { effectiveFrom: '2026-12-01', policy: { ...valid, ...change } as never } });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ field, code }] });
    expect((await policyInForce(db, 'sampling', '2026-12-31')).version).toBe(0);
  });

  it('refuses an effective date in the past, and saves a good version', async () => {
    const staff = ctxAs(db, await makeUser(db, 'staff'), new Date('2026-11-20T02:00:00Z'));
    await expect(saveSamplingPolicy({ ctx: staff, input: { effectiveFrom: '2026-11-19', policy: valid } })).rejects.toMatchObject({ issues: [{ field: 'effectiveFrom', code: 'sampling.effectiveInPast' }] });
    const saved = await saveSamplingPolicy({ ctx: staff, input: { effectiveFrom: '2026-11-20', policy: { ...valid, ratePercent: { ...valid.ratePercent, B: 60 } }, note: 'B 提高' } });
    expect(saved.version).toBe(1);
    expect((await policyInForce(db, 'sampling', '2026-11-20')).value.ratePercent.B).toBe(60);
    await expect(saveSamplingPolicy({ ctx: ctxAs(db, await makeUser(db, 'manager')), input: { effectiveFrom: '2026-12-01', policy: valid } })).rejects.toMatchObject({ status: 403 });
  });
});

describe('what starts sampling', () => {
  it('a visit report enqueues its sampling job; the jobs decide and are idempotent', async () => {
    const unit = await makeUnit(db);
    const manager = await makeUser(db, 'manager', { unitId: unit.id });
    const customer = await makeCustomer(db, unit.id, { class: 'A' });
    const contact = await makeContact(db, customer.id);
    await makeClaim(db, customer.id, manager.id);
    const visit = await createVisitReport({
      ctx: ctxAs(db, manager, new Date()),
      input: { customerId: customer.id, contactIds: [contact.id], newContacts: [], type: 'on_site', visitedAt: toLocalInput(new Date(Date.now() - 3600_000), 'Asia/Shanghai'), checkInMethod: 'none', purpose: '了解需求', summary: '' },
    });
    const job = await queue('sampling').getJob(jobId('sampling.visit', { visitId: visit.id }));
    expect(job?.data).toEqual({ visitId: visit.id });

    const fakeJob = { updateProgress: async () => {} } as never;
    const first = await samplingProcessors['sampling.visit']({ visitId: visit.id }, fakeJob);
    const second = await samplingProcessors['sampling.visit']({ visitId: visit.id }, fakeJob);
    expect(first).toMatchObject({ decided: 1 });
    expect(second).toMatchObject({ decided: 0, callbacksCreated: 0 });
    const decision = await getVisitSamplingDecision({ ctx: ctxAs(db, await makeUser(db, 'staff')), input: { visitId: visit.id } });
    expect(decision).toMatchObject({ decidedBy: 'realtime', sampled: true });
    expect(await samplingProcessors['sampling.visit']({ visitId: randomUUID() }, fakeJob)).toBeNull();
  });

  it('an import of visits asks for each month it touched', async () => {
    const world = await makeSamplingWorld(db, { visitsPerManager: 2, withOldVisit: false });
    const staff = await makeUser(db, 'staff');
    const [record] = await db.insert(imports).values({ kind: 'visits', fileName: 'v.csv', storedPath: '/dev/null', sha256: 'x', status: 'committed', createdBy: staff.id }).returning();
    // Two visits of the world, as if this import had written them, plus August's.
    await db.update(visitReports).set({ importId: record.id }).where(inArray(visitReports.id, [world.visits[0].id, world.visits[1].id, world.augustVisitId]));
    expect(await requestSamplingForImport(db, record.id)).toEqual(['2026-08', '2026-09']);
    for (const month of ['2026-08', '2026-09']) expect(await queue('sampling').getJob(jobId('sampling.month', { month, runKey: `import-${record.id}` }))).toBeTruthy();
  });

  it('the daily job asks for this month and last month, once a day', async () => {
    const result = (await samplingProcessors['sampling.daily']({}, {} as never)) as { months: string[] };
    expect(result.months).toHaveLength(2);
    await samplingProcessors['sampling.daily']({}, {} as never);
    const waiting = await queue('sampling').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(waiting.map((j) => j.data.month).sort()).toEqual([...result.months].sort());
  });
});
