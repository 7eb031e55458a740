import { asc, eq } from 'drizzle-orm';
import { callbackAttempts, callbackTasks } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { decideAfterAttempt, type CallOutcome } from '@/lib/calling/outcomes';
import type { Ctx } from '@/lib/core/context';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/core/errors';
import { parseLocalDateTime } from '@/lib/time/zone';
import { NotHolderError } from './errors';
import { parseInput } from './parse';
import { callingPolicyAt } from './policy';
import { recordOutcomeInput, type RecordOutcomeInput } from './schemas';
import { scheduleDueTimer } from './timers';

export interface OutcomeResult {
  taskId: string;
  attemptNo: number;
  outcome: CallOutcome;
  /** waiting = it comes back at nextAttemptAt (a retry or an appointment). */
  state: 'waiting' | 'closed' | 'unreachable';
  nextAttemptAt: Date | null;
  /** True when this was a repeated submit of an attempt already recorded. */
  replayed: boolean;
}

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function readAppointment(text: string | null | undefined, timeZone: string): Date | null {
  if (!text) return null;
  const at = ZONED_ISO.test(text) ? new Date(text) : parseLocalDateTime(text, timeZone);
  if (!at || Number.isNaN(at.getTime())) throw ValidationError.field('appointmentAt', 'calling.appointmentInvalid');
  return at;
}

/**
 * Records how an attempt ended and applies the retry rules (lib/calling/outcomes.ts): a callback
 * attempt row, then the task goes back to waiting (retry after the spacing, or the agreed
 * appointment) with a 'callback.due' timer, or ends closed / unreachable. Only the holder can.
 * Idempotent against a double submit: the same attempt number again returns the first result.
 */
export async function recordOutcome({ ctx, input }: { ctx: Ctx; input: RecordOutcomeInput }): Promise<OutcomeResult> {
  assertRole(ctx.actor, 'agent');
  const data = parseInput(recordOutcomeInput, input);
  const now = ctx.now();
  const policy = await callingPolicyAt(ctx.db, now);
  const appointmentAt = data.outcome === 'appointment' ? readAppointment(data.appointmentAt, policy.timeZone) : null;

  const result = await ctx.db.transaction(async (tx): Promise<OutcomeResult> => {
    const [task] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, data.taskId)).for('update');
    if (!task) throw new NotFoundError();
    const earlier = await tx.select().from(callbackAttempts).where(eq(callbackAttempts.taskId, task.id)).orderBy(asc(callbackAttempts.attemptNo));
    const same = earlier.find((a) => a.attemptNo === data.attemptNo);
    if (same) {
      if (same.agentId !== ctx.actor.id) throw new NotHolderError();
      return {
        taskId: task.id,
        attemptNo: same.attemptNo,
        outcome: same.outcome,
        state: task.state === 'closed' || task.state === 'unreachable' ? task.state : 'waiting',
        nextAttemptAt: task.state === 'closed' || task.state === 'unreachable' ? null : task.nextAttemptAt,
        replayed: true,
      };
    }
    if (task.state !== 'held' || task.holderId !== ctx.actor.id) throw new NotHolderError();
    if (data.attemptNo !== task.attempts + 1) throw new ConflictError('callbacks.staleAttempt', { attempt: task.attempts + 1 });

    const decision = decideAfterAttempt({
      attempt: { outcome: data.outcome, appointmentAt },
      earlier: earlier.map((a) => ({ outcome: a.outcome, at: a.endedAt })),
      now,
      calendar: policy.calendar,
      rules: policy.rules,
      timeZone: policy.timeZone,
    });
    if (decision.kind === 'invalid') {
      if (decision.field) throw ValidationError.field(decision.field, decision.code, decision.params);
      throw new ConflictError(decision.code, decision.params);
    }

    await tx.insert(callbackAttempts).values({
      taskId: task.id,
      attemptNo: data.attemptNo,
      agentId: ctx.actor.id,
      outcome: data.outcome,
      appointmentAt,
      notes: data.notes,
      startedAt: task.heldAt ?? now,
      endedAt: now,
    });
    const released = { holderId: null, heldAt: null, leaseExpiresAt: null, attempts: task.attempts + 1, lastOutcome: data.outcome, updatedAt: now };
    const next =
      decision.kind === 'retry'
        ? { state: 'waiting' as const, nextAttemptAt: decision.nextAttemptAt, appointmentAt: null }
        : decision.kind === 'appointment'
          ? { state: 'waiting' as const, nextAttemptAt: decision.nextAttemptAt, appointmentAt: decision.nextAttemptAt }
          : decision.kind === 'closed'
            ? { state: 'closed' as const, outcome: decision.outcome, closedAt: now, appointmentAt: null }
            : { state: 'unreachable' as const, outcome: data.outcome, closedAt: now, appointmentAt: null };
    await tx
      .update(callbackTasks)
      .set({ ...released, ...next })
      .where(eq(callbackTasks.id, task.id));
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'callback.outcomeRecorded',
      entityType: 'callback_task',
      entityId: task.id,
      before: { state: task.state, attempts: task.attempts, nextAttemptAt: task.nextAttemptAt },
      after: { attemptNo: data.attemptNo, outcome: data.outcome, decision: decision.kind, ...next },
    });
    return {
      taskId: task.id,
      attemptNo: data.attemptNo,
      outcome: data.outcome,
      state: next.state,
      nextAttemptAt: next.state === 'waiting' ? next.nextAttemptAt : null,
      replayed: false,
    };
  });
  if (!result.replayed && result.state === 'waiting' && result.nextAttemptAt) await scheduleDueTimer(result.taskId, result.nextAttemptAt);
  return result;
}
