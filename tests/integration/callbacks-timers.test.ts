import { and, eq, inArray } from 'drizzle-orm';
import { Worker, type Job } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackAttempts, callbackTasks } from '@/db/schema';
import { pullBackCallback } from '@/lib/callbacks/staff';
import { scheduleDueTimers } from '@/lib/callbacks/create';
import { renewLease, takeNextCallback } from '@/lib/desk/take';
import { reconcileCallbacks } from '@/lib/callbacks/reconcile';
import { expireCallbackLease, makeCallbackDue } from '@/lib/callbacks/timer-verbs';
import { env } from '@/lib/platform/config/env';
import { enqueue, queue } from '@/lib/platform/jobs/queues';
import { newRedisConnection } from '@/lib/platform/redis/connection';
import { callbackProcessors } from '@/workers/processors/callbacks';
import { providerCall } from '../support/calls';
import { ctxAs, makeUser } from '../support/factories';
import { callAroundTheClock, emptyQueuesForEachTest, flushQueuePrefix, makeAgents, makeCallbackWorld, pendingTimerIds } from '../support/callbacks';
import { testDb } from '../support/worker-setup';

let db: Db;
const FRIDAY_10 = new Date('2026-11-27T02:00:00Z');

beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

async function task(id: string) {
  const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, id));
  return row;
}

/** A real BullMQ worker on the timer queue, running the production processors against this test's database. */
function startTimerWorker() {
  return new Worker(
    'callback-timers',
    async (job: Job) => {
      const name = job.name as 'callback.due' | 'callback.lease';
      return (callbackProcessors[name] as (p: unknown, j: Job) => Promise<unknown>)(job.data, job);
    },
    { connection: newRedisConnection(), prefix: env().QUEUE_PREFIX, concurrency: 2 },
  );
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not met in time');
}

describe('leases', () => {
  it('returns an abandoned task to the queue when the lease timer runs past expiry', async () => {
    await makeCallbackWorld(db, { tasks: 2 });
    const [agent] = await makeAgents(db, 1);
    const taken = await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) });
    if (taken.status !== 'held') throw new Error('expected a task');
    const input = { taskId: taken.task.id, expiresAt: taken.task.leaseExpiresAt.getTime() };

    // Before expiry the timer only sleeps again; the task stays with its agent.
    expect(await expireCallbackLease({ db, now: new Date(input.expiresAt - 30_000), input })).toBe('early');
    expect((await task(input.taskId)).state).toBe('held');

    expect(await expireCallbackLease({ db, now: new Date(input.expiresAt + 1000), input })).toBe('returned');
    expect(await task(input.taskId)).toMatchObject({ state: 'ready', holderId: null, leaseExpiresAt: null, attempts: 0 });
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'callback.leaseLapsed'), eq(auditLog.entityId, input.taskId)));
    expect(audit.before).toMatchObject({ holderId: agent.id });
    // Running the same timer again changes nothing (idempotent).
    expect(await expireCallbackLease({ db, now: new Date(input.expiresAt + 2000), input })).toBe('stale');
  });

  it('a desk that lets go after the contact’s phone rang ends the attempt: a technical failure on that call, retried after the spacing', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const taken = await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) });
    if (taken.status !== 'held') throw new Error('expected a task');
    // The contact answered; the agent closed the desk without recording anything.
    const call = await providerCall(db, { taskId: taken.task.id, result: 'answered', at: new Date(FRIDAY_10.getTime() + 5_000) });
    const input = { taskId: taken.task.id, expiresAt: taken.task.leaseExpiresAt.getTime() };
    const lapsedAt = new Date(input.expiresAt + 1000);
    expect(await expireCallbackLease({ db, now: lapsedAt, input })).toBe('attemptEnded');

    const after = await task(input.taskId);
    expect(after).toMatchObject({ state: 'waiting', holderId: null, attempts: 1, lastOutcome: 'technical_failure' });
    // Not back at once: the retry spacing (120 min by default) applies.
    expect(after.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(lapsedAt.getTime() + 120 * 60_000);
    const [attempt] = await db.select().from(callbackAttempts).where(eq(callbackAttempts.taskId, input.taskId));
    expect(attempt).toMatchObject({ attemptNo: 1, agentId: agent.id, outcome: 'technical_failure', callId: call.id, manual: false });
    expect(attempt.notes).toContain('坐席租约到期');
    const [audit] = await db.select().from(auditLog).where(and(eq(auditLog.action, 'callback.leaseLapsed'), eq(auditLog.entityId, input.taskId)));
    expect(audit.after).toMatchObject({ state: 'waiting', attemptNo: 1, outcome: 'technical_failure' });
  });

  it('staff pulling a callback back after the contact’s phone rang end the attempt the same way; before any call it returns unworked', async () => {
    await makeCallbackWorld(db, { tasks: 2 });
    const [ann, bob] = await makeAgents(db, 2);
    const staff = await makeUser(db, 'staff');
    const first = await takeNextCallback({ ctx: ctxAs(db, ann, FRIDAY_10) });
    const second = await takeNextCallback({ ctx: ctxAs(db, bob, FRIDAY_10) });
    if (first.status !== 'held' || second.status !== 'held') throw new Error('expected tasks');
    await providerCall(db, { taskId: first.task.id, result: 'ringing', at: FRIDAY_10 });
    // Only Bob's own phone rang: the contact was never dialled.
    await providerCall(db, { taskId: second.task.id, result: 'agent_unanswered', at: FRIDAY_10 });
    const later = new Date(FRIDAY_10.getTime() + 60_000);
    await pullBackCallback({ ctx: ctxAs(db, staff, later), input: { taskId: first.task.id, reason: '坐席离开' } });
    await pullBackCallback({ ctx: ctxAs(db, staff, later), input: { taskId: second.task.id, reason: '坐席离开' } });
    expect(await task(first.task.id)).toMatchObject({ state: 'waiting', attempts: 1, lastOutcome: 'technical_failure' });
    expect(await task(second.task.id)).toMatchObject({ state: 'ready', attempts: 0 });
    const attempts = await db.select().from(callbackAttempts).where(eq(callbackAttempts.taskId, first.task.id));
    expect(attempts.map((a) => [a.outcome, a.agentId, a.notes.includes('集团客户部收回')])).toEqual([['technical_failure', ann.id, true]]);
    expect(await db.select().from(callbackAttempts).where(eq(callbackAttempts.taskId, second.task.id))).toEqual([]);
  });

  it('keeps a renewed lease and chains the next timer to the new expiry', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const taken = await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) });
    if (taken.status !== 'held') throw new Error('expected a task');
    const renewed = await renewLease({ ctx: ctxAs(db, agent, new Date(FRIDAY_10.getTime() + 60_000)), input: { taskId: taken.task.id } });
    const first = { taskId: taken.task.id, expiresAt: taken.task.leaseExpiresAt.getTime() };
    expect(await expireCallbackLease({ db, now: new Date(first.expiresAt), input: first })).toBe('renewed');
    expect((await task(first.taskId)).state).toBe('held');
    expect(await pendingTimerIds()).toContain(`callback.lease.${first.taskId}.${renewed.leaseExpiresAt.getTime()}`);
  });

  it('returns the task through the real BullMQ timer when the desk stops renewing', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    await callAroundTheClock(db);
    const [agent] = await makeAgents(db, 1);
    // Taken "89.5 s ago" with a 90 s lease: the lease timer is due half a second from now.
    const takenAt = new Date(Date.now() - 89_500);
    const taken = await takeNextCallback({ ctx: ctxAs(db, agent, takenAt) });
    if (taken.status !== 'held') throw new Error('expected a task');
    const worker = startTimerWorker();
    try {
      await until(async () => (await task(taken.task.id)).state === 'ready');
    } finally {
      await worker.close();
    }
    expect((await task(taken.task.id)).holderId).toBeNull();
  });
});

describe('due timers', () => {
  it('makes created tasks ready through the real BullMQ timer, once', async () => {
    const world = await makeCallbackWorld(db, { tasks: 3, state: 'waiting', nextAttemptAt: new Date(Date.now() - 1000) });
    await scheduleDueTimers(world.tasks.map((t) => ({ id: t.id, nextAttemptAt: t.nextAttemptAt })));
    const worker = startTimerWorker();
    try {
      await until(async () => (await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'ready'))).length === 3);
    } finally {
      await worker.close();
    }
    // A stale timer (the task moved on) does nothing.
    const t = world.tasks[0];
    expect(await makeCallbackDue({ db, now: new Date(), input: { taskId: t.id, dueAt: t.nextAttemptAt.getTime() } })).toBe('stale');
  });
});

describe('reconcile', () => {
  it('removes orphaned timers, and after a Redis flush restores exactly one timer per open task', async () => {
    const world = await makeCallbackWorld(db, { tasks: 40, state: 'waiting', nextAttemptAt: new Date(Date.now() + 3600_000) });
    await scheduleDueTimers(world.tasks.map((t) => ({ id: t.id, nextAttemptAt: t.nextAttemptAt })));
    // Ten become ready, five of those are taken (held, with lease timers); three are closed.
    const readyIds = world.tasks.slice(0, 10).map((t) => t.id);
    await db.update(callbackTasks).set({ state: 'ready' }).where(inArray(callbackTasks.id, readyIds));
    const closedIds = world.tasks.slice(10, 13).map((t) => t.id);
    await db.update(callbackTasks).set({ state: 'closed', outcome: 'completed', closedAt: FRIDAY_10 }).where(inArray(callbackTasks.id, closedIds));
    await callAroundTheClock(db);
    const agents = await makeAgents(db, 5);
    for (const a of agents) await takeNextCallback({ ctx: ctxAs(db, a, new Date()) });
    // A stale timer: the right task but a time that no longer matches.
    const waitingTask = world.tasks[20];
    await enqueue('callback.due', { taskId: waitingTask.id, dueAt: waitingTask.nextAttemptAt.getTime() - 60_000 }, { delayMs: 3600_000 });

    const expected = async () => {
      const open = await db.select().from(callbackTasks).where(inArray(callbackTasks.state, ['waiting', 'held']));
      return open
        .map((t) => (t.state === 'waiting' ? `callback.due.${t.id}.${t.nextAttemptAt.getTime()}` : `callback.lease.${t.id}.${t.leaseExpiresAt!.getTime()}`))
        .sort();
    };
    const first = await reconcileCallbacks({ db, now: new Date() });
    // 10 ready + 3 closed due timers are orphans, plus the stale one; the 5 held have their lease timers.
    expect(first).toMatchObject({ open: { waiting: 27, held: 5 }, added: { due: 0, lease: 0 }, removed: { due: 14, lease: 0 }, kept: 32 });
    expect(await pendingTimerIds()).toEqual(await expected());

    // Redis loses everything of ours (FLUSHDB, limited to this test's key prefix).
    expect(await flushQueuePrefix()).toBeGreaterThan(0);
    expect(await pendingTimerIds()).toEqual([]);
    const restored = await reconcileCallbacks({ db, now: new Date() });
    expect(restored).toMatchObject({ timersBefore: 0, added: { due: 27, lease: 5 }, removed: { due: 0, lease: 0 } });
    expect(await pendingTimerIds()).toEqual(await expected());

    // A second run finds nothing to do.
    expect(await reconcileCallbacks({ db, now: new Date() })).toMatchObject({ added: { due: 0, lease: 0 }, removed: { due: 0, lease: 0 }, kept: 32 });
  });

  it('re-adds a needed timer whose job already finished (its id would otherwise block the add)', async () => {
    const world = await makeCallbackWorld(db, { tasks: 1, state: 'waiting', nextAttemptAt: new Date(Date.now() - 1000) });
    const t = world.tasks[0];
    const created = [{ id: t.id, nextAttemptAt: t.nextAttemptAt }];
    await scheduleDueTimers(created);
    // The job runs, but the task is (wrongly) left waiting, e.g. restored from a backup.
    const worker = startTimerWorker();
    try {
      await until(async () => (await task(t.id)).state === 'ready');
    } finally {
      await worker.close();
    }
    await db.update(callbackTasks).set({ state: 'waiting' }).where(eq(callbackTasks.id, t.id));
    expect(await pendingTimerIds()).toEqual([]);
    const report = await reconcileCallbacks({ db, now: new Date() });
    expect(report.added.due).toBe(1);
    expect(await queue('callback-timers').getJobState(`callback.due.${t.id}.${t.nextAttemptAt.getTime()}`)).not.toBe('completed');
    expect(await pendingTimerIds()).toEqual([`callback.due.${t.id}.${t.nextAttemptAt.getTime()}`]);
  });
});
