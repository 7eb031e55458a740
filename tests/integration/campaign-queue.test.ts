import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { callbackAttempts, callbackResults, callbackTasks, monthStatus, scriptVersions, spotCheckItems, spotChecks, visitPlanItems, visitPlans } from '@/db/schema';
import { expireOverdueCallbacks } from '@/lib/callbacks/expire';
import { getCallbackForAgent, queueOverview } from '@/lib/callbacks/queries';
import { dispatchRankOf } from '@/lib/campaigns/kinds';
import { openDeskCallback } from '@/lib/desk/open';
import { takeNextCallback } from '@/lib/desk/take';
import { queue } from '@/lib/platform/jobs/queues';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { evaluateSpotCheckItem } from '@/lib/spot-checks/evaluate';
import { getCallbackIndicators } from '@/lib/indicators/indicators';
import { monthOf } from '@/lib/platform/time/zone';
import { ctxAs, makeContact, makeCustomer, makeUser } from '../support/factories';
import { emptyQueuesForEachTest, makeAgents, makeCallbackWorld } from '../support/callbacks';
import { testDb } from '../support/worker-setup';

let db: Db;
// Friday 2026-11-27 10:00 in Shanghai: inside the default calling hours.
const FRIDAY_10 = new Date('2026-11-27T02:00:00Z');

beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

/**
 * A manager's approved plan for November with one item on Friday 09:00 for a new customer, drawn
 * for a spot check, and its ready callback (what the selection writes, written directly here).
 */
async function spotCheckCallback(world: Awaited<ReturnType<typeof makeCallbackWorld>>, options: { dueBy?: Date | null; customerClass?: 'A' | 'B' | 'C' | 'D' } = {}) {
  const customer = await makeCustomer(db, world.unit.id, { class: options.customerClass ?? 'C', name: '抽查客户有限公司' });
  const onFile = await makeContact(db, customer.id, { name: '何静', role: 'key_person', phone: '+8613900139001' });
  const [plan] = await db
    .insert(visitPlans)
    .values({ managerId: world.manager.id, unitId: world.unit.id, month: '2026-11', status: 'approved' })
    .onConflictDoUpdate({ target: [visitPlans.managerId, visitPlans.month], set: { status: 'approved' } })
    .returning();
  const plannedAt = new Date('2026-11-27T01:00:00Z');
  const [item] = await db
    .insert(visitPlanItems)
    .values({ planId: plan.id, customerId: customer.id, contactId: onFile.id, plannedAt, place: '客户办公室', purpose: '商谈专线扩容', contactName: '何静', contactPhone: '+8613800000000' })
    .returning();
  const [check] = await db
    .insert(spotChecks)
    .values({ day: '2026-11-27', month: '2026-11', managerId: world.manager.id, unitId: world.unit.id, policyVersion: 0, draw: 0.1, selected: true, reasonCode: 'all' })
    .onConflictDoUpdate({ target: [spotChecks.managerId, spotChecks.day], set: { selected: true } })
    .returning();
  const [drawn] = await db
    .insert(spotCheckItems)
    .values({ spotCheckId: check.id, planItemId: item.id, customerId: customer.id, contactId: onFile.id, plannedAt, draw: 0.2, reasonCode: 'drawn' })
    .returning();
  const [task] = await db
    .insert(callbackTasks)
    .values({
      kind: 'spot_check',
      spotCheckItemId: drawn.id,
      customerId: customer.id,
      managerId: world.manager.id,
      unitId: world.unit.id,
      customerClass: customer.class,
      visitedAt: plannedAt,
      state: 'ready',
      nextAttemptAt: plannedAt,
      dueBy: options.dueBy === undefined ? new Date('2026-11-28T01:00:00Z') : options.dueBy,
    })
    .returning();
  return { task, item: drawn, customer, onFile };
}

describe('campaign kinds in one queue', () => {
  it('the database orders ready callbacks as the kinds registry says: appointments, re-callbacks, spot checks, then class A, B, C/D', async () => {
    const world = await makeCallbackWorld(db, { tasks: 4, classes: ['A', 'B', 'C', 'D'] });
    await spotCheckCallback(world, { customerClass: 'D' });
    const rows = await db.select().from(callbackTasks);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.dispatchRank).toBe(dispatchRankOf(row));
    // Once one is an appointment and another boosted, the generated rank follows the same rule.
    await db.update(callbackTasks).set({ appointmentAt: FRIDAY_10 }).where(eq(callbackTasks.id, rows[0].id));
    await db.update(callbackTasks).set({ boosted: true }).where(eq(callbackTasks.id, rows[1].id));
    for (const row of await db.select().from(callbackTasks)) expect(row.dispatchRank).toBe(dispatchRankOf(row));
  });

  it('hands the spot check first, then the verifications by class; 30 agents at once never get the same callback twice', async () => {
    const world = await makeCallbackWorld(db, { tasks: 20 });
    const { task: spot } = await spotCheckCallback(world, { customerClass: 'D' });
    const [first] = await makeAgents(db, 1);
    const taken = await takeNextCallback({ ctx: ctxAs(db, first, FRIDAY_10) });
    expect(taken).toMatchObject({ status: 'held', task: { id: spot.id, kind: 'spot_check' } });

    const agents = await makeAgents(db, 30);
    const results = await Promise.all(agents.map((a) => takeNextCallback({ ctx: ctxAs(db, a, FRIDAY_10) })));
    const held = results.flatMap((r) => (r.status === 'held' ? [r.task.id] : []));
    expect(held).toHaveLength(20);
    expect(new Set([...held, spot.id]).size).toBe(21);
    expect(results.filter((r) => r.status === 'none')).toHaveLength(10);
  });

  it('shows the agent the planned visit of a spot check, the contact on file (masked), never the phone typed into the plan', async () => {
    await ensureDefaultScript(db, { now: FRIDAY_10 });
    const world = await makeCallbackWorld(db, { tasks: 0 });
    const { task, onFile, item, customer } = await spotCheckCallback(world);
    const [agent] = await makeAgents(db, 1);
    await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) });
    const preview = await getCallbackForAgent({ ctx: ctxAs(db, agent, FRIDAY_10), input: { taskId: task.id } });
    expect(preview.task.kind).toBe('spot_check');
    expect(preview.visit).toBeNull();
    expect(preview.plan).toMatchObject({ place: '客户办公室', purpose: '商谈专线扩容', contactName: '何静' });
    expect(preview.contacts).toEqual([expect.objectContaining({ id: onFile.id, name: '何静', phoneMasked: expect.not.stringContaining('39001') })]);
    expect(JSON.stringify(preview)).not.toContain('13800000000');
    // Another key person of the customer comes after the planned one — also when the plan names
    // its contact only by the name typed in (no contact picked from the file).
    await makeContact(db, customer.id, { name: '丁伟', role: 'key_person', phone: '+8613900139002' });
    await db.update(spotCheckItems).set({ contactId: null }).where(eq(spotCheckItems.id, item.id));
    await db.update(visitPlanItems).set({ contactId: null });
    const again = await getCallbackForAgent({ ctx: ctxAs(db, agent, FRIDAY_10), input: { taskId: task.id } });
    expect(again.contacts.map((c) => c.name)).toEqual(['何静', '丁伟']);

    const desk = await openDeskCallback({ ctx: ctxAs(db, agent, FRIDAY_10) });
    expect(desk?.task.kind).toBe('spot_check');
    expect(desk?.visitContext).toMatchObject({ customer: '抽查客户有限公司', contact: '何静', visitDate: '2026-11-27', purpose: '商谈专线扩容', visitType: null });
  });

  it('a spot check past its deadline is not offered, and is cancelled as expired with its evaluation requested', async () => {
    const world = await makeCallbackWorld(db, { tasks: 0 });
    const { task, item } = await spotCheckCallback(world, { dueBy: new Date('2026-11-27T01:30:00Z') });
    const [agent] = await makeAgents(db, 1);
    expect(await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) })).toEqual({ status: 'none' });

    expect(await expireOverdueCallbacks({ db, now: FRIDAY_10 })).toEqual({ expired: 1 });
    const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, task.id));
    expect(row).toMatchObject({ state: 'cancelled', closedAt: FRIDAY_10 });
    expect(row.cancelReason).toContain('已过外呼时限');
    const jobs = await queue('spot-checks').getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.map((j) => j.data)).toEqual([{ spotCheckItemId: item.id, event: `expired-${task.id}` }]);
    // Running again finds nothing more to expire.
    expect(await expireOverdueCallbacks({ db, now: FRIDAY_10 })).toEqual({ expired: 0 });
  });

  it('回访率 and the other verification indicators count verifications only; a spot check is judged as 拜访到位率', async () => {
    const world = await makeCallbackWorld(db, { tasks: 3 });
    await spotCheckCallback(world);
    const staff = await makeUser(db, 'staff');
    const now = new Date();
    const r = await getCallbackIndicators({ ctx: ctxAs(db, staff, now), input: { month: monthOf(now, 'Asia/Shanghai') } });
    expect(r.department.callbackRate).toMatchObject({ due: 3, open: 3 });
  });

  it('counts open callbacks by kind for the staff queue page', async () => {
    const world = await makeCallbackWorld(db, { tasks: 3 });
    await spotCheckCallback(world);
    const staff = await makeUser(db, 'staff');
    const q = await queueOverview({ ctx: ctxAs(db, staff, FRIDAY_10) });
    expect(q.byKind).toEqual({ verification: { waiting: 0, ready: 3, held: 0, total: 3 }, spot_check: { waiting: 0, ready: 1, held: 0, total: 1 } });
    const [{ n }] = (await db.execute(sql`select count(*)::int as n from callback_tasks`)) as unknown as { n: number }[];
    expect(n).toBe(4);
  });

  it('a spot check finds 未拜访 only on the script\'s knock-out answer: a completed call scored below the threshold without it counts as visited; a closed month\'s result changing marks it changed since the close', async () => {
    await ensureDefaultScript(db, { now: FRIDAY_10 });
    const world = await makeCallbackWorld(db, { tasks: 0 });
    const [agent] = await makeAgents(db, 1);
    const [version] = await db.select().from(scriptVersions).limit(1);
    const completed = async (knockedOut: string | null) => {
      const { task, item } = await spotCheckCallback(world);
      await db.update(callbackTasks).set({ state: 'closed', outcome: 'completed', attempts: 1, result: 'invalid', score: 55, closedAt: FRIDAY_10 }).where(eq(callbackTasks.id, task.id));
      const [attempt] = await db.insert(callbackAttempts).values({ taskId: task.id, attemptNo: 1, agentId: agent.id, outcome: 'completed', startedAt: FRIDAY_10, endedAt: FRIDAY_10 }).returning();
      await db.insert(callbackResults).values({ taskId: task.id, attemptId: attempt.id, scriptVersionId: version.id, answers: {}, score: 55, maxScore: 100, knockedOut, result: 'invalid', agentId: agent.id, submittedAt: FRIDAY_10 });
      await evaluateSpotCheckItem(db, { spotCheckItemId: item.id, now: FRIDAY_10, event: 'test' });
      const [row] = await db.select({ finding: spotCheckItems.finding }).from(spotCheckItems).where(eq(spotCheckItems.id, item.id));
      return row.finding;
    };
    // November was closed already: a spot-check result that changes now marks it changed since.
    await db.insert(monthStatus).values({ month: '2026-11', closedVersion: 1, changedSinceClose: false });
    // An unhappy customer who confirms the visit (a low score, no knock-out): the manager came.
    expect(await completed(null)).toBe('visited');
    expect((await db.select().from(monthStatus))[0].changedSinceClose).toBe(true);
    // "No, nobody came" (the knock-out): a finding.
    expect(await completed('visited')).toBe('not_visited');
  });
});
