import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import {
  auditLog,
  callbackTasks,
  customers,
  disputes,
  managerFlags,
  notifications,
  penaltyLedger,
  spotCheckItems,
  spotChecks,
  visitPlanItems,
  visitPlans,
  visitReports,
} from '@/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { evaluateOpenSpotChecks, evaluateSpotCheckItem } from '@/lib/spot-checks/evaluate';
import { clearManagerFlag, openManagerFlags } from '@/lib/spot-checks/flags';
import { listAuditEntries } from '@/lib/audit-trail/queries';
import { processors } from '@/workers/processors';
import { ctxAs, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/*
 * 电话抽查's results on the real database: the selection's rows (spot_checks, spot_check_items
 * and their spot_check callbacks) are written directly, with each callback already in the state
 * an agent's work left it; the evaluation derives findings, the day's result, the penalty ledger
 * and the removal flag. The spotCheck policy's defaults apply: 50 yuan per finding for 拜访不全,
 * 100 for 未拜访, the flag at 5 findings within 90 days.
 */
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

// Friday 2026-11-27 18:00 in Shanghai: the day's callbacks are done.
const NOW = new Date('2026-11-27T10:00:00Z');

/** What one checked customer's callback came to. */
type Ending = 'valid' | 'invalid' | 'unreachable' | 'refused' | 'cancelled' | 'waiting';

async function makeWorld() {
  const unit = await makeUnit(db);
  const otherUnit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id, displayName: '张伟' });
  const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
  const otherSupervisor = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
  const staff = await makeUser(db, 'staff', { displayName: '王敏' });
  const agent = await makeUser(db, 'agent');
  return { unit, manager, supervisor, otherSupervisor, staff, agent };
}
type World = Awaited<ReturnType<typeof makeWorld>>;

const taskState = (e: Ending) => {
  switch (e) {
    case 'valid':
    case 'invalid':
      return { state: 'closed' as const, outcome: 'completed' as const, result: e, score: e === 'valid' ? 90 : 0 };
    case 'unreachable':
      return { state: 'unreachable' as const, outcome: 'no_answer' as const, result: null, score: null };
    case 'refused':
      return { state: 'closed' as const, outcome: 'refused' as const, result: null, score: null };
    case 'cancelled':
      return { state: 'cancelled' as const, outcome: null, result: null, score: null };
    case 'waiting':
      return { state: 'waiting' as const, outcome: null, result: null, score: null };
  }
};

/**
 * A checked manager-day: one planned customer per ending (planned 09:00, 10:00 … local time), the
 * spot check selected, and each customer's spot-check callback as it ended.
 */
async function checkedDay(world: World, day: string, endings: Ending[]) {
  const month = day.slice(0, 7);
  const [existing] = await db.select().from(visitPlans).where(and(eq(visitPlans.managerId, world.manager.id), eq(visitPlans.month, month)));
  const plan = existing ?? (await db.insert(visitPlans).values({ managerId: world.manager.id, unitId: world.unit.id, month, status: 'approved' }).returning())[0];
  const [check] = await db
    .insert(spotChecks)
    .values({ day, month, managerId: world.manager.id, unitId: world.unit.id, policyVersion: 0, draw: 0.1, selected: true, reasonCode: 'spotChecks.reason.all' })
    .returning();
  const items = [];
  const tasks = [];
  for (const [n, ending] of endings.entries()) {
    const customer = await makeCustomer(db, world.unit.id, { class: 'B' });
    const contact = await makeContact(db, customer.id);
    const plannedAt = new Date(`${day}T${String(1 + n).padStart(2, '0')}:00:00Z`);
    const [planItem] = await db
      .insert(visitPlanItems)
      .values({ planId: plan.id, customerId: customer.id, contactId: contact.id, plannedAt, place: '客户办公室', purpose: '走访', contactName: contact.name, contactPhone: contact.phone })
      .returning();
    const [item] = await db
      .insert(spotCheckItems)
      .values({ spotCheckId: check.id, planItemId: planItem.id, customerId: customer.id, contactId: contact.id, plannedAt, draw: 0.1 * n, reasonCode: 'spotChecks.reason.drawn' })
      .returning();
    const s = taskState(ending);
    const [task] = await db
      .insert(callbackTasks)
      .values({
        kind: 'spot_check',
        spotCheckItemId: item.id,
        customerId: customer.id,
        managerId: world.manager.id,
        unitId: world.unit.id,
        customerClass: 'B',
        visitedAt: plannedAt,
        nextAttemptAt: plannedAt,
        attempts: ending === 'waiting' ? 0 : ending === 'unreachable' ? 3 : 1,
        state: s.state,
        outcome: s.outcome,
        result: s.result,
        score: s.score,
        closedAt: s.state === 'waiting' ? null : new Date(plannedAt.getTime() + 3 * 3600_000),
      })
      .returning();
    items.push({ ...item, customer });
    tasks.push(task);
  }
  return { check, items, tasks };
}

const evaluate = (itemId: string, now = NOW) => evaluateSpotCheckItem(db, { spotCheckItemId: itemId, now, event: 'test' });
const ledgerOf = (spotCheckId: string) => db.select().from(penaltyLedger).where(eq(penaltyLedger.spotCheckId, spotCheckId)).orderBy(asc(penaltyLedger.id));
const sum = (rows: { amountYuan: number }[]) => rows.reduce((n, r) => n + r.amountYuan, 0);
const dayRow = async (id: string) => (await db.select().from(spotChecks).where(eq(spotChecks.id, id)))[0];

/** A re-callback a dispute's reviewer ordered, completed with the given scored result. */
async function completedRecheck(world: World, item: { id: string; customerId: string; plannedAt: Date }, result: 'valid' | 'invalid', closedAt: Date) {
  const [dispute] = await db
    .insert(disputes)
    .values({
      subject: 'spot_check',
      spotCheckItemId: item.id,
      managerId: world.manager.id,
      unitId: world.unit.id,
      month: '2026-11',
      reason: '当天确实拜访了客户，请重新回访核实。',
      state: 'under_review',
      respondBy: new Date('2026-12-05T10:00:00Z'),
      reviewerId: world.staff.id,
    })
    .returning();
  await db.insert(callbackTasks).values({
    kind: 'spot_check',
    spotCheckItemId: item.id,
    origin: 'recheck',
    disputeId: dispute.id,
    boosted: true,
    customerId: item.customerId,
    managerId: world.manager.id,
    unitId: world.unit.id,
    customerClass: 'B',
    visitedAt: item.plannedAt,
    nextAttemptAt: item.plannedAt,
    attempts: 1,
    state: 'closed',
    outcome: 'completed',
    result,
    score: result === 'valid' ? 90 : 0,
    closedAt,
  });
  return dispute;
}

describe('a checked manager-day’s result and penalty', () => {
  it('拜访不全: 50 yuan per customer found not visited; unreachable counts as visited; the report filed that day is shown beside the finding', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['invalid', 'valid', 'invalid', 'unreachable', 'refused']);
    // The manager reported the second customer's visit that afternoon, and another customer's the next day.
    const [report] = await db
      .insert(visitReports)
      .values({ managerId: world.manager.id, customerId: items[1].customerId, type: 'on_site', visitedAt: new Date('2026-11-27T02:30:00Z'), reportedAt: new Date('2026-11-27T07:00:00Z'), purpose: '走访', createdBy: world.manager.id })
      .returning();
    await db.insert(visitReports).values({ managerId: world.manager.id, customerId: items[0].customerId, type: 'on_site', visitedAt: new Date('2026-11-28T02:00:00Z'), reportedAt: new Date('2026-11-28T03:00:00Z'), purpose: '走访', createdBy: world.manager.id });

    const r = await evaluate(items[0].id);
    expect(r).toMatchObject({ result: 'incomplete', findings: 2, penaltyYuan: 100, ledgerEntries: 1, flagRaised: null });

    const stored = await db.select().from(spotCheckItems).where(eq(spotCheckItems.spotCheckId, check.id)).orderBy(asc(spotCheckItems.plannedAt));
    expect(stored.map((i) => i.finding)).toEqual(['not_visited', 'visited', 'not_visited', 'unreachable', 'unverified']);
    expect(stored.every((i) => i.findingAt?.getTime() === NOW.getTime())).toBe(true);
    expect(stored.map((i) => i.matchedVisitId)).toEqual([null, report.id, null, null, null]);
    expect(await dayRow(check.id)).toMatchObject({ result: 'incomplete', findings: 2, penaltyYuan: 100 });

    const ledger = await ledgerOf(check.id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ kind: 'penalty', amountYuan: 100, cause: 'incomplete', causeParams: { findings: 2, perFindingYuan: 50 }, month: '2026-11', managerId: world.manager.id, unitId: world.unit.id, reverses: null, sourceType: 'evaluation' });
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'spotCheck.evaluated'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: 'spot_check', entityId: check.id, actorId: null });
    // The manager hears of it the same day, naming the customers and the charge, to dispute in time.
    const told = await db.select().from(notifications).where(and(eq(notifications.userId, world.manager.id), eq(notifications.kind, 'spot_check_not_visited')));
    const names = await db.select({ id: customers.id, name: customers.name }).from(customers);
    const nameOf = (id: string) => names.find((c) => c.id === id)!.name;
    expect(told.map((n) => [n.params, n.link])).toEqual([
      [{ day: '2026-11-27', customers: `${nameOf(items[0].customerId)}、${nameOf(items[2].customerId)}`, count: 2, penalty: 100 }, '/my-month?month=2026-11'],
    ]);
  });

  it('未拜访: every checked customer not visited costs 100 yuan for the day', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['invalid', 'invalid', 'invalid']);
    expect(await evaluate(items[2].id)).toMatchObject({ result: 'none', findings: 3, penaltyYuan: 100 });
    const ledger = await ledgerOf(check.id);
    expect(ledger.map((l) => [l.kind, l.amountYuan, l.cause])).toEqual([['penalty', 100, 'none']]);
  });

  it('到位: customers unreachable (not in, phone off) count as visited, and a day with nothing found costs nothing', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['unreachable', 'valid', 'unreachable', 'cancelled', 'valid']);
    expect(await evaluate(items[0].id)).toMatchObject({ result: 'on_site', findings: 0, penaltyYuan: 0, ledgerEntries: 0 });
    expect(await ledgerOf(check.id)).toEqual([]);
    expect(await dayRow(check.id)).toMatchObject({ result: 'on_site', findings: 0, penaltyYuan: 0 });
  });

  it('no result while a checked customer’s callback is still open; the finding known so far is kept', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['invalid', 'waiting']);
    expect(await evaluate(items[0].id)).toMatchObject({ result: null, penaltyYuan: 0, ledgerEntries: 0 });
    expect((await db.select().from(spotCheckItems).where(eq(spotCheckItems.spotCheckId, check.id)).orderBy(asc(spotCheckItems.plannedAt))).map((i) => i.finding)).toEqual(['not_visited', null]);
    expect(await ledgerOf(check.id)).toEqual([]);

    // The second callback ends invalid: the day is 未拜访.
    await db.update(callbackTasks).set({ state: 'closed', outcome: 'completed', result: 'invalid', score: 0, closedAt: NOW }).where(eq(callbackTasks.id, (await db.select().from(callbackTasks).where(eq(callbackTasks.spotCheckItemId, items[1].id)))[0].id));
    expect(await evaluate(items[1].id)).toMatchObject({ result: 'none', penaltyYuan: 100, ledgerEntries: 1 });
  });

  it('a changed result is corrected by reversals pointing at what they undo, and the sum is what is owed', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['invalid', 'invalid', 'valid']);
    await evaluate(items[0].id);
    expect(sum(await ledgerOf(check.id))).toBe(100); // 拜访不全, 2 × 50

    // A dispute's re-callback finds the first customer was visited after all: 1 × 50.
    const dispute = await completedRecheck(world, items[0], 'valid', new Date('2026-11-30T03:00:00Z'));
    const later = new Date('2026-11-30T04:00:00Z');
    expect(await evaluate(items[0].id, later)).toMatchObject({ result: 'incomplete', findings: 1, penaltyYuan: 50, ledgerEntries: 2 });
    let ledger = await ledgerOf(check.id);
    expect(ledger.map((l) => [l.kind, l.amountYuan, l.cause, l.reverses])).toEqual([
      ['penalty', 100, 'incomplete', null],
      ['reversal', -100, 'incomplete', ledger[0].id],
      ['penalty', 50, 'incomplete', null],
    ]);
    expect(sum(ledger)).toBe(50);

    // The other finding's dispute is overturned: nothing is owed any more.
    await db.update(disputes).set({ state: 'overturned', decidedBy: world.staff.id, decidedAt: later, decisionComment: '复核确认已拜访' }).where(eq(disputes.id, dispute.id));
    const [second] = await db
      .insert(disputes)
      .values({
        subject: 'spot_check',
        spotCheckItemId: items[1].id,
        managerId: world.manager.id,
        unitId: world.unit.id,
        month: '2026-11',
        reason: '当天确实拜访了客户，请重新核实。',
        state: 'overturned',
        respondBy: new Date('2026-12-05T10:00:00Z'),
        decidedBy: world.staff.id,
        decidedAt: later,
        decisionComment: '客户经理提供了签到记录',
      })
      .returning();
    const r = await evaluateSpotCheckItem(db, { spotCheckItemId: items[1].id, now: later, disputeId: second.id });
    expect(r).toMatchObject({ result: 'on_site', findings: 0, penaltyYuan: 0, ledgerEntries: 1 });
    ledger = await ledgerOf(check.id);
    expect(ledger.at(-1)).toMatchObject({ kind: 'reversal', amountYuan: -50, reverses: ledger[2].id, sourceType: 'dispute', sourceId: second.id });
    expect(sum(ledger)).toBe(0);
    expect((await db.select().from(spotCheckItems).where(eq(spotCheckItems.id, items[1].id)))[0].finding).toBe('visited');
  });

  it('evaluating again with nothing changed writes nothing: no ledger row, no audit entry', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['invalid', 'valid']);
    await evaluate(items[0].id);
    const before = { ledger: await ledgerOf(check.id), audit: (await db.select().from(auditLog)).length, items: await db.select().from(spotCheckItems).where(eq(spotCheckItems.spotCheckId, check.id)) };
    for (const item of items) expect(await evaluate(item.id, new Date(NOW.getTime() + 60_000))).toMatchObject({ changed: false, ledgerEntries: 0, result: 'incomplete' });
    expect(await ledgerOf(check.id)).toEqual(before.ledger);
    expect((await db.select().from(auditLog)).length).toBe(before.audit);
    // Told once, not at every evaluation.
    expect(await db.select().from(notifications).where(eq(notifications.kind, 'spot_check_not_visited'))).toHaveLength(1);
    // finding_at says when the finding was made, not when it was last looked at.
    expect(await db.select().from(spotCheckItems).where(eq(spotCheckItems.spotCheckId, check.id))).toEqual(before.items);
  });

  it('two callbacks of one day ending at once are evaluated one after the other: one penalty', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['invalid', 'invalid', 'valid', 'invalid']);
    await Promise.all(items.map((i) => evaluate(i.id)));
    const ledger = await ledgerOf(check.id);
    expect(ledger.map((l) => [l.kind, l.amountYuan])).toEqual([['penalty', 150]]);
  });

  it('the penalty ledger refuses UPDATE and DELETE', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['invalid']);
    await evaluate(items[0].id);
    // drizzle wraps the database's refusal; its cause is the trigger's message.
    const refusal = (statement: Promise<unknown>) => statement.then(() => 'accepted', (e: { cause?: { message?: string } }) => e.cause?.message ?? String(e));
    expect(await refusal(db.execute(sql`update penalty_ledger set amount_yuan = 0 where spot_check_id = ${check.id}`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`delete from penalty_ledger where spot_check_id = ${check.id}`))).toMatch(/append-only/);
    expect(sum(await ledgerOf(check.id))).toBe(100);
  });

  it('the job evaluates by its event; a job naming an item that is gone completes, saying so', async () => {
    const world = await makeWorld();
    const { check, items } = await checkedDay(world, '2026-11-27', ['invalid', 'valid']);
    const job = processors['spotChecks.evaluate'] as (p: { spotCheckItemId: string; event: string }) => Promise<unknown>;
    expect(await job({ spotCheckItemId: items[0].id, event: 'callback-x' })).toMatchObject({ spotCheckId: check.id, result: 'incomplete', penaltyYuan: 50 });
    expect((await ledgerOf(check.id))[0]).toMatchObject({ sourceType: 'evaluation', sourceId: 'callback-x' });
    expect(await job({ spotCheckItemId: '00000000-0000-4000-8000-000000000000', event: 'callback-y' })).toEqual({ skipped: 'spot-check item not found' });
    await expect(evaluate('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('the catch-up evaluates the days a lost job left behind, once', async () => {
    const world = await makeWorld();
    const a = await checkedDay(world, '2026-11-26', ['invalid', 'valid']);
    const b = await checkedDay(world, '2026-11-27', ['waiting']);
    expect(await evaluateOpenSpotChecks(db, NOW)).toEqual({ evaluated: 1, changed: 1 });
    expect(await dayRow(a.check.id)).toMatchObject({ result: 'incomplete', penaltyYuan: 50 });
    expect(await dayRow(b.check.id)).toMatchObject({ result: null });
    expect(await evaluateOpenSpotChecks(db, NOW)).toEqual({ evaluated: 0, changed: 0 });
    // b's callback ends later without its job running: the next catch-up takes it.
    await db.update(callbackTasks).set({ state: 'unreachable', outcome: 'busy', closedAt: new Date(NOW.getTime() + 60_000) }).where(eq(callbackTasks.id, b.tasks[0].id));
    expect(await evaluateOpenSpotChecks(db, new Date(NOW.getTime() + 120_000))).toEqual({ evaluated: 1, changed: 1 });
    expect(await dayRow(b.check.id)).toMatchObject({ result: 'on_site' });
  });
});

describe('the removal flag (建议调离)', () => {
  const noticesOf = (userId: string) => db.select().from(notifications).where(eq(notifications.userId, userId));

  it('opens when the findings within the window reach the threshold, and tells the unit’s supervisors and staff', async () => {
    const world = await makeWorld();
    // 4 findings in November …
    const d1 = await checkedDay(world, '2026-11-20', ['invalid', 'invalid', 'valid']);
    const d2 = await checkedDay(world, '2026-11-24', ['invalid', 'invalid', 'valid']);
    // … and 3 more 100 days earlier, outside the 90-day window.
    const old = await checkedDay(world, '2026-08-19', ['invalid', 'invalid', 'invalid']);
    for (const d of [old, d1, d2]) expect((await evaluate(d.items[0].id)).flagRaised).toBeNull();
    expect(await db.select().from(managerFlags)).toEqual([]);
    expect(await noticesOf(world.staff.id)).toEqual([]);

    // The fifth finding within the window.
    const d3 = await checkedDay(world, '2026-11-27', ['invalid', 'valid']);
    const r = await evaluate(d3.items[0].id);
    expect(r.flagRaised).not.toBeNull();
    const [flag] = await db.select().from(managerFlags);
    expect(flag).toMatchObject({ id: r.flagRaised, managerId: world.manager.id, unitId: world.unit.id, kind: 'removal_suggested', clearedAt: null });
    expect(flag.params).toMatchObject({ count: 5, threshold: 5, windowDays: 90 });

    for (const user of [world.supervisor, world.staff]) {
      const notices = await noticesOf(user.id);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ kind: 'removal_suggested', params: { manager: '张伟', count: 5, threshold: 5, days: 90 } });
    }
    expect((await noticesOf(world.supervisor.id))[0].link).toBe('/unit');
    expect((await noticesOf(world.staff.id))[0].link).toBe('/spot-checks');
    // Not the manager (who heard only of each day's findings), an agent, or another unit's supervisor.
    expect((await noticesOf(world.manager.id)).every((n) => n.kind === 'spot_check_not_visited')).toBe(true);
    for (const user of [world.agent, world.otherSupervisor]) expect(await noticesOf(user.id)).toEqual([]);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'managerFlag.raised'))).toHaveLength(1);

    // The unit view lists it for the unit (and for everyone), not for another unit.
    expect(await openManagerFlags(db, { unitId: world.unit.id })).toMatchObject([{ id: flag.id, managerName: '张伟', count: 5, threshold: 5, windowDays: 90 }]);
    expect(await openManagerFlags(db)).toHaveLength(1);
    expect(await openManagerFlags(db, { unitId: world.otherSupervisor.unitId })).toEqual([]);

    // Evaluating again, or another finding, raises no second flag and tells nobody again.
    const d4 = await checkedDay(world, '2026-11-26', ['invalid']);
    expect((await evaluate(d4.items[0].id)).flagRaised).toBeNull();
    expect((await evaluate(d3.items[1].id)).flagRaised).toBeNull();
    expect(await db.select().from(managerFlags)).toHaveLength(1);
    expect(await noticesOf(world.staff.id)).toHaveLength(1);
  });

  it('staff clear it with a reason; others may not; the supervisors are told; the count starts again', async () => {
    const world = await makeWorld();
    const d = await checkedDay(world, '2026-11-25', ['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    const { flagRaised } = await evaluate(d.items[0].id);
    expect(flagRaised).not.toBeNull();
    const flagId = flagRaised!;
    const clearAt = new Date('2026-11-27T06:00:00Z');

    for (const who of [world.manager, world.supervisor, world.agent]) {
      await expect(clearManagerFlag({ ctx: ctxAs(db, who, clearAt), input: { flagId, reason: '已约谈' } })).rejects.toBeInstanceOf(ForbiddenError);
    }
    for (const reason of ['', '   ']) {
      const refused = await clearManagerFlag({ ctx: ctxAs(db, world.staff, clearAt), input: { flagId, reason } }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).issues).toMatchObject([{ field: 'reason', code: 'spotCheckResults.clearReasonRequired' }]);
    }
    expect((await db.select().from(managerFlags))[0].clearedAt).toBeNull();

    expect(await clearManagerFlag({ ctx: ctxAs(db, world.staff, clearAt), input: { flagId, reason: ' 已约谈，调整了片区 ' } })).toEqual({ flagId, clearedAt: clearAt });
    const [flag] = await db.select().from(managerFlags);
    expect(flag).toMatchObject({ clearedAt: clearAt, clearedBy: world.staff.id, clearReason: '已约谈，调整了片区' });
    expect(await openManagerFlags(db)).toEqual([]);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'managerFlag.cleared'));
    expect(audit).toMatchObject({ actorId: world.staff.id, entityType: 'manager_flag', entityId: flagId, after: { cleared: true, reason: '已约谈，调整了片区' } });
    const told = (await noticesOf(world.supervisor.id)).filter((n) => n.kind === 'removal_flag_cleared');
    expect(told).toHaveLength(1);
    expect(told[0].params).toEqual({ manager: '张伟', clearedBy: '王敏', reason: '已约谈，调整了片区' });
    // 操作记录 reads them as sentences naming the manager.
    const trail = await listAuditEntries({ ctx: ctxAs(db, world.staff, clearAt), input: {} });
    const subjects = Object.fromEntries(trail.rows.map((r) => [r.action, r.subject]));
    expect(subjects['managerFlag.cleared']).toMatchObject({ manager: { displayName: '张伟' } });
    expect(subjects['managerFlag.raised']).toMatchObject({ manager: { displayName: '张伟' }, count: '5' });
    expect(subjects['spotCheck.evaluated']).toMatchObject({ manager: { displayName: '张伟' }, day: '2026-11-25' });
    await expect(clearManagerFlag({ ctx: ctxAs(db, world.staff, clearAt), input: { flagId, reason: '再次清除' } })).rejects.toBeInstanceOf(ConflictError);
    await expect(clearManagerFlag({ ctx: ctxAs(db, world.staff, clearAt), input: { flagId: '00000000-0000-4000-8000-000000000000', reason: '清除' } })).rejects.toBeInstanceOf(NotFoundError);

    // The findings before the clearing do not raise it again …
    expect((await evaluate(d.items[1].id, new Date('2026-11-28T10:00:00Z'))).flagRaised).toBeNull();
    const again = await checkedDay(world, '2026-11-30', ['invalid', 'invalid', 'invalid', 'invalid']);
    expect((await evaluate(again.items[0].id, new Date('2026-11-30T10:00:00Z'))).flagRaised).toBeNull();
    // … five new ones do.
    const more = await checkedDay(world, '2026-12-01', ['invalid']);
    expect((await evaluate(more.items[0].id, new Date('2026-12-01T10:00:00Z'))).flagRaised).not.toBeNull();
    expect(await openManagerFlags(db)).toMatchObject([{ count: 5 }]);
  });
});
