import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackAttempts, callbackTasks } from '@/db/schema';
import { takeNextCallback } from '@/lib/desk/take';
import { takeNextAfter } from '@/lib/desk/next';
import { NotHolderError, OutcomeEvidenceError } from '@/lib/callbacks/errors';
import { listManualResults } from '@/lib/callbacks/manual-results';
import { recordOutcome } from '@/lib/callbacks/outcome';
import { deskOverview } from '@/lib/callbacks/queries';
import { makeCallbackDue } from '@/lib/callbacks/timer-verbs';
import { formatLocal } from '@/lib/calling/calendar';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { ctxAs, makeUser } from '../support/factories';
import { callAroundTheClock, emptyQueuesForEachTest, makeAgents, makeCallbackWorld, pendingTimerIds } from '../support/callbacks';
import { providerCall, type ProviderCallResult } from '../support/calls';
import { testDb } from '../support/worker-setup';

let db: Db;
const SH = 'Asia/Shanghai';
const at = (local: string) => parseLocalDateTime(local, SH)!;

beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

type Agent = Awaited<ReturnType<typeof makeAgents>>[number];

/** Takes the next task as an agent at a local time and returns its id. */
async function take(agent: Agent, local: string) {
  const r = await takeNextCallback({ ctx: ctxAs(db, agent, at(local)) });
  if (r.status !== 'held') throw new Error(`nothing to take at ${local}`);
  return r.task;
}

async function task(id: string) {
  const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, id));
  return row;
}

/** The provider's record of the call the agent placed for the attempt under way (the outcome's evidence). */
async function called(taskId: string, result: ProviderCallResult, local: string) {
  return providerCall(db, { taskId, result, at: at(local) });
}

/** The due timer fires: the processor's verb at the task's next-attempt time. */
async function fireDue(id: string) {
  const t = await task(id);
  return makeCallbackDue({ db, now: t.nextAttemptAt, input: { taskId: id, dueAt: t.nextAttemptAt.getTime() } });
}

describe('retry rules through recordOutcome (2026-11-27 is a Friday)', () => {
  it('retries a no-answer after the spacing in another half-day, and makes it unreachable after the third', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);

    const t1 = await take(agent, '2026-11-27 09:30');
    await called(t1.id, 'no_answer', '2026-11-27 09:31');
    const r1 = await recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:35')), input: { taskId: t1.id, attemptNo: 1, outcome: 'no_answer' } });
    expect(r1.state).toBe('waiting');
    expect(formatLocal(r1.nextAttemptAt!, SH)).toBe('2026-11-27 14:00');
    expect(await task(t1.id)).toMatchObject({ state: 'waiting', holderId: null, attempts: 1, lastOutcome: 'no_answer' });
    // Its due timer is scheduled at exactly the next attempt.
    expect(await pendingTimerIds()).toContain(`callback.due.${t1.id}.${r1.nextAttemptAt!.getTime()}`);

    // Not offered before its time; offered once the due timer fires.
    expect((await takeNextCallback({ ctx: ctxAs(db, agent, at('2026-11-27 10:00')) })).status).toBe('none');
    expect(await fireDue(t1.id)).toBe('ready');
    const t2 = await take(agent, '2026-11-27 14:00');
    expect(t2.id).toBe(t1.id);
    await called(t1.id, 'busy', '2026-11-27 14:01');
    const r2 = await recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 14:02')), input: { taskId: t1.id, attemptNo: 2, outcome: 'busy' } });
    // Friday's morning and afternoon are used: Monday morning (over the weekend).
    expect(formatLocal(r2.nextAttemptAt!, SH)).toBe('2026-11-30 09:00');

    await fireDue(t1.id);
    await take(agent, '2026-11-30 09:00');
    await called(t1.id, 'no_answer', '2026-11-30 09:00');
    const r3 = await recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-30 09:01')), input: { taskId: t1.id, attemptNo: 3, outcome: 'no_answer' } });
    expect(r3).toMatchObject({ state: 'unreachable', nextAttemptAt: null });
    const final = await task(t1.id);
    expect(final).toMatchObject({ state: 'unreachable', outcome: 'no_answer', attempts: 3, holderId: null });
    const attempts = await db.select().from(callbackAttempts).where(eq(callbackAttempts.taskId, t1.id)).orderBy(asc(callbackAttempts.attemptNo));
    expect(attempts.map((a) => a.outcome)).toEqual(['no_answer', 'busy', 'no_answer']);
    // Gaps respect the 2-hour spacing.
    for (let i = 1; i < attempts.length; i++) expect(attempts[i].endedAt.getTime() - attempts[i - 1].endedAt.getTime()).toBeGreaterThanOrEqual(2 * 3600_000);

    const overview = await deskOverview({ ctx: ctxAs(db, agent, at('2026-11-30 10:00')) });
    // Today: one call placed, nobody answered it, one attempt recorded.
    expect(overview.today).toMatchObject({ calls: 1, answered: 0, attempts: 1 });
  });

  it('reschedules an appointment at the agreed time, ahead of every other task', async () => {
    await makeCallbackWorld(db, { tasks: 6, classes: ['A'] });
    const [ann, bob] = await makeAgents(db, 2);
    const t = await take(ann, '2026-11-27 09:30');
    await called(t.id, 'answered', '2026-11-27 09:31');
    const r = await recordOutcome({
      ctx: ctxAs(db, ann, at('2026-11-27 09:40')),
      input: { taskId: t.id, attemptNo: 1, outcome: 'appointment', appointmentAt: '2026-11-30T15:30' },
    });
    expect(r.state).toBe('waiting');
    expect(formatLocal(r.nextAttemptAt!, SH)).toBe('2026-11-30 15:30');
    expect(await task(t.id)).toMatchObject({ state: 'waiting', appointmentAt: at('2026-11-30 15:30'), dispatchRank: 0 });

    expect(await fireDue(t.id)).toBe('ready');
    // Five older class-A visits are ready too; the appointment comes first.
    expect((await take(bob, '2026-11-30 15:30')).id).toBe(t.id);
    await called(t.id, 'answered', '2026-11-30 15:31');
    const done = await recordOutcome({ ctx: ctxAs(db, bob, at('2026-11-30 15:45')), input: { taskId: t.id, attemptNo: 2, outcome: 'completed' } });
    expect(done.state).toBe('closed');
    expect(await task(t.id)).toMatchObject({ state: 'closed', outcome: 'completed', appointmentAt: null, closedAt: at('2026-11-30 15:45') });
  });

  it('refuses an appointment outside calling hours at the field, and writes nothing', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const t = await take(agent, '2026-11-27 09:30');
    await called(t.id, 'answered', '2026-11-27 09:31');
    const error = await recordOutcome({
      ctx: ctxAs(db, agent, at('2026-11-27 09:40')),
      input: { taskId: t.id, attemptNo: 1, outcome: 'appointment', appointmentAt: '2026-11-28T10:00' },
    }).catch((e) => e);
    expect(error.issues).toEqual([{ field: 'appointmentAt', code: 'calling.appointmentOutsideHours', params: { opening: '2026-11-30 09:00' } }]);
    expect(await task(t.id)).toMatchObject({ state: 'held', attempts: 0 });
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
  });

  it('closes on a final outcome at once', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const t = await take(agent, '2026-11-27 09:30');
    await called(t.id, 'answered', '2026-11-27 09:31');
    const r = await recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input: { taskId: t.id, attemptNo: 1, outcome: 'wrong_person', notes: '对方说打错了' } });
    expect(r.state).toBe('closed');
    expect(await task(t.id)).toMatchObject({ state: 'closed', outcome: 'wrong_person' });
    expect(await pendingTimerIds()).toEqual([`callback.lease.${t.id}.${t.leaseExpiresAt.getTime()}`]);
  });

  it('answers a double submit with the first result and counts the attempt once', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent, other] = await makeAgents(db, 2);
    const t = await take(agent, '2026-11-27 09:30');
    await called(t.id, 'no_answer', '2026-11-27 09:31');
    const input = { taskId: t.id, attemptNo: 1, outcome: 'no_answer' as const };
    const [a, b] = await Promise.all([
      recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input }),
      recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input }),
    ]);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(a.nextAttemptAt?.getTime()).toBe(b.nextAttemptAt?.getTime());
    expect(await db.select().from(callbackAttempts)).toHaveLength(1);
    expect(await task(t.id)).toMatchObject({ attempts: 1, state: 'waiting' });
    // Someone else replaying it, or recording on a task they do not hold, is refused.
    await expect(recordOutcome({ ctx: ctxAs(db, other, at('2026-11-27 09:41')), input })).rejects.toBeInstanceOf(NotHolderError);
    await expect(recordOutcome({ ctx: ctxAs(db, other, at('2026-11-27 09:41')), input: { ...input, attemptNo: 2 } })).rejects.toBeInstanceOf(NotHolderError);
  });

  it('saves the outcome and takes the next callback in one go ("save and next")', async () => {
    await makeCallbackWorld(db, { tasks: 3 });
    const [agent] = await makeAgents(db, 1);
    const first = await take(agent, '2026-11-27 09:30');
    await called(first.id, 'answered', '2026-11-27 09:31');
    const next = await takeNextAfter({
      ctx: ctxAs(db, agent, at('2026-11-27 09:40')),
      input: { finish: { taskId: first.id, attemptNo: 1, outcome: 'completed' } },
    });
    expect(next.finished).toMatchObject({ taskId: first.id, state: 'closed' });
    expect(next.status).toBe('held');
    if (next.status === 'held') expect(next.task.id).not.toBe(first.id);
    expect(await task(first.id)).toMatchObject({ state: 'closed', outcome: 'completed' });
    // Putting back and taking next hands the same (first in line) callback back: nothing is lost.
    if (next.status !== 'held') throw new Error('expected a task');
    const again = await takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 09:41')), input: { release: { taskId: next.task.id, reason: 'break' } } });
    expect(again.released).toEqual({ taskId: next.task.id });
    expect(again.status === 'held' && again.task.id).toBe(next.task.id);
    await expect(
      takeNextAfter({ ctx: ctxAs(db, agent, at('2026-11-27 09:42')), input: { release: { taskId: first.id, reason: 'break' } } }),
    ).rejects.toBeInstanceOf(NotHolderError);
  });
});

/** Issue 10, 1: every path that records an outcome needs the provider's record of the attempt's call. */
describe('outcomes rest on the call records', () => {
  it('the API\'s "save and next" with refused and no call is refused, and nothing is written', async () => {
    await makeCallbackWorld(db, { tasks: 2 });
    const [agent] = await makeAgents(db, 1);
    const t = await take(agent, '2026-11-27 09:30');
    const error = await takeNextAfter({
      ctx: ctxAs(db, agent, at('2026-11-27 09:40')),
      input: { finish: { taskId: t.id, attemptNo: 1, outcome: 'refused' } },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeEvidenceError);
    expect(error).toMatchObject({ code: 'callbacks.evidence.noCallManualOff', params: { outcome: 'refused' } });
    expect(await task(t.id)).toMatchObject({ state: 'held', holderId: agent.id, attempts: 0, outcome: null });
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'callback.outcomeRecorded'))).toHaveLength(0);
  });

  it('completed on a call the provider recorded as answered is accepted, and the attempt keeps the call', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const t = await take(agent, '2026-11-27 09:30');
    await called(t.id, 'no_answer', '2026-11-27 09:31');
    const answered = await called(t.id, 'answered', '2026-11-27 09:33');
    const r = await recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input: { taskId: t.id, attemptNo: 1, outcome: 'completed' } });
    expect(r.state).toBe('closed');
    const [attempt] = await db.select().from(callbackAttempts);
    expect(attempt).toMatchObject({ outcome: 'completed', callId: answered.id, manual: false });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'callback.outcomeRecorded'));
    expect(audit.after).toMatchObject({ callId: answered.id, manual: false });
  });

  it('"no answer" for a call the contact answered is refused, even after a later call rang out', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const t = await take(agent, '2026-11-27 09:30');
    await called(t.id, 'answered', '2026-11-27 09:31');
    await called(t.id, 'no_answer', '2026-11-27 09:35');
    const error = await recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input: { taskId: t.id, attemptNo: 1, outcome: 'no_answer' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeEvidenceError);
    expect(error).toMatchObject({ code: 'callbacks.evidence.contactAnswered' });
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
    expect(await task(t.id)).toMatchObject({ state: 'held', attempts: 0 });
  });

  it('a manual call: refused while switched off; switched on, recorded without a call and listed for staff by month', async () => {
    const world = await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const staff = await makeUser(db, 'staff');
    const t = await take(agent, '2026-11-27 09:30');
    const input = { taskId: t.id, attemptNo: 1, outcome: 'refused' as const, manual: true, notes: '电话系统故障，已用座机 8001 拨打，客户拒绝' };
    await expect(recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input })).rejects.toMatchObject({ code: 'callbacks.evidence.manualOff' });
    await callAroundTheClock(db, { manualCallsAllowed: true });
    await expect(recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input: { ...input, notes: '座机' } })).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: 'notes', code: 'callbacks.manualNoteRequired' })],
    });
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
    const r = await recordOutcome({ ctx: ctxAs(db, agent, at('2026-11-27 09:40')), input });
    expect(r.state).toBe('closed');
    const [attempt] = await db.select().from(callbackAttempts);
    expect(attempt).toMatchObject({ outcome: 'refused', manual: true, callId: null });

    const list = await listManualResults({ ctx: ctxAs(db, staff, at('2026-12-01 10:00')), input: { month: '2026-11' } });
    expect(list.rows).toEqual([
      expect.objectContaining({ month: '2026-11', visitId: world.tasks[0].visitId, agentName: agent.displayName, managerName: world.manager.displayName, outcome: 'refused', score: null, notes: input.notes }),
    ]);
    expect((await listManualResults({ ctx: ctxAs(db, staff), input: { month: '2026-10' } })).rows).toEqual([]);
    await expect(listManualResults({ ctx: ctxAs(db, agent), input: { month: '2026-11' } })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
