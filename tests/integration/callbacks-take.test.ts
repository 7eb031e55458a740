import { spawn } from 'node:child_process';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { agentPresence, auditLog, callbackTasks } from '@/db/schema';
import { releaseCallback, renewLease, takeNextCallback } from '@/lib/desk/take';
import { NotHolderError, OutsideCallingHoursError, QueuePausedError } from '@/lib/callbacks/errors';
import { getCallbackForAgent, queueOverview } from '@/lib/callbacks/queries';
import { pauseQueue, pullBackCallback, resumeQueue } from '@/lib/callbacks/staff';
import { comparePriority } from '@/lib/calling/priority';
import { savePolicyVersion } from '@/lib/policy/policies';
import { env } from '@/lib/platform/config/env';
import { ctxAs, makeUser } from '../support/factories';
import { emptyQueuesForEachTest, makeAgents, makeCallbackWorld, pendingTimerIds } from '../support/callbacks';
import { testDb } from '../support/worker-setup';

let db: Db;
// Friday 2026-11-27 10:00 in Shanghai: inside the default calling hours.
const FRIDAY_10 = new Date('2026-11-27T02:00:00Z');

beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

/** Runs takeNextCallback for some agents in a second Node process against the same database. */
function takeInChildProcess(agentIds: string[], now: Date) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/support/take-next-child.ts'), JSON.stringify(agentIds), now.toISOString()], {
    cwd: path.resolve('.'),
    env: { ...process.env, DATABASE_URL: env().DATABASE_URL, QUEUE_PREFIX: env().QUEUE_PREFIX, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.startsWith('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code}): ${err}`)));
  });
  const done = new Promise<{ agentId: string; taskId: string | null }[]>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`child failed (${code}): ${err}`));
      resolve(JSON.parse(out.split('\n')[1]));
    });
  });
  return { ready, go: () => child.stdin.write('go\n'), done };
}

describe('take next', () => {
  it('hands 200 concurrent requests over two processes distinct tasks or "none left", never a duplicate', async () => {
    await makeCallbackWorld(db, { tasks: 150 });
    const agents = await makeAgents(db, 200);
    const mine = agents.slice(0, 100);
    const theirs = agents.slice(100);
    const child = takeInChildProcess(
      theirs.map((a) => a.id),
      FRIDAY_10,
    );
    await child.ready;
    child.go();
    const local = await Promise.all(
      mine.map(async (a) => {
        const r = await takeNextCallback({ ctx: ctxAs(db, a, FRIDAY_10) });
        return { agentId: a.id, taskId: r.status === 'held' ? r.task.id : null };
      }),
    );
    const results = [...local, ...(await child.done)];
    expect(results).toHaveLength(200);
    const taken = results.filter((r) => r.taskId !== null).map((r) => r.taskId);
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken).toHaveLength(150);
    // Both processes got work (the race really was across processes).
    expect(local.some((r) => r.taskId)).toBe(true);

    // The database agrees: every task held, by the agent who was told so.
    const held = await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'held'));
    expect(held).toHaveLength(150);
    const told = new Map(results.filter((r) => r.taskId).map((r) => [r.taskId, r.agentId]));
    for (const t of held) expect(told.get(t.id)).toBe(t.holderId);
    // One lease timer per held task.
    expect((await pendingTimerIds()).filter((id) => id.startsWith('callback.lease.'))).toHaveLength(150);
  }, 60_000);

  it('gives an agent the task they already hold, never a second one', async () => {
    await makeCallbackWorld(db, { tasks: 5 });
    const [agent] = await makeAgents(db, 1);
    const first = await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) });
    const again = await Promise.all([1, 2, 3].map(() => takeNextCallback({ ctx: ctxAs(db, agent, new Date(FRIDAY_10.getTime() + 5000)) })));
    expect(first.status).toBe('held');
    for (const r of again) {
      expect(r.status === 'held' && r.task.id).toBe(first.status === 'held' && first.task.id);
      expect(r.status === 'held' && r.resumed).toBe(true);
    }
    expect(await db.select().from(callbackTasks).where(eq(callbackTasks.holderId, agent.id))).toHaveLength(1);
  });

  it('lets a double click hand out one task only', async () => {
    await makeCallbackWorld(db, { tasks: 5 });
    const [agent] = await makeAgents(db, 1);
    const results = await Promise.all([1, 2, 3, 4].map(() => takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) })));
    const ids = new Set(results.map((r) => (r.status === 'held' ? r.task.id : null)));
    expect(ids.size).toBe(1);
    expect(await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'held'))).toHaveLength(1);
  });

  it('offers tasks in priority order, matching the database dispatch rank', async () => {
    const world = await makeCallbackWorld(db, { tasks: 12, classes: ['D', 'C', 'B', 'A'] });
    // One appointment (a C task) and one boosted D task jump the queue.
    const c = world.tasks.find((t) => t.customerClass === 'C')!;
    const d = world.tasks.filter((t) => t.customerClass === 'D').at(-1)!;
    await db.update(callbackTasks).set({ appointmentAt: FRIDAY_10 }).where(eq(callbackTasks.id, c.id));
    await db.update(callbackTasks).set({ boosted: true }).where(eq(callbackTasks.id, d.id));
    const tasks = await db.select().from(callbackTasks);
    const expected = [...tasks].sort(comparePriority).map((t) => t.id);
    const agents = await makeAgents(db, 12);
    const order: string[] = [];
    for (const a of agents) {
      const r = await takeNextCallback({ ctx: ctxAs(db, a, FRIDAY_10) });
      if (r.status === 'held') order.push(r.task.id);
    }
    expect(order).toEqual(expected);
    expect(order[0]).toBe(c.id);
    expect(order[1]).toBe(d.id);
  });

  it('answers "none left" on an empty queue and records the agent as online', async () => {
    const [agent] = await makeAgents(db, 1);
    expect(await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) })).toEqual({ status: 'none' });
    const [presence] = await db.select().from(agentPresence).where(eq(agentPresence.agentId, agent.id));
    expect(presence.lastSeenAt.getTime()).toBe(FRIDAY_10.getTime());
  });

  it('refuses while the queue is paused, naming the reason, and works again once resumed', async () => {
    await makeCallbackWorld(db, { tasks: 2 });
    const [agent] = await makeAgents(db, 1);
    const staff = await makeUser(db, 'staff');
    await pauseQueue({ ctx: ctxAs(db, staff, FRIDAY_10), input: { reason: '系统升级' } });
    const refused = await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) }).catch((e) => e);
    expect(refused).toBeInstanceOf(QueuePausedError);
    expect(refused.params.reason).toBe('系统升级');
    expect(await db.select().from(callbackTasks).where(eq(callbackTasks.state, 'held'))).toHaveLength(0);
    await resumeQueue({ ctx: ctxAs(db, staff, FRIDAY_10), input: {} });
    expect((await takeNextCallback({ ctx: ctxAs(db, agent, FRIDAY_10) })).status).toBe('held');
    const actions = (await db.select().from(auditLog).orderBy(asc(auditLog.id))).map((a) => a.action);
    expect(actions).toEqual(['callbacks.queuePaused', 'callbacks.queueResumed', 'callback.taken']);
  });

  it('refuses outside calling hours with the next opening, and follows a saved calendar', async () => {
    await makeCallbackWorld(db, { tasks: 2 });
    const [agent] = await makeAgents(db, 1);
    const saturday = new Date('2026-11-28T02:00:00Z');
    const refused = await takeNextCallback({ ctx: ctxAs(db, agent, saturday) }).catch((e) => e);
    expect(refused).toBeInstanceOf(OutsideCallingHoursError);
    expect(refused.nextOpening.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(refused.params.opening).toBe('2026-11-30 09:00');
    const lunch = await takeNextCallback({ ctx: ctxAs(db, agent, new Date('2026-11-27T04:30:00Z')) }).catch((e) => e);
    expect(lunch.params.opening).toBe('2026-11-27 14:00');

    // A make-up working Saturday, effective from that day.
    const staff = await makeUser(db, 'staff');
    await savePolicyVersion({
      ctx: ctxAs(db, staff, saturday),
      input: {
        key: 'calling',
        effectiveFrom: '2026-11-28',
        value: {
          windows: [
            { start: '09:00', end: '12:00' },
            { start: '14:00', end: '18:00' },
          ],
          weekdays: [1, 2, 3, 4, 5],
          holidays: [],
          makeUpWorkdays: ['2026-11-28'],
          maxAttempts: 3,
          retrySpacingMinutes: 120,
          retryDifferentHalfDay: true,
          callsPerSecond: 1,
          leaseSeconds: 90,
          manualCallsAllowed: false,
        },
      },
    });
    expect((await takeNextCallback({ ctx: ctxAs(db, agent, saturday) })).status).toBe('held');
  });

  it('lets only the holder renew or release; staff pull a task back', async () => {
    await makeCallbackWorld(db, { tasks: 3 });
    const [ann, bob] = await makeAgents(db, 2);
    const staff = await makeUser(db, 'staff');
    const taken = await takeNextCallback({ ctx: ctxAs(db, ann, FRIDAY_10) });
    if (taken.status !== 'held') throw new Error('expected a task');
    const id = taken.task.id;
    expect(taken.task.leaseExpiresAt.getTime()).toBe(FRIDAY_10.getTime() + 90_000);

    const later = new Date(FRIDAY_10.getTime() + 20_000);
    const renewed = await renewLease({ ctx: ctxAs(db, ann, later), input: { taskId: id } });
    expect(renewed.leaseExpiresAt.getTime()).toBe(later.getTime() + 90_000);
    await expect(renewLease({ ctx: ctxAs(db, bob, later), input: { taskId: id } })).rejects.toBeInstanceOf(NotHolderError);
    await expect(releaseCallback({ ctx: ctxAs(db, bob, later), input: { taskId: id, reason: 'break' } })).rejects.toBeInstanceOf(NotHolderError);
    // Bob does not even see the preview of Ann's task.
    await expect(getCallbackForAgent({ ctx: ctxAs(db, bob, later), input: { taskId: id } })).rejects.toMatchObject({ status: 404 });
    const preview = await getCallbackForAgent({ ctx: ctxAs(db, ann, later), input: { taskId: id } });
    expect(preview.contacts[0].phoneMasked).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(preview)).not.toMatch(/\+86\d{11}/);

    await expect(releaseCallback({ ctx: ctxAs(db, ann, later), input: { taskId: id, reason: 'other' } })).rejects.toMatchObject({ issues: [{ field: 'note' }] });
    await releaseCallback({ ctx: ctxAs(db, ann, later), input: { taskId: id, reason: 'break' } });
    const [released] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, id));
    expect(released).toMatchObject({ state: 'ready', holderId: null, attempts: 0 });

    const again = await takeNextCallback({ ctx: ctxAs(db, bob, later) });
    if (again.status !== 'held') throw new Error('expected a task');
    expect(again.task.id).toBe(id);
    const overview = await queueOverview({ ctx: ctxAs(db, staff, later) });
    expect(overview.agentsOnline.map((a) => a.agentId).sort()).toEqual([ann.id, bob.id].sort());
    expect(overview.agentsOnline.find((a) => a.agentId === bob.id)?.task?.taskId).toBe(id);
    expect(overview.byState).toMatchObject({ ready: 2, held: 1 });
    expect(overview.dueNow).toBe(2);

    await pullBackCallback({ ctx: ctxAs(db, staff, later), input: { taskId: id, reason: '坐席离开' } });
    await expect(renewLease({ ctx: ctxAs(db, bob, later), input: { taskId: id } })).rejects.toBeInstanceOf(NotHolderError);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityType, 'callback_task'), eq(auditLog.entityId, id))).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(['callback.taken', 'callback.released', 'callback.taken', 'callback.pulledBack']);
  });

  it('keeps agents out of staff verbs and staff out of taking work', async () => {
    await makeCallbackWorld(db, { tasks: 1 });
    const [agent] = await makeAgents(db, 1);
    const staff = await makeUser(db, 'staff');
    await expect(pauseQueue({ ctx: ctxAs(db, agent, FRIDAY_10), input: { reason: 'x' } })).rejects.toMatchObject({ status: 403 });
    await expect(queueOverview({ ctx: ctxAs(db, agent, FRIDAY_10) })).rejects.toMatchObject({ status: 403 });
    await expect(takeNextCallback({ ctx: ctxAs(db, staff, FRIDAY_10) })).rejects.toMatchObject({ status: 403 });
  });
});
