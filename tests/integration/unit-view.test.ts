import { desc, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { disputes, visitPlans, visitVerdicts } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { managerClosedMonths } from '@/lib/assessment/report';
import { evaluateManagerMonth } from '@/lib/assessment/evaluate';
import { ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { unitMonthView } from '@/lib/unit/queries';
import { CLOSE_AT, makeAssessmentWorld, MONTH } from '../support/assessment';
import { ctxAs, makeClaim, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

/** 5 December 2026: November is over, not closed yet. */
const NOW = new Date('2026-12-05T02:00:00Z');

async function latestVerdictId(visitId: string) {
  const [v] = await db.select({ id: visitVerdicts.id }).from(visitVerdicts).where(eq(visitVerdicts.visitId, visitId)).orderBy(desc(visitVerdicts.version)).limit(1);
  return v.id;
}

/**
 * The hand-counted November of tests/support/assessment.ts (see assessment.test.ts for the
 * counting), evaluated; plus a second unit with its own supervisor and manager, disputes and plans.
 */
async function world() {
  const w = await makeAssessmentWorld(db);
  for (const m of [w.m1, w.m2]) await evaluateManagerMonth(db, { managerId: m.id, month: MONTH }, { now: CLOSE_AT });
  const supervisor = await makeUser(db, 'supervisor', { unitId: w.unit.id });
  const otherUnit = await makeUnit(db);
  const otherSupervisor = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
  const outsider = await makeUser(db, 'manager', { unitId: otherUnit.id, displayName: '丙经理' });
  await makeClaim(db, (await makeCustomer(db, otherUnit.id)).id, outsider.id);

  const dispute = async (o: { visitId: string; managerId: string; state: 'open' | 'under_review' | 'upheld' | 'withdrawn'; respondBy: string; month?: string }) => {
    await db.insert(disputes).values({
      visitId: o.visitId,
      managerId: o.managerId,
      unitId: w.unit.id,
      month: o.month ?? MONTH,
      subject: 'verdict',
      verdictId: await latestVerdictId(o.visitId),
      reason: '回访时客户正在开会，答复有误，请重新核实。',
      state: o.state,
      filedAt: new Date('2026-12-01T02:00:00Z'),
      respondBy: new Date(o.respondBy),
      ...(o.state === 'upheld' ? { decidedBy: w.staff.id, decidedAt: new Date('2026-12-02T02:00:00Z'), decisionComment: '维持' } : {}),
    });
  };
  // Manager 1: one open past its deadline, one under review in time, one already decided (not open).
  await dispute({ visitId: w.visits.v2b.id, managerId: w.m1.id, state: 'open', respondBy: '2026-12-04T10:00:00Z' });
  await dispute({ visitId: w.visits.v1.id, managerId: w.m1.id, state: 'under_review', respondBy: '2026-12-08T10:00:00Z' });
  await dispute({ visitId: w.visits.v4.id, managerId: w.m1.id, state: 'upheld', respondBy: '2026-12-04T10:00:00Z' });
  // Manager 2: one open, about October (another month), whose verdict comes from October's evaluation.
  await evaluateManagerMonth(db, { managerId: w.m2.id, month: '2026-10' }, { now: CLOSE_AT });
  await dispute({ visitId: w.visits.v5p.id, managerId: w.m2.id, state: 'open', respondBy: '2026-11-20T10:00:00Z', month: '2026-10' });

  // Plans: m1's December plan waits for approval; m2's is a draft; the other unit's waits for its own supervisor.
  await db.insert(visitPlans).values([
    { managerId: w.m1.id, unitId: w.unit.id, month: '2026-12', status: 'submitted', revision: 1, submittedAt: new Date('2026-12-01T01:00:00Z') },
    { managerId: w.m2.id, unitId: w.unit.id, month: '2026-12', status: 'draft' },
    { managerId: outsider.id, unitId: otherUnit.id, month: '2026-12', status: 'submitted', revision: 1, submittedAt: new Date('2026-12-01T01:00:00Z') },
  ]);
  return { ...w, supervisor, otherUnit, otherSupervisor, outsider };
}

describe("the supervisor's unit view", () => {
  it("shows each of the unit's managers with coverage, verdicts, points, disputes and late reports as counted by hand", async () => {
    const w = await world();
    const view = await unitMonthView({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: MONTH } });
    expect(view.unit?.id).toBe(w.unit.id);
    expect(view.unitLocked).toBe(true);
    expect(view.monthOver).toBe(true);
    expect(view.close).toBeNull();
    const byId = new Map(view.managers.map((m) => [m.managerId, m]));
    expect([...byId.keys()].sort()).toEqual([w.m1.id, w.m2.id].sort());

    expect(byId.get(w.m1.id)).toMatchObject({
      claimedCustomers: 4,
      required: 6,
      done: 6,
      coverageRate: 1,
      coverage: 'met',
      visits: 5,
      late: 1,
      valid: 2,
      invalid: 1,
      unverified: 2,
      pending: 0,
      points: 18,
      openDisputes: 2,
      overdueDisputes: 1,
      score: null,
      grade: null,
    });
    expect(byId.get(w.m1.id)!.validRate).toBeCloseTo(2 / 3, 10);
    expect(byId.get(w.m2.id)).toMatchObject({
      claimedCustomers: 2,
      required: 3,
      done: 1,
      coverage: 'failed',
      gaps: 2,
      visits: 5,
      late: 0,
      valid: 0,
      invalid: 3,
      unverified: 1,
      pending: 1,
      validRate: 0,
      points: 0,
      // Its open dispute is about October, not this month.
      openDisputes: 0,
      overdueDisputes: 0,
    });
    expect(view.totals).toMatchObject({ managers: 2, required: 9, done: 7, points: 18, openDisputes: 2, overdueDisputes: 1, coverageShort: 1, late: 1, visits: 10 });

    // The approval queue: the unit's submitted plan only.
    expect(view.plans.rows.map((p) => [p.managerId, p.month, p.status])).toEqual([[w.m1.id, '2026-12', 'submitted']]);
  });

  it("the October view counts m2's October dispute, as overdue", async () => {
    const w = await world();
    const view = await unitMonthView({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: '2026-10' } });
    const m2 = view.managers.find((m) => m.managerId === w.m2.id)!;
    expect(m2).toMatchObject({ openDisputes: 1, overdueDisputes: 1 });
    expect(view.managers.find((m) => m.managerId === w.m1.id)).toMatchObject({ openDisputes: 0 });
  });

  it("never shows another unit: not in the list, and asking for it by id reads as not found", async () => {
    const w = await world();
    const supervisor = ctxAs(db, w.supervisor, NOW);
    const view = await unitMonthView({ ctx: supervisor, input: { month: MONTH } });
    expect(view.managers.map((m) => m.managerId)).not.toContain(w.outsider.id);
    expect(view.units).toEqual([]);
    await expect(unitMonthView({ ctx: supervisor, input: { month: MONTH, unitId: w.otherUnit.id } })).rejects.toBeInstanceOf(NotFoundError);
    // Naming their own unit is fine.
    expect((await unitMonthView({ ctx: supervisor, input: { month: MONTH, unitId: w.unit.id } })).unit?.id).toBe(w.unit.id);

    // The other unit's supervisor sees their manager and plan, and none of the first unit's.
    const other = await unitMonthView({ ctx: ctxAs(db, w.otherSupervisor, NOW), input: { month: MONTH } });
    expect(other.managers.map((m) => m.managerId)).toEqual([w.outsider.id]);
    expect(other.managers[0]).toMatchObject({ points: 0, openDisputes: 0, visits: 0 });
    expect(other.plans.rows.map((p) => p.managerId)).toEqual([w.outsider.id]);
  });

  it('staff choose any unit; managers and agents may not open the view', async () => {
    const w = await world();
    const staff = ctxAs(db, w.staff, NOW);
    const view = await unitMonthView({ ctx: staff, input: { month: MONTH, unitId: w.otherUnit.id } });
    expect(view.unitLocked).toBe(false);
    expect(view.units.map((u) => u.id).sort()).toEqual([w.unit.id, w.otherUnit.id].sort());
    expect(view.managers.map((m) => m.managerId)).toEqual([w.outsider.id]);
    const first = await unitMonthView({ ctx: staff, input: { month: MONTH, unitId: w.unit.id } });
    expect(first.managers.find((m) => m.managerId === w.m1.id)).toMatchObject({ points: 18, openDisputes: 2 });
    await expect(unitMonthView({ ctx: staff, input: { month: MONTH, unitId: '6f1c1d3e-1111-4222-8333-944444444444' } })).rejects.toBeInstanceOf(NotFoundError);

    await expect(unitMonthView({ ctx: ctxAs(db, w.m1, NOW), input: { month: MONTH } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(unitMonthView({ ctx: ctxAs(db, w.agent, NOW), input: {} })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('defaults to the current month in the app time zone, where coverage still open reads as short, not failed', async () => {
    const w = await world();
    // 30 November 2026, 23:30 in Asia/Shanghai (15:30 UTC): still November there.
    const view = await unitMonthView({ ctx: ctxAs(db, w.supervisor, new Date('2026-11-30T15:30:00Z')), input: {} });
    expect(view.month).toBe(MONTH);
    expect(view.monthOver).toBe(false);
    expect(view.managers.find((m) => m.managerId === w.m2.id)!.coverage).toBe('short');
    // 1 December, 00:30 there: December.
    expect((await unitMonthView({ ctx: ctxAs(db, w.supervisor, new Date('2026-11-30T16:30:00Z')), input: {} })).month).toBe('2026-12');
  });

  it('once the month is closed, shows the close’s score and grade', async () => {
    const w = await world();
    await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    const view = await unitMonthView({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: MONTH } });
    expect(view.close).toMatchObject({ version: 1, changedSinceClose: false });
    expect(view.managers.find((m) => m.managerId === w.m1.id)).toMatchObject({ score: 82.7, grade: 'good', points: 18 });
    expect(view.managers.find((m) => m.managerId === w.m2.id)).toMatchObject({ score: 33.3, grade: 'seriously_below' });
  });
});

describe("a manager's closed months (my month)", () => {
  it('lists the latest close of each month with score, grade and points, own only; marks a month changed since', async () => {
    const w = await world();
    const m1 = ctxAs(db, w.m1, NOW);
    expect(await managerClosedMonths({ ctx: m1 })).toEqual([]);
    await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    expect(await managerClosedMonths({ ctx: m1, input: { managerId: w.m2.id } })).toMatchObject([{ month: MONTH, version: 1, score: 82.7, grade: 'good', points: 18, changedSinceClose: false }]);
    expect(await managerClosedMonths({ ctx: ctxAs(db, w.m2, NOW) })).toMatchObject([{ month: MONTH, score: 33.3, grade: 'seriously_below', points: 0 }]);

    // The unit's supervisor may read it; another unit's may not.
    expect(await managerClosedMonths({ ctx: ctxAs(db, w.supervisor, NOW), input: { managerId: w.m1.id } })).toHaveLength(1);
    await expect(managerClosedMonths({ ctx: ctxAs(db, w.otherSupervisor, NOW), input: { managerId: w.m1.id } })).rejects.toBeInstanceOf(NotFoundError);

    // Closed again: the latest close counts.
    await db.execute(sql`update month_status set changed_since_close = true where month = ${MONTH}`);
    expect(await managerClosedMonths({ ctx: m1 })).toMatchObject([{ version: 1, changedSinceClose: true }]);
    await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    expect(await managerClosedMonths({ ctx: m1 })).toMatchObject([{ month: MONTH, version: 2, changedSinceClose: false }]);
  });
});
