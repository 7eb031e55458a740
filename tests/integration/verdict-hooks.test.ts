import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackAttempts, callbackTasks, samplingDecisions, visitReports, visitVerdicts } from '@/db/schema';
import { recordOutcome } from '@/lib/callbacks/outcome';
import { cancelCallback } from '@/lib/callbacks/staff';
import { ConflictError, ForbiddenError } from '@/lib/platform/core/errors';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { jobId } from '@/lib/platform/jobs/registry';
import { sampleMonth, sampleVisit } from '@/lib/sampling/sample';
import { placeCall } from '@/lib/telephony/calls';
import { assessmentProcessors } from '@/workers/processors/assessment';
import { flushQueuePrefix } from '../support/callbacks';
import { providerCall } from '../support/calls';
import { ctxAs, makeClaim, makeUser } from '../support/factories';
import { AFTER_MONTH, makeSamplingWorld, SAMPLING_MONTH } from '../support/sampling';
import { testDb } from '../support/worker-setup';
import { allowCallingAlways, heldCallback, startTelephony, waitFor, type Telephony } from './telephony-harness';

/**
 * The verdict re-evaluation hooks: each change of a visit's facts that can change its verdict —
 * a callback ending closed or unreachable (by the agent or by the telephony's own outcome), a
 * staff cancel, new sampling decisions — leaves a 'verdicts.visit' job once it has committed; run,
 * that job gives the verdict a user then reads.
 */
let db: Db;
let telephony: Telephony;

beforeAll(async () => {
  db = (await testDb()).db;
  telephony = await startTelephony(() => db);
});
beforeEach(async () => {
  db = (await testDb()).db;
  await flushQueuePrefix();
  await allowCallingAlways(db);
});
afterAll(async () => {
  await telephony.emulator.settle({ hangUp: true });
  await telephony.close();
  await flushQueuePrefix();
  await closeQueues();
});

const verdictJob = (visitId: string, event: string) => queue('assessment').getJob(jobId('verdicts.visit', { visitId, event }));

async function verdictJobsOf(visitId: string) {
  const jobs = await queue('assessment').getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed']);
  return jobs.filter((j) => j.name === 'verdicts.visit' && j.data.visitId === visitId);
}

/** Runs the worker's processor on a queued job, as the worker would. */
async function runVerdictJob(visitId: string, event: string) {
  const job = await verdictJob(visitId, event);
  expect(job, `a verdicts.visit job for ${event}`).toBeTruthy();
  await assessmentProcessors['verdicts.visit'](job!.data, job!);
}

async function latestVerdict(visitId: string) {
  const [v] = await db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, visitId)).orderBy(desc(visitVerdicts.version)).limit(1);
  return v;
}

/**
 * The visit was sampled (else its verdict is "not sampled", whatever the callback does) and its
 * manager claims the customer (else a data-check finding decides the verdict alone).
 */
async function sampled(visitId: string) {
  const [visit] = await db.select().from(visitReports).where(eq(visitReports.id, visitId));
  await makeClaim(db, visit.customerId, visit.managerId);
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(visit.visitedAt);
  await db
    .insert(samplingDecisions)
    .values({ visitId, managerId: visit.managerId, month, policyVersion: 0, draw: 0.1, sampled: true, reasonCode: 'sampling.reason.rate', decidedBy: 'batch' });
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

describe('a callback ends unreachable', () => {
  it('after the last no-answer call through the telephony, the verdict job is queued and makes the visit unverified (unreachable)', async () => {
    // The emulated contact's number ending in 00 rings until the dial times out: no-answer.
    const { agent, task } = await heldCallback(db, '+8613800138000');
    await sampled(task.visitId);
    await twoAttemptsMade(task.id, agent.id);

    const placed = await placeCall({ ctx: ctxAs(db, agent), input: { taskId: task.id } });
    const done = await waitFor(async () => {
      const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, task.id));
      return row.state === 'unreachable' ? row : undefined;
    }, 'the automatic outcome to end the callback');
    expect(done).toMatchObject({ attempts: 3, outcome: 'no_answer', holderId: null });
    const [auto] = await db.select().from(callbackAttempts).where(and(eq(callbackAttempts.taskId, task.id), eq(callbackAttempts.attemptNo, 3)));
    expect(auto.notes).toBe(`[auto] call ${placed.id}`);

    const event = `callback-${task.id}-3`;
    const job = await waitFor(() => verdictJob(task.visitId, event), 'the verdicts.visit job');
    expect(job.data).toEqual({ visitId: task.visitId, event });
    expect(await verdictJobsOf(task.visitId)).toHaveLength(1);

    await runVerdictJob(task.visitId, event);
    expect(await latestVerdict(task.visitId)).toMatchObject({ status: 'unverified', final: true, reasons: [{ code: 'unreachable', params: {} }], cause: 'callback' });
  });

  it('the agent recording the last no-contact attempt queues the verdict job once; an earlier retry queues none', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138061');
    await sampled(task.visitId);
    const ctx = ctxAs(db, agent);

    // Attempt 1: no answer, tried again later — the verdict stays as it is (pending), no job.
    await providerCall(db, { taskId: task.id, result: 'no_answer' });
    const first = await recordOutcome({ ctx, input: { taskId: task.id, attemptNo: 1, outcome: 'no_answer' } });
    expect(first.state).toBe('waiting');
    expect(await verdictJobsOf(task.visitId)).toHaveLength(0);

    await db.delete(callbackAttempts).where(eq(callbackAttempts.taskId, task.id));
    await db.update(callbackTasks).set({ state: 'held', holderId: agent.id, heldAt: new Date(), attempts: 0 }).where(eq(callbackTasks.id, task.id));
    await twoAttemptsMade(task.id, agent.id);
    await providerCall(db, { taskId: task.id, result: 'busy' });
    const last = await recordOutcome({ ctx, input: { taskId: task.id, attemptNo: 3, outcome: 'busy' } });
    expect(last.state).toBe('unreachable');
    // A repeated submit of the same attempt changes nothing and queues nothing more.
    expect(await recordOutcome({ ctx, input: { taskId: task.id, attemptNo: 3, outcome: 'busy' } })).toMatchObject({ replayed: true, state: 'unreachable' });
    expect((await verdictJobsOf(task.visitId)).map((j) => j.data.event)).toEqual([`callback-${task.id}-3`]);

    await runVerdictJob(task.visitId, `callback-${task.id}-3`);
    expect(await latestVerdict(task.visitId)).toMatchObject({ status: 'unverified', reasons: [{ code: 'unreachable' }] });
  });

  it('a final outcome (refused) closes the callback and queues the verdict job: unverified, never against the manager', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138062');
    await sampled(task.visitId);
    await providerCall(db, { taskId: task.id, result: 'answered' });
    const r = await recordOutcome({ ctx: ctxAs(db, agent), input: { taskId: task.id, attemptNo: 1, outcome: 'refused' } });
    expect(r.state).toBe('closed');
    await runVerdictJob(task.visitId, `callback-${task.id}-1`);
    expect(await latestVerdict(task.visitId)).toMatchObject({ status: 'unverified', reasons: [{ code: 'notVerified', params: { outcome: 'refused' } }] });
  });
});

describe('staff cancel a callback', () => {
  it('the task is cancelled (audited), the verdict job is queued and makes the visit unverified (callbackCancelled)', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138063');
    await sampled(task.visitId);
    const staff = await makeUser(db, 'staff');

    const result = await cancelCallback({ ctx: ctxAs(db, staff), input: { taskId: task.id, reason: '客户已注销，无需回访' } });
    expect(result).toEqual({ taskId: task.id, visitId: task.visitId, state: 'cancelled' });
    const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, task.id));
    expect(row).toMatchObject({ state: 'cancelled', holderId: null, leaseExpiresAt: null });
    expect(row.closedAt).toBeInstanceOf(Date);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, 'callback.cancelled'), eq(auditLog.entityId, task.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: staff.id, before: { state: 'held', holderId: agent.id }, after: { state: 'cancelled', reason: '客户已注销，无需回访' } });

    expect((await verdictJobsOf(task.visitId)).map((j) => j.data.event)).toEqual([`cancelled-${task.id}`]);
    await runVerdictJob(task.visitId, `cancelled-${task.id}`);
    expect(await latestVerdict(task.visitId)).toMatchObject({ status: 'unverified', final: true, reasons: [{ code: 'callbackCancelled', params: {} }] });

    // The agent who held it can no longer record on it.
    await expect(recordOutcome({ ctx: ctxAs(db, agent), input: { taskId: task.id, attemptNo: 1, outcome: 'no_answer' } })).rejects.toMatchObject({ code: 'callbacks.notHolder' });
  });

  it('refuses a callback already over, and anyone but staff or admin; nothing changes, nothing is queued', async () => {
    const { agent, task, manager } = await heldCallback(db, '+8613800138064');
    const staff = await makeUser(db, 'staff');
    for (const who of [agent, manager, await makeUser(db, 'supervisor')]) {
      await expect(cancelCallback({ ctx: ctxAs(db, who), input: { taskId: task.id, reason: '试图取消' } })).rejects.toBeInstanceOf(ForbiddenError);
    }
    await providerCall(db, { taskId: task.id, result: 'answered' });
    await recordOutcome({ ctx: ctxAs(db, agent), input: { taskId: task.id, attemptNo: 1, outcome: 'wrong_person' } });
    await flushQueuePrefix();
    const error = await cancelCallback({ ctx: ctxAs(db, staff), input: { taskId: task.id, reason: '已结束' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'callbacks.notCancellable', params: { state: 'closed' } });
    const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, task.id));
    expect(row.state).toBe('closed');
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'callback.cancelled'))).toHaveLength(0);
    expect(await verdictJobsOf(task.visitId)).toHaveLength(0);
  });
});

describe('sampling decisions stored', () => {
  it('the real-time path queues one verdict job for the manager-month it decided', async () => {
    const world = await makeSamplingWorld(db, { visitsPerManager: 4, withOldVisit: false });
    for (const key of new Set(world.visits.map((v) => `${v.customerId} ${v.managerId}`))) await makeClaim(db, ...(key.split(' ') as [string, string]));
    const visit = world.visits[0];
    await sampleVisit(db, visit.id, { now: AFTER_MONTH });
    const decided = await db.select().from(samplingDecisions).where(eq(samplingDecisions.managerId, visit.managerId));
    expect(decided.length).toBeGreaterThan(0);

    const jobs = (await queue('assessment').getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.name === 'verdicts.visit');
    expect(jobs).toHaveLength(1);
    expect(jobs[0].data.event).toBe('sampled');
    expect(decided.map((d) => d.visitId)).toContain(jobs[0].data.visitId);

    // Run: every visit of that manager-month now has a verdict from its decision (none is "not yet sampled").
    await assessmentProcessors['verdicts.visit'](jobs[0].data, jobs[0]);
    for (const d of decided) {
      const v = await latestVerdict(d.visitId);
      expect(v, `verdict of ${d.visitId}`).toBeTruthy();
      expect(v.reasons.map((r) => r.code)).not.toContain('notYetSampled');
      if (!d.sampled) expect(v).toMatchObject({ status: 'unverified', reasons: [{ code: 'notSampled' }] });
    }

    // Deciding again decides nothing new: no further job.
    await sampleVisit(db, visit.id, { now: AFTER_MONTH });
    expect((await queue('assessment').getJobs(['waiting', 'delayed', 'prioritized', 'completed'])).filter((j) => j.name === 'verdicts.visit')).toHaveLength(1);
  });

  it('the batch queues one verdict job per manager-month touched, not one per visit', async () => {
    const world = await makeSamplingWorld(db, { visitsPerManager: 6 });
    const result = await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH, chunkManagers: 2 });
    expect(result.decided).toBe(world.visits.length);

    const jobs = (await queue('assessment').getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.name === 'verdicts.visit');
    const managerOf = new Map(world.visits.map((v) => [v.id, v.managerId]));
    expect(jobs.map((j) => managerOf.get(j.data.visitId)).sort()).toEqual(world.managers.map((m) => m.id).sort());
    expect(jobs.every((j) => j.data.event === 'sampled')).toBe(true);

    // A second run has nothing to decide: nothing more is queued.
    await sampleMonth(db, SAMPLING_MONTH, { now: AFTER_MONTH });
    expect((await queue('assessment').getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.name === 'verdicts.visit')).toHaveLength(world.managers.length);
  });
});
