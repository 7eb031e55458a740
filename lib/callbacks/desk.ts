import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { agentPresence, callbackTasks, queueControls } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { formatLocal, isWithinCallingHours, nextCallingInstant } from '@/lib/calling/calendar';
import type { Ctx } from '@/lib/core/context';
import { NotFoundError } from '@/lib/core/errors';
import { NotHolderError, OutsideCallingHoursError, QueuePausedError } from './errors';
import { callingPolicyAt } from './policy';
import { parseInput as parse } from './parse';
import { releaseInput, taskIdInput, type ReleaseInput } from './schemas';
import { scheduleLeaseTimer } from './timers';

/** The queue_controls row of the callback queue. */
export const QUEUE_KEY = 'callbacks';

/** What "take next" hands an agent: enough to show the task; the preview has the rest. */
export interface HeldCallback {
  id: string;
  customerName: string;
  customerClass: 'A' | 'B' | 'C' | 'D';
  visitedAt: Date;
  attempts: number;
  appointmentAt: Date | null;
  heldAt: Date;
  leaseExpiresAt: Date;
  leaseSeconds: number;
}

export type TakeNextResult = { status: 'held'; task: HeldCallback; resumed: boolean } | { status: 'none' };

interface HeldRow {
  id: string;
  customer_name: string;
  customer_class: 'A' | 'B' | 'C' | 'D';
  visited_at: Date;
  attempts: number;
  appointment_at: Date | null;
  held_at: Date;
  lease_expires_at: Date;
}

const view = (row: HeldRow, leaseSeconds: number): HeldCallback => ({
  id: row.id,
  customerName: row.customer_name,
  customerClass: row.customer_class,
  visitedAt: new Date(row.visited_at),
  attempts: row.attempts,
  appointmentAt: row.appointment_at ? new Date(row.appointment_at) : null,
  heldAt: new Date(row.held_at),
  leaseExpiresAt: new Date(row.lease_expires_at),
  leaseSeconds,
});

async function touchPresenceIn(db: DbOrTx, agentId: string, now: Date) {
  await db
    .insert(agentPresence)
    .values({ agentId, lastSeenAt: now })
    .onConflictDoUpdate({ target: agentPresence.agentId, set: { lastSeenAt: now } });
}

function isOnePerAgentViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
  const c = e.cause ?? e;
  return c.code === '23505' && c.constraint_name === 'callback_tasks_one_per_agent';
}

/**
 * "Take next callback": hands the agent the highest-priority ready task, atomically. The pick is
 * one UPDATE over `SELECT … ORDER BY dispatch_rank, visited_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`
 * (the partial index of ready tasks), so concurrent agents — in any number of processes — each
 * lock a different row and none waits for another. An agent who already holds a task gets it
 * back (an agent holds at most one; the database's unique index enforces it). Starts a lease
 * that the desk's heartbeat renews and a 'callback.lease' timer that returns the task if it lapses.
 */
export async function takeNextCallback({ ctx }: { ctx: Ctx }): Promise<TakeNextResult> {
  assertRole(ctx.actor, 'agent');
  try {
    return await takeOnce(ctx);
  } catch (error) {
    // Two takes by the same agent at once (a double click): the loser finds the winner's task.
    if (isOnePerAgentViolation(error)) return takeOnce(ctx);
    throw error;
  }
}

async function takeOnce(ctx: Ctx): Promise<TakeNextResult> {
  const now = ctx.now();
  const agentId = ctx.actor.id;
  const [policy, [control], [mine]] = await Promise.all([
    callingPolicyAt(ctx.db, now),
    ctx.db.select({ paused: queueControls.paused, reason: queueControls.reason }).from(queueControls).where(eq(queueControls.key, QUEUE_KEY)),
    ctx.db.select({ id: callbackTasks.id }).from(callbackTasks).where(and(eq(callbackTasks.state, 'held'), eq(callbackTasks.holderId, agentId))),
  ]);
  const leaseExpiresAt = new Date(now.getTime() + policy.leaseSeconds * 1000);

  if (mine) {
    const row = await ctx.db.transaction(async (tx) => {
      const [renewed] = (await tx.execute(sql`
        update callback_tasks t set lease_expires_at = ${leaseExpiresAt.toISOString()}, updated_at = ${now.toISOString()}
        from customers c
        where t.id = ${mine.id} and t.state = 'held' and t.holder_id = ${agentId} and c.id = t.customer_id
        returning t.id, c.name as customer_name, t.customer_class, t.visited_at, t.attempts, t.appointment_at, t.held_at, t.lease_expires_at`)) as unknown as HeldRow[];
      if (renewed) await touchPresenceIn(tx, agentId, now);
      return renewed;
    });
    // The lease lapsed between the two statements: take afresh.
    if (!row) return takeOnce(ctx);
    return { status: 'held', task: view(row, policy.leaseSeconds), resumed: true };
  }

  if (control?.paused) throw new QueuePausedError(control.reason);
  if (!isWithinCallingHours(now, policy.calendar, policy.timeZone)) {
    const opening = nextCallingInstant(now, policy.calendar, policy.timeZone);
    throw new OutsideCallingHoursError(opening, opening ? formatLocal(opening, policy.timeZone) : '—');
  }

  const row = await ctx.db.transaction(async (tx) => {
    const [claimed] = (await tx.execute(sql`
      update callback_tasks t
      set state = 'held', holder_id = ${agentId}, held_at = ${now.toISOString()}, lease_expires_at = ${leaseExpiresAt.toISOString()}, updated_at = ${now.toISOString()}
      from customers c
      where t.id = (
          select id from callback_tasks
          where state = 'ready'
          order by dispatch_rank, visited_at, id
          limit 1
          for update skip locked
        )
        and c.id = t.customer_id
      returning t.id, c.name as customer_name, t.customer_class, t.visited_at, t.attempts, t.appointment_at, t.held_at, t.lease_expires_at`)) as unknown as HeldRow[];
    await touchPresenceIn(tx, agentId, now);
    if (claimed) {
      await recordAudit(tx, {
        actorId: agentId,
        action: 'callback.taken',
        entityType: 'callback_task',
        entityId: claimed.id,
        after: { state: 'held', leaseExpiresAt: leaseExpiresAt.toISOString(), attempts: claimed.attempts },
      });
    }
    return claimed;
  });
  if (!row) return { status: 'none' };
  await scheduleLeaseTimer(row.id, leaseExpiresAt);
  return { status: 'held', task: view(row, policy.leaseSeconds), resumed: false };
}

/**
 * The desk's heartbeat: pushes the lease of the agent's task forward. Only the holder can.
 * Not audited: a heartbeat is not a decision, and one every 20 s per agent would bury the log;
 * what matters — the task returning when the heartbeats stop — is audited by the lease timer.
 * The lease timer already scheduled chains itself to the new expiry when it fires.
 */
export async function renewLease({ ctx, input }: { ctx: Ctx; input: { taskId: string } }): Promise<{ leaseExpiresAt: Date; leaseSeconds: number }> {
  assertRole(ctx.actor, 'agent');
  const { taskId } = parse(taskIdInput, input);
  const now = ctx.now();
  const policy = await callingPolicyAt(ctx.db, now);
  const leaseExpiresAt = new Date(now.getTime() + policy.leaseSeconds * 1000);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(callbackTasks)
      .set({ leaseExpiresAt, updatedAt: now })
      .where(and(eq(callbackTasks.id, taskId), eq(callbackTasks.state, 'held'), eq(callbackTasks.holderId, ctx.actor.id)))
      .returning({ id: callbackTasks.id });
    if (!row) throw new NotHolderError();
    await touchPresenceIn(tx, ctx.actor.id, now);
    return { leaseExpiresAt, leaseSeconds: policy.leaseSeconds };
  });
}

/** The desk's heartbeat while the agent holds nothing: "online" for the queue page. */
export async function touchPresence({ ctx }: { ctx: Ctx }): Promise<void> {
  assertRole(ctx.actor, 'agent');
  await touchPresenceIn(ctx.db, ctx.actor.id, ctx.now());
}

/** The agent gives the task back unworked, with a reason: ready again, the attempt not counted. */
export async function releaseCallback({ ctx, input }: { ctx: Ctx; input: ReleaseInput }): Promise<{ taskId: string }> {
  assertRole(ctx.actor, 'agent');
  const { taskId, reason, note } = parse(releaseInput, input);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)).for('update');
    if (!before) throw new NotFoundError();
    if (before.state !== 'held' || before.holderId !== ctx.actor.id) throw new NotHolderError();
    await tx
      .update(callbackTasks)
      .set({ state: 'ready', holderId: null, heldAt: null, leaseExpiresAt: null, updatedAt: now })
      .where(eq(callbackTasks.id, taskId));
    await touchPresenceIn(tx, ctx.actor.id, now);
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'callback.released',
      entityType: 'callback_task',
      entityId: taskId,
      before: { state: 'held', holderId: before.holderId },
      after: { state: 'ready', reason, note },
    });
    return { taskId };
  });
}
