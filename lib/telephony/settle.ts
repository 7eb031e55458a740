import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callEvents, callbackTasks, users } from '@/db/schema';
import { recordOutcomeInTransaction } from '@/lib/callbacks/outcome';
import type { CallOutcome } from '@/lib/calling/outcomes';
import { isDomainError } from '@/lib/platform/core/errors';
import { logger } from '@/lib/platform/log';
import type { CallbackFollowUp } from '@/lib/campaigns/follow-up';
import { automaticOutcome } from './status';
import { callFacts, SETTLED_STATUS, type CallRow } from './view';
import { actorColumns } from '@/lib/auth/actor';

/**
 * Records the attempt outcome a call decides by itself — nobody reached (no answer, busy, an
 * answering machine) or a technical failure — through lib/callbacks' recordOutcome, as the
 * agent whose call it was, so the retry rules and the evidence rule apply exactly as if the
 * agent had chosen it (the call's own record is the evidence; a person who answered an earlier
 * call of the same attempt makes "nobody reached" untrue, and it is not recorded).
 * Runs inside the transaction that changed the call (its row locked). Exactly once per call:
 * a 'settled' marker event is inserted first under call_events' unique key.
 *
 * A call answered by a person decides nothing here: the agent records it through the script.
 *
 * Returns the campaign's follow-up the outcome calls for when it ended the callback (the last
 * no-contact attempt: unreachable) — for the caller to request once its transaction has
 * committed (requestCallbackFollowUp), never inside it. Null otherwise.
 */
export async function settleCall(tx: DbOrTx, call: CallRow, now: Date): Promise<CallbackFollowUp | null> {
  const facts = await callFacts(tx, call.id);
  if (facts.settled) return null;
  const outcome = automaticOutcome({ status: call.status, customerLegStatus: call.customerLegStatus, answeredBy: facts.answeredBy, errorCode: call.errorCode });
  if (!outcome) return null;
  const [marker] = await tx
    .insert(callEvents)
    .values({ callId: call.id, leg: 'agent', status: SETTLED_STATUS, sequence: 0, payload: { outcome, recorded: 'false' }, receivedAt: now })
    .onConflictDoNothing()
    .returning({ id: callEvents.id });
  if (!marker) return null;
  const { payload, verdict } = await recordAutomaticOutcome(tx, call, outcome, now);
  await tx.update(callEvents).set({ payload }).where(eq(callEvents.id, marker.id));
  return verdict;
}

async function recordAutomaticOutcome(
  tx: DbOrTx,
  call: CallRow,
  outcome: CallOutcome,
  now: Date,
): Promise<{ payload: Record<string, string>; verdict: CallbackFollowUp | null }> {
  const [task] = await tx
    .select({ attempts: callbackTasks.attempts, state: callbackTasks.state, holderId: callbackTasks.holderId })
    .from(callbackTasks)
    .where(eq(callbackTasks.id, call.taskId));
  // The agent already recorded this attempt, released the task, or staff pulled it back.
  if (!task || task.state !== 'held' || task.holderId !== call.agentId) return { payload: { outcome, recorded: 'false', reason: 'notHeld' }, verdict: null };
  // A late callback of an earlier attempt's call decides nothing about the attempt now under way.
  if (call.attemptNo != null && call.attemptNo !== task.attempts + 1) return { payload: { outcome, recorded: 'false', reason: 'otherAttempt' }, verdict: null };
  const [agent] = await tx
    .select(actorColumns)
    .from(users)
    .where(and(eq(users.id, call.agentId), eq(users.active, true)));
  if (!agent) return { payload: { outcome, recorded: 'false', reason: 'agentInactive' }, verdict: null };
  try {
    // A savepoint: a refusal inside recordOutcome must not abort the call's own transaction.
    const { result, afterCommit } = await tx.transaction((sp) =>
      recordOutcomeInTransaction({
        ctx: { db: sp, actor: agent, now: () => now },
        input: { taskId: call.taskId, attemptNo: task.attempts + 1, outcome, notes: `[auto] call ${call.id}` },
      }),
    );
    return {
      payload: {
        outcome,
        recorded: 'true',
        attemptNo: String(result.attemptNo),
        state: result.state,
        nextAttemptAt: result.nextAttemptAt?.toISOString() ?? '',
      },
      verdict: afterCommit,
    };
  } catch (err) {
    if (!isDomainError(err)) logger.error({ err, callId: call.id }, 'automatic outcome not recorded');
    return { payload: { outcome, recorded: 'false', reason: isDomainError(err) ? err.code : 'error' }, verdict: null };
  }
}
