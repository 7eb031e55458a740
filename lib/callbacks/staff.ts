import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { callbackTasks, queueControls } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError } from '@/lib/platform/core/errors';
import { requestCallbackFollowUp } from '@/lib/campaigns/follow-up';
import { subjectOf } from '@/lib/campaigns/kinds';
import { endAbandonedAttempt } from './abandon';
import { QUEUE_KEY } from './queries';
import { pauseInput, pullBackInput, resumeInput, type PauseInput, type PullBackInput, type ResumeInput } from './schemas';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * Staff take a held task back from its agent (the agent left, or holds it too long): it is ready
 * again for anyone, the attempt not counted — unless a call of the attempt had dialled the
 * contact: then the attempt is recorded as a technical failure and the retry rules apply
 * (lib/callbacks/abandon.ts). The agent's desk learns at its next heartbeat.
 */
export async function pullBackCallback({ ctx, input }: { ctx: Ctx; input: PullBackInput }): Promise<{ taskId: string; holderId: string }> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { taskId, reason } = parseInput(pullBackInput, input);
  const now = ctx.now();
  const pulled = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)).for('update');
    if (!before) throw new NotFoundError();
    if (before.state !== 'held' || !before.holderId) throw new ConflictError('callbacks.notHeld');
    // Taken back after the contact's phone rang: that attempt is over (lib/callbacks/abandon.ts).
    const ended = await endAbandonedAttempt(tx, before, now, 'pulledBack');
    if (!ended) {
      await tx
        .update(callbackTasks)
        .set({ state: 'ready', holderId: null, heldAt: null, leaseExpiresAt: null, updatedAt: now })
        .where(eq(callbackTasks.id, taskId));
    }
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'callback.pulledBack',
      entityType: 'callback_task',
      entityId: taskId,
      before: { state: 'held', holderId: before.holderId, leaseExpiresAt: before.leaseExpiresAt },
      after: ended ? { state: ended.result.state, attemptNo: ended.result.attemptNo, outcome: ended.result.outcome, reason } : { state: 'ready', reason },
    });
    return { taskId, holderId: before.holderId, followUp: ended?.followUp ?? null };
  });
  if (pulled.followUp) await requestCallbackFollowUp(pulled.followUp);
  return { taskId: pulled.taskId, holderId: pulled.holderId };
}

export const cancelCallbackInput = pullBackInput;
export type CancelCallbackInput = z.input<typeof cancelCallbackInput>;

/**
 * Staff cancel a callback that is not over yet (waiting, ready, or held — the agent's desk learns
 * at its next heartbeat): nobody will call; the reason stays on the task (cancel_reason) and in the
 * audit log. Its campaign reads it as never against the manager (a visit's verdict becomes
 * "unverified", a spot check's finding unverified); that follow-up is requested once committed.
 */
export async function cancelCallback({ ctx, input }: { ctx: Ctx; input: CancelCallbackInput }): Promise<{ taskId: string; visitId: string | null; state: 'cancelled' }> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { taskId, reason } = parseInput(cancelCallbackInput, input);
  const now = ctx.now();
  const cancelled = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)).for('update');
    if (!before) throw new NotFoundError();
    if (before.state === 'closed' || before.state === 'unreachable' || before.state === 'cancelled') {
      throw new ConflictError('callbacks.notCancellable', { state: before.state });
    }
    await tx
      .update(callbackTasks)
      .set({ state: 'cancelled', cancelReason: reason, holderId: null, heldAt: null, leaseExpiresAt: null, appointmentAt: null, closedAt: now, updatedAt: now })
      .where(eq(callbackTasks.id, taskId));
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'callback.cancelled',
      entityType: 'callback_task',
      entityId: taskId,
      before: { state: before.state, holderId: before.holderId, attempts: before.attempts },
      after: { state: 'cancelled', reason },
    });
    return { taskId, visitId: before.visitId, subject: subjectOf(before), state: 'cancelled' as const };
  });
  // After commit: the job reads the cancelled task. A task is cancelled once, so the event is unique.
  await requestCallbackFollowUp({ subject: cancelled.subject, event: `cancelled-${taskId}` });
  return { taskId: cancelled.taskId, visitId: cancelled.visitId, state: cancelled.state };
}

/** Pausing stops "take next" for every agent; tasks already held stay with their agents and timers keep running. */
export async function pauseQueue({ ctx, input }: { ctx: Ctx; input: PauseInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const { reason } = parseInput(pauseInput, input);
  return setPaused(ctx, true, reason);
}

export async function resumeQueue({ ctx, input }: { ctx: Ctx; input: ResumeInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const { reason } = parseInput(resumeInput, input);
  return setPaused(ctx, false, reason);
}

async function setPaused(ctx: Ctx, paused: boolean, reason: string) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(queueControls).where(eq(queueControls.key, QUEUE_KEY)).for('update');
    const [row] = await tx
      .insert(queueControls)
      .values({ key: QUEUE_KEY, paused, reason, updatedBy: ctx.actor.id, updatedAt: now })
      .onConflictDoUpdate({ target: queueControls.key, set: { paused, reason, updatedBy: ctx.actor.id, updatedAt: now } })
      .returning();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: paused ? 'callbacks.queuePaused' : 'callbacks.queueResumed',
      entityType: 'queue_control',
      entityId: QUEUE_KEY,
      before: before ?? null,
      after: row,
    });
    return { paused: row.paused, reason: row.reason, updatedAt: row.updatedAt };
  });
}
