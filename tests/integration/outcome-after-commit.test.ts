import type { Job } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackAttempts, callbackTasks } from '@/db/schema';
import { recordOutcome, recordOutcomeInTransaction } from '@/lib/callbacks/outcome';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { jobs, type JobName, type JobPayload } from '@/lib/platform/jobs/registry';
import { requestCallbackFollowUp } from '@/lib/campaigns/follow-up';
import { callbackProcessors } from '@/workers/processors/callbacks';
import { flushQueuePrefix } from '../support/callbacks';
import { providerCall } from '../support/calls';
import { ctxAs } from '../support/factories';
import { testDb } from '../support/worker-setup';
import { allowCallingAlways, heldCallback } from './telephony-harness';

/**
 * Issue 13 §4 and §6: an outcome recorded inside a caller's transaction leaves the verdict
 * re-evaluation ('verdicts.visit') to after the commit — queued once it commits, never if it rolls
 * back — and the callback timer processors can run the same job twice to the same end.
 */
let db: Db;

beforeEach(async () => {
  db = (await testDb()).db;
  await flushQueuePrefix();
  await allowCallingAlways(db);
});
afterAll(async () => {
  await flushQueuePrefix();
  await closeQueues();
});

async function verdictJobsOf(visitId: string) {
  const all = await queue('assessment').getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed']);
  return all.filter((j) => j.name === 'verdicts.visit' && j.data.visitId === visitId).map((j) => j.data.event as string);
}

async function taskRow(id: string) {
  const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, id));
  return row;
}

/** Two no-answer attempts already made: the next no-contact attempt is the last (3 per callback). */
async function twoAttemptsMade(taskId: string, agentId: string) {
  const day = 86_400_000;
  await db.insert(callbackAttempts).values([
    { taskId, attemptNo: 1, agentId, outcome: 'no_answer', startedAt: new Date(Date.now() - 2 * day), endedAt: new Date(Date.now() - 2 * day) },
    { taskId, attemptNo: 2, agentId, outcome: 'no_answer', startedAt: new Date(Date.now() - day), endedAt: new Date(Date.now() - day) },
  ]);
  await db.update(callbackTasks).set({ attempts: 2, lastOutcome: 'no_answer' }).where(eq(callbackTasks.id, taskId));
}

/** A real BullMQ job for the processor, added without a worker running (as a retry would find it). */
async function run<N extends 'callback.due' | 'callback.lease'>(name: N, payload: JobPayload<N>) {
  const spec = jobs[name as JobName] as { queue: 'callback-timers'; jobId: (p: JobPayload<N>) => string };
  const job: Job = await queue(spec.queue).add(name, payload, { jobId: `${spec.jobId(payload)}.test` });
  return (callbackProcessors[name] as (p: JobPayload<N>, j: Job) => Promise<unknown>)(payload, job);
}

describe('an outcome recorded inside a caller’s transaction', () => {
  it('queues the verdict job only once the caller has committed', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138071');
    await providerCall(db, { taskId: task.id, result: 'answered' });

    const recorded = await db.transaction(async (tx) => {
      const inside = await recordOutcomeInTransaction({ ctx: { ...ctxAs(db, agent), db: tx }, input: { taskId: task.id, attemptNo: 1, outcome: 'refused' } });
      // Not committed yet: a job now would evaluate a visit whose callback has not ended.
      expect(await verdictJobsOf(task.visitId)).toEqual([]);
      return inside;
    });
    expect(recorded.result).toMatchObject({ state: 'closed', outcome: 'refused', replayed: false });
    expect(recorded.afterCommit).toEqual({ subject: { kind: 'verification', visitId: task.visitId }, event: `callback-${task.id}-1` });

    await requestCallbackFollowUp(recorded.afterCommit!);
    expect(await verdictJobsOf(task.visitId)).toEqual([`callback-${task.id}-1`]);
    expect(await taskRow(task.id)).toMatchObject({ state: 'closed', outcome: 'refused' });
  });

  it('rolled back: nothing recorded, nothing audited, no verdict job', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138072');
    await providerCall(db, { taskId: task.id, result: 'answered' });

    const failed = await db
      .transaction(async (tx) => {
        const { afterCommit } = await recordOutcomeInTransaction({ ctx: { ...ctxAs(db, agent), db: tx }, input: { taskId: task.id, attemptNo: 1, outcome: 'refused' } });
        expect(afterCommit).not.toBeNull();
        throw new Error('the caller’s own write failed');
      })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ message: 'the caller’s own write failed' });

    expect(await taskRow(task.id)).toMatchObject({ state: 'held', holderId: agent.id, attempts: 0 });
    expect(await db.$count(callbackAttempts, eq(callbackAttempts.taskId, task.id))).toBe(0);
    expect(await db.$count(auditLog, and(eq(auditLog.action, 'callback.outcomeRecorded'), eq(auditLog.entityId, task.id)))).toBe(0);
    expect(await verdictJobsOf(task.visitId)).toEqual([]);
  });

  it('recordOutcome refuses a transaction handle: it could not request the job after a commit it does not see', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138073');
    await providerCall(db, { taskId: task.id, result: 'answered' });
    await expect(
      db.transaction((tx) => recordOutcome({ ctx: { ...ctxAs(db, agent), db: tx }, input: { taskId: task.id, attemptNo: 1, outcome: 'refused' } })),
    ).rejects.toThrow(/recordOutcomeInTransaction/);
    expect(await taskRow(task.id)).toMatchObject({ state: 'held', attempts: 0 });
    expect(await verdictJobsOf(task.visitId)).toEqual([]);
  });

  it('on the database itself, recordOutcome audits the outcome as the agent and queues the job at once', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138074');
    await providerCall(db, { taskId: task.id, result: 'answered' });
    await recordOutcome({ ctx: ctxAs(db, agent), input: { taskId: task.id, attemptNo: 1, outcome: 'wrong_person' } });
    expect(await verdictJobsOf(task.visitId)).toEqual([`callback-${task.id}-1`]);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, 'callback.outcomeRecorded'), eq(auditLog.entityId, task.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: agent.id, entityType: 'callback_task', before: { state: 'held', attempts: 0 }, after: { attemptNo: 1, outcome: 'wrong_person' } });
  });
});

describe('callback timer processors run the same job twice to the same end', () => {
  it('callback.lease: the lapsed last attempt ends the callback once (unreachable), its verdict job queued after the commit; the rerun changes nothing', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138075');
    await twoAttemptsMade(task.id, agent.id);
    // The contact's phone rang on the third attempt; then the desk went away.
    await providerCall(db, { taskId: task.id, result: 'no_answer' });
    const expiresAt = new Date(Date.now() - 60_000);
    await db.update(callbackTasks).set({ leaseExpiresAt: expiresAt }).where(eq(callbackTasks.id, task.id));
    const payload = { taskId: task.id, expiresAt: expiresAt.getTime() };

    expect(await run('callback.lease', payload)).toBe('attemptEnded');
    const once = await taskRow(task.id);
    expect(once).toMatchObject({ state: 'unreachable', holderId: null, attempts: 3, lastOutcome: 'technical_failure' });
    expect(await verdictJobsOf(task.visitId)).toEqual([`callback-${task.id}-3`]);

    expect(await run('callback.lease', payload)).toBe('stale');
    expect(await taskRow(task.id)).toEqual(once);
    expect(await db.$count(callbackAttempts, eq(callbackAttempts.taskId, task.id))).toBe(3);
    expect(await db.$count(auditLog, and(eq(auditLog.action, 'callback.leaseLapsed'), eq(auditLog.entityId, task.id)))).toBe(1);
    expect(await verdictJobsOf(task.visitId)).toEqual([`callback-${task.id}-3`]);
  });

  it('callback.due: a waiting callback becomes ready once, audited once', async () => {
    const { task } = await heldCallback(db, '+8613800138076', { held: false });
    const dueAt = new Date(Date.now() - 60_000);
    await db.update(callbackTasks).set({ state: 'waiting', nextAttemptAt: dueAt }).where(eq(callbackTasks.id, task.id));
    const payload = { taskId: task.id, dueAt: dueAt.getTime() };

    expect(await run('callback.due', payload)).toBe('ready');
    const once = await taskRow(task.id);
    expect(once.state).toBe('ready');

    expect(await run('callback.due', payload)).toBe('stale');
    expect(await taskRow(task.id)).toEqual(once);
    expect(await db.$count(auditLog, and(eq(auditLog.action, 'callback.due'), eq(auditLog.entityId, task.id)))).toBe(1);
  });
});
