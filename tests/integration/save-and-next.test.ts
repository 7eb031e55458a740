import { asc, eq, inArray } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import * as schema from '@/db/schema';
import { auditLog, callbackAttempts, callbackTasks } from '@/db/schema';
import { NotHolderError, OutcomeEvidenceError, OutsideCallingHoursError, QueuePausedError } from '@/lib/callbacks/errors';
import { pauseQueue } from '@/lib/callbacks/staff';
import { takeNextAfter } from '@/lib/desk/next';
import { takeNextCallback } from '@/lib/desk/take';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { ctxAs, makeUser } from '../support/factories';
import { emptyQueuesForEachTest, makeAgents, makeCallbackWorld, pendingTimerIds } from '../support/callbacks';
import { providerCall } from '../support/calls';
import { testDb } from '../support/worker-setup';

/**
 * "Save and next" (lib/desk/next.ts): the outcome of the callback held and the claim of the next
 * one in one statement — and every rule of each still holds.
 */
let db: Db;
/** The same database, with every statement sent listed (to count round trips; nothing is faked). */
let counted: Db;
let statements: string[];
const at = (local: string) => parseLocalDateTime(local, 'Asia/Shanghai')!;

beforeEach(async () => {
  const handle = await testDb();
  db = handle.db;
  statements = [];
  counted = drizzle(handle.sql, { schema, casing: 'snake_case', logger: { logQuery: (query) => void statements.push(query) } });
});
emptyQueuesForEachTest();

type Agent = Awaited<ReturnType<typeof makeAgents>>[number];

/** The agent takes a callback and the contact answers its call (the outcome's evidence). */
async function holdAnswered(agent: Agent, local: string) {
  const r = await takeNextCallback({ ctx: ctxAs(db, agent, at(local)) });
  if (r.status !== 'held') throw new Error(`nothing to take at ${local}`);
  await providerCall(db, { taskId: r.task.id, result: 'answered', at: at(local) });
  return r.task;
}

const completed = (taskId: string) => ({ finish: { taskId, attemptNo: 1, outcome: 'completed' as const } });

async function task(id: string) {
  const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, id));
  return row;
}

describe('save and next', () => {
  it('finishes the callback held and takes another in two statements (one read, one write), audited as before', async () => {
    await makeCallbackWorld(db, { tasks: 3 });
    const [agent] = await makeAgents(db, 1);
    const first = await holdAnswered(agent, '2026-11-27 09:30');
    statements = [];
    const r = await takeNextAfter({ ctx: ctxAs(counted, agent, at('2026-11-27 09:40')), input: completed(first.id) });

    expect(statements).toHaveLength(2);
    expect(r.finished).toMatchObject({ taskId: first.id, state: 'closed', outcome: 'completed', replayed: false });
    if (r.status !== 'held') throw new Error('expected the next callback');
    expect(r.task.id).not.toBe(first.id);
    expect(r.resumed).toBe(false);
    expect(r.task.leaseExpiresAt.getTime()).toBe(at('2026-11-27 09:40').getTime() + 90_000);
    expect(await task(first.id)).toMatchObject({ state: 'closed', outcome: 'completed', holderId: null, attempts: 1 });
    expect(await task(r.task.id)).toMatchObject({ state: 'held', holderId: agent.id });
    expect(await db.select().from(callbackAttempts)).toHaveLength(1);
    const audit = (await db.select().from(auditLog).orderBy(asc(auditLog.id))).map((a) => [a.action, a.entityId]);
    expect(audit).toEqual([
      ['callback.taken', first.id],
      ['callback.outcomeRecorded', first.id],
      ['callback.taken', r.task.id],
    ]);
    // The new hold's lease timer, and the finished visit's verdict requested.
    const timers = await pendingTimerIds();
    expect(timers).toContain(`callback.lease.${r.task.id}.${r.task.leaseExpiresAt.getTime()}`);
  });

  it('leaves a retried outcome waiting with its due timer, and takes the next', async () => {
    await makeCallbackWorld(db, { tasks: 2 });
    const [agent] = await makeAgents(db, 1);
    const first = await takeNextCallback({ ctx: ctxAs(db, agent, at('2026-11-27 09:30')) });
    if (first.status !== 'held') throw new Error('expected a task');
    await providerCall(db, { taskId: first.task.id, result: 'no_answer', at: at('2026-11-27 09:31') });
    const r = await takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input: { finish: { taskId: first.task.id, attemptNo: 1, outcome: 'no_answer' } } });
    expect(r.finished).toMatchObject({ state: 'waiting' });
    expect(r.status === 'held' && r.task.id).not.toBe(first.task.id);
    expect(r.status).toBe('held');
    const waiting = await task(first.task.id);
    expect(waiting).toMatchObject({ state: 'waiting', holderId: null, attempts: 1 });
    expect(await pendingTimerIds()).toContain(`callback.due.${first.task.id}.${waiting.nextAttemptAt.getTime()}`);
  });

  it('never hands one callback to two agents: 40 concurrent saves and nexts, then a double click', async () => {
    await makeCallbackWorld(db, { tasks: 100 });
    const agents = await makeAgents(db, 40);
    const held = new Map<string, string>();
    for (const a of agents) held.set(a.id, (await holdAnswered(a, '2026-11-27 09:30')).id);

    const results = await Promise.all(agents.map((a) => takeNextAfter({ ctx: ctxAs(db, a, at('2026-11-27 09:40')), input: completed(held.get(a.id)!) })));
    const next = results.map((r) => (r.status === 'held' ? r.task.id : null));
    expect(next.every((id) => id !== null)).toBe(true);
    expect(new Set(next).size).toBe(40);
    // None of them is a callback just finished.
    for (const id of next) expect([...held.values()]).not.toContain(id);
    const heldNow = await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'held'));
    expect(heldNow).toHaveLength(40);
    const told = new Map(results.map((r, i) => [r.status === 'held' ? r.task.id : '', agents[i].id]));
    for (const t of heldNow) expect(t.holderId).toBe(told.get(t.id));
    expect(await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'closed'))).toHaveLength(40);

    // One agent's save and next sent three times at once: one attempt recorded, one callback held.
    const [agent] = agents;
    const current = next[0]!;
    await providerCall(db, { taskId: current, result: 'answered', at: at('2026-11-27 09:45') });
    const twice = await Promise.all([1, 2, 3].map(() => takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 09:50')), input: completed(current) })));
    expect(new Set(twice.map((r) => (r.status === 'held' ? r.task.id : null))).size).toBe(1);
    expect(twice.filter((r) => r.finished?.replayed === false)).toHaveLength(1);
    expect(await db.select().from(callbackAttempts).where(eq(callbackAttempts.taskId, current))).toHaveLength(1);
    expect(await db.select().from(callbackTasks).where(eq(callbackTasks.holderId, agent.id))).toHaveLength(1);
  }, 60_000);

  it('does not take a re-callback that excludes the agent, nor a spot check past its deadline', async () => {
    const world = await makeCallbackWorld(db, { tasks: 4, classes: ['A', 'B', 'C', 'D'] });
    const [agent, other] = await makeAgents(db, 2);
    const first = await holdAnswered(agent, '2026-11-27 09:30');
    // First in line now: an A task excluding this agent, then a B task past its due_by.
    const ready = (await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'ready'))).sort((x, y) => x.customerClass.localeCompare(y.customerClass));
    const [excluded, overdue, allowed] = ready;
    await db.update(callbackTasks).set({ excludedAgentId: agent.id, appointmentAt: at('2026-11-27 09:00') }).where(eq(callbackTasks.id, excluded.id));
    await db.update(callbackTasks).set({ boosted: true, dueBy: at('2026-11-27 09:35') }).where(eq(callbackTasks.id, overdue.id));

    const r = await takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input: completed(first.id) });
    expect(r.status === 'held' && r.task.id).toBe(allowed.id);
    expect(await task(excluded.id)).toMatchObject({ state: 'ready', holderId: null });
    expect(await task(overdue.id)).toMatchObject({ state: 'ready', holderId: null });
    // Another agent does get the re-callback.
    const theirs = await takeNextCallback({ ctx: ctxAs(db, other, at('2026-11-27 09:41')) });
    expect(theirs.status === 'held' && theirs.task.id).toBe(excluded.id);
    expect(world.tasks).toHaveLength(4);
  });

  it('finishes even when nothing is ready, and says the queue is empty', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const only = await holdAnswered(agent, '2026-11-27 09:30');
    const r = await takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input: completed(only.id) });
    expect(r).toMatchObject({ status: 'none', finished: { taskId: only.id, state: 'closed' } });
    expect(await task(only.id)).toMatchObject({ state: 'closed', holderId: null });
    // A repeat of the same request answers with the first result; nothing more is written.
    const again = await takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 09:41')), input: completed(only.id) });
    expect(again).toMatchObject({ status: 'none', finished: { taskId: only.id, replayed: true } });
    expect(await db.select().from(callbackAttempts)).toHaveLength(1);
  });

  it('outside calling hours or while paused: the finish commits, nothing is taken, and the refusal says why', async () => {
    await makeCallbackWorld(db, { tasks: 4 });
    const [agent] = await makeAgents(db, 1);
    const staff = await makeUser(db, 'staff');
    const beforeLunch = await holdAnswered(agent, '2026-11-27 11:50');
    const lunch = await takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 12:05')), input: completed(beforeLunch.id) }).catch((e: unknown) => e);
    expect(lunch).toBeInstanceOf(OutsideCallingHoursError);
    expect(lunch).toMatchObject({ params: { opening: '2026-11-27 14:00' } });
    expect(await task(beforeLunch.id)).toMatchObject({ state: 'closed', holderId: null });
    expect(await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'held'))).toHaveLength(0);

    const afternoon = await holdAnswered(agent, '2026-11-27 14:10');
    await pauseQueue({ ctx: ctxAs(db, staff, at('2026-11-27 14:15')), input: { reason: '系统升级' } });
    const paused = await takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 14:20')), input: completed(afternoon.id) }).catch((e: unknown) => e);
    expect(paused).toBeInstanceOf(QueuePausedError);
    expect(await task(afternoon.id)).toMatchObject({ state: 'closed', holderId: null });
    expect(await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'held'))).toHaveLength(0);
    expect(await db.select().from(callbackAttempts)).toHaveLength(2);
  });

  it('a finish refused takes nothing and writes nothing; a callback the agent does not hold is not theirs to finish', async () => {
    await makeCallbackWorld(db, { tasks: 3 });
    const [agent, other] = await makeAgents(db, 2);
    const t = await takeNextCallback({ ctx: ctxAs(db, agent, at('2026-11-27 09:30')) });
    if (t.status !== 'held') throw new Error('expected a task');
    // Refused with no call behind it (manual calls are off): the agent keeps the callback.
    const refused = await takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input: { finish: { taskId: t.task.id, attemptNo: 1, outcome: 'refused' } } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OutcomeEvidenceError);
    expect(await task(t.task.id)).toMatchObject({ state: 'held', holderId: agent.id, attempts: 0 });
    expect(await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'held'))).toHaveLength(1);
    // Someone else's finish of it is refused, and they take nothing either.
    await providerCall(db, { taskId: t.task.id, result: 'answered', at: at('2026-11-27 09:41') });
    await expect(takeNextAfter({ ctx: ctxAs(db, other, at('2026-11-27 09:42')), input: completed(t.task.id) })).rejects.toBeInstanceOf(NotHolderError);
    const held = await db.select().from(callbackTasks).where(inArray(callbackTasks.holderId, [agent.id, other.id]));
    expect(held.map((h) => h.holderId)).toEqual([agent.id]);
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
  });
});
