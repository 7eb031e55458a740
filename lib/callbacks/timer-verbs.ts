import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callbackTasks } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { requestCallbackFollowUp, type CallbackFollowUp } from '@/lib/campaigns/follow-up';
import { endAbandonedAttempt } from './abandon';
import { scheduleLeaseTimer } from './timers';

/**
 * What the BullMQ timers do. Both re-read the task under a row lock and act only if PostgreSQL
 * still says so — a timer is a wake-up call, never the truth — so a duplicated, late or stale
 * timer is harmless. They run for no person: audit entries have no actor.
 *
 * A timer may fire a moment early (clocks of the producing and the consuming process differ):
 * within this tolerance it counts as on time; earlier, the processor puts the job back to sleep.
 */
export const TIMER_TOLERANCE_MS = 1000;

export type DueResult = 'ready' | 'stale' | 'early';

/** 'callback.due': a waiting task whose next attempt has come becomes ready for agents. */
export async function makeCallbackDue({ db, now, input }: { db: DbOrTx; now: Date; input: { taskId: string; dueAt: number } }): Promise<DueResult> {
  return db.transaction(async (tx) => {
    const [task] = await tx
      .select({ state: callbackTasks.state, nextAttemptAt: callbackTasks.nextAttemptAt })
      .from(callbackTasks)
      .where(eq(callbackTasks.id, input.taskId))
      .for('update');
    // Moved on (taken, closed, rescheduled): this timer is not the task's current one.
    if (!task || task.state !== 'waiting' || task.nextAttemptAt.getTime() !== input.dueAt) return 'stale';
    if (task.nextAttemptAt.getTime() > now.getTime() + TIMER_TOLERANCE_MS) return 'early';
    await tx.update(callbackTasks).set({ state: 'ready', updatedAt: now }).where(eq(callbackTasks.id, input.taskId));
    await recordAudit(tx, {
      actorId: null,
      action: 'callback.due',
      entityType: 'callback_task',
      entityId: input.taskId,
      before: { state: 'waiting', nextAttemptAt: task.nextAttemptAt },
      after: { state: 'ready' },
    });
    return 'ready';
  });
}

export type LeaseResult = 'returned' | 'attemptEnded' | 'renewed' | 'stale' | 'early';

/**
 * 'callback.lease': if the holder's desk stopped renewing, the task goes back to ready — unless a
 * call of the attempt had dialled the contact: then the attempt is over, recorded as a technical
 * failure and retried by the rules (lib/callbacks/abandon.ts). If the lease was renewed meanwhile,
 * the next timer is scheduled at the new expiry (so heartbeats never have to touch Redis).
 */
export async function expireCallbackLease({
  db,
  now,
  input,
}: {
  db: DbOrTx;
  now: Date;
  input: { taskId: string; expiresAt: number };
}): Promise<LeaseResult> {
  const outcome = await db.transaction(async (tx): Promise<{ result: LeaseResult; next?: Date; followUp?: CallbackFollowUp | null }> => {
    const [task] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, input.taskId)).for('update');
    if (!task || task.state !== 'held' || !task.leaseExpiresAt) return { result: 'stale' };
    const expires = task.leaseExpiresAt.getTime();
    if (expires > now.getTime() + TIMER_TOLERANCE_MS) {
      // The timer for exactly this lease woke up early: sleep again. A later lease: renewed.
      return expires === input.expiresAt ? { result: 'early' } : { result: 'renewed', next: task.leaseExpiresAt };
    }
    const ended = await endAbandonedAttempt(tx, task, now, 'leaseLapsed');
    if (!ended) {
      await tx
        .update(callbackTasks)
        .set({ state: 'ready', holderId: null, heldAt: null, leaseExpiresAt: null, updatedAt: now })
        .where(eq(callbackTasks.id, input.taskId));
    }
    await recordAudit(tx, {
      actorId: null,
      action: 'callback.leaseLapsed',
      entityType: 'callback_task',
      entityId: input.taskId,
      before: { state: 'held', holderId: task.holderId, leaseExpiresAt: task.leaseExpiresAt },
      after: ended ? { state: ended.result.state, attemptNo: ended.result.attemptNo, outcome: ended.result.outcome } : { state: 'ready' },
    });
    return ended ? { result: 'attemptEnded', followUp: ended.followUp } : { result: 'returned' };
  });
  if (outcome.next) await scheduleLeaseTimer(input.taskId, outcome.next);
  // After commit: the last attempt used up leaves the callback unreachable (its campaign reads the result).
  if (outcome.followUp) await requestCallbackFollowUp(outcome.followUp);
  return outcome.result;
}
