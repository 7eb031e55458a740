import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callbackAttempts, callbackDrafts, callbackResults, callbackTasks, scriptVersions } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { NotHolderError } from '@/lib/callbacks/errors';
import { recordOutcomeInTransaction } from '@/lib/callbacks/outcome';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError } from '@/lib/platform/core/errors';
import { policyInForce } from '@/lib/policy/policies';
import { readDefinition, type CallOutcome } from '@/lib/scripts/definition';
import type { ComparisonEntry } from '@/lib/scripts/scoring';
import { scriptForTask } from '@/lib/scripts/scripts';
import { scoreSubmission } from '@/lib/scripts/submission';
import { dayOf } from '@/lib/platform/time/zone';
import { requestCallbackFollowUp } from '@/lib/campaigns/follow-up';
import { subjectOf } from '@/lib/campaigns/kinds';
import { answersRefused } from './draft';
import { AttemptAlreadyRecordedError, NoScriptError } from './errors';
import { checkUnfinishedAnswers, isRepeatOf, isScoredOutcome, resolveOutcome, scorePartial } from './rules';
import { submitCallbackInput, type SubmitCallbackInput } from './schemas';
import { loadTaskVisit, type TaskVisit } from './visit';
import { parseInput } from '@/lib/platform/core/parse-input';

export interface SubmitResult {
  taskId: string;
  attemptNo: number;
  /** The outcome stored: the one chosen, or the one the script's flow ended the call with. */
  outcome: CallOutcome;
  /** waiting = it comes back at nextAttemptAt (a retry or an appointment). */
  state: 'waiting' | 'closed' | 'unreachable';
  nextAttemptAt: Date | null;
  /** The server's score of a scored outcome (completed, partial); null for the others. */
  scored: { resultId: string; score: number; maxScore: number; result: 'valid' | 'invalid'; knockedOut: string | null; scriptVersionId: string } | null;
  /** True when this answered a repeated submit with what the first one stored. */
  replayed: boolean;
}

type Scored = {
  versionId: string;
  answers: Record<string, unknown>;
  score: number;
  maxScore: number;
  knockedOut: string | null;
  result: 'valid' | 'invalid';
  comparison: ComparisonEntry[];
  pathOutcome: CallOutcome | null;
};

/**
 * Scores the answers on the server, against the task's script version (the draft's; else the one
 * assigned now) and the `scoring` policy's threshold. Completed: the answers must complete the
 * flow (scoreSubmission refuses what does not fit, naming each question). Partial: every answer
 * must fit, the flow need not be finished.
 */
async function score(tx: DbOrTx, task: TaskVisit, outcome: 'completed' | 'partial', answers: Record<string, unknown>, day: string): Promise<Scored> {
  const [draft] = await tx.select({ versionId: callbackDrafts.scriptVersionId }).from(callbackDrafts).where(eq(callbackDrafts.taskId, task.taskId));
  const versionId = draft?.versionId ?? (await scriptForTask(tx, task))?.id;
  if (!versionId) throw new NoScriptError(task.customerClass);
  if (outcome === 'completed') {
    const s = await scoreSubmission(tx, { versionId, answers, visitContext: task.context, day });
    return { versionId, answers: s.answers as Record<string, unknown>, score: s.score, maxScore: s.maxScore, knockedOut: s.knockedOut, result: s.result, comparison: s.comparison, pathOutcome: s.outcome };
  }
  const [version] = await tx.select().from(scriptVersions).where(eq(scriptVersions.id, versionId));
  if (!version) throw new NotFoundError('scripts.unknownVersion');
  if (version.status === 'draft') throw new ConflictError('scripts.versionNotPublished', { version: version.version });
  const definition = readDefinition(version.definition);
  const checked = checkUnfinishedAnswers(definition, answers, day);
  if (checked.issues.length > 0) throw answersRefused(checked.issues);
  const { value } = await policyInForce(tx, 'scoring', day);
  const s = scorePartial(definition, checked.answers, { report: task.context, threshold: value.validThreshold });
  return { versionId, answers: checked.answers as Record<string, unknown>, score: s.score, maxScore: s.maxScore, knockedOut: s.knockedOut, result: s.result, comparison: s.comparison, pathOutcome: checked.pathOutcome };
}

async function storedResult(tx: DbOrTx, taskId: string, attempt: typeof callbackAttempts.$inferSelect): Promise<SubmitResult> {
  const [task] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, taskId));
  const [result] = await tx.select().from(callbackResults).where(eq(callbackResults.attemptId, attempt.id));
  const final = task.state === 'closed' || task.state === 'unreachable';
  return {
    taskId,
    attemptNo: attempt.attemptNo,
    outcome: attempt.outcome,
    state: final ? (task.state as 'closed' | 'unreachable') : 'waiting',
    nextAttemptAt: final ? null : task.nextAttemptAt,
    scored: result
      ? { resultId: result.id, score: result.score, maxScore: result.maxScore, result: result.result, knockedOut: result.knockedOut, scriptVersionId: result.scriptVersionId }
      : null,
    replayed: true,
  };
}

/**
 * Submits the callback the agent holds: how the attempt ended, the script's answers and the
 * wrap-up notes. Only the holder (else 409 NotHolderError, nothing written).
 *
 * - completed / partial: the server scores the answers (never the browser); when the script's
 *   flow ended the call with an outcome (e.g. "not this person" → wrong_person) that outcome is
 *   stored instead, unscored. A scored attempt stores its callback_results row with the script
 *   version, and a completed one the task's result and score.
 * - other outcomes go through recordOutcome as chosen: retries, appointments, final outcomes.
 * - every outcome must rest on the attempt's call as the telephony recorded it, or on a manual
 *   call the calling rules allow (recordOutcome decides, lib/calling/evidence.ts): a completed
 *   callback without a call that the contact answered is refused, and nothing is scored.
 *
 * The attempt, the result, the task's state, the deleted draft and the audit entry are ONE
 * transaction: a refusal at any point (answers that do not fit, an appointment outside calling
 * hours) writes nothing. The attempt is the idempotency key: a repeated submit of the same attempt
 * (double click, retried request) answers with what the first one stored and stores nothing more.
 * After commit, the campaign's follow-up is requested (the visit's verdict, the spot check's
 * finding) when the callback ended or was scored.
 */
export async function submitCallback({ ctx, input }: { ctx: Ctx; input: SubmitCallbackInput }): Promise<SubmitResult> {
  assertRole(ctx.actor, 'agent');
  const data = parseInput(submitCallbackInput, input);
  const now = ctx.now();
  const day = dayOf(now, env().APP_TIMEZONE);

  const outcome = await ctx.db.transaction(async (tx) => {
    // The task row serialises two submits (and a draft save) of the same callback.
    const [locked] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, data.taskId)).for('update');
    if (!locked) throw new NotFoundError();
    const heldByMe = locked.state === 'held' && locked.holderId === ctx.actor.id;
    const attemptNo = data.attemptNo ?? (heldByMe ? locked.attempts + 1 : locked.attempts);
    const [earlier] = await tx
      .select()
      .from(callbackAttempts)
      .where(and(eq(callbackAttempts.taskId, locked.id), eq(callbackAttempts.attemptNo, attemptNo)));
    if (earlier) {
      if (earlier.agentId !== ctx.actor.id) throw new NotHolderError();
      if (!isRepeatOf(data.outcome, earlier.outcome)) throw new AttemptAlreadyRecordedError(attemptNo);
      return { result: await storedResult(tx, locked.id, earlier), subject: subjectOf(locked), afterCommit: null };
    }
    if (!heldByMe) throw new NotHolderError();
    if (attemptNo !== locked.attempts + 1) throw new ConflictError('callbacks.staleAttempt', { attempt: locked.attempts + 1 });

    const task = await loadTaskVisit(tx, locked.id);
    const scored = isScoredOutcome(data.outcome) ? await score(tx, task, data.outcome, data.answers, day) : null;
    const stored = resolveOutcome(data.outcome, scored?.pathOutcome ?? null);
    const keepScore = scored !== null && isScoredOutcome(stored);

    // The retry rules, the attempt row and the task's next state: the callbacks verb, in a
    // savepoint of this transaction. (A due timer it schedules for a retry is checked against the
    // task when it fires, so one left by a later rollback here is harmless.)
    const { result: recorded, afterCommit } = await recordOutcomeInTransaction({
      ctx: { ...ctx, db: tx },
      input: { taskId: task.taskId, attemptNo, outcome: stored, appointmentAt: data.appointmentAt ?? null, notes: data.notes, manual: data.manual },
    });
    const [attempt] = await tx
      .select()
      .from(callbackAttempts)
      .where(and(eq(callbackAttempts.taskId, task.taskId), eq(callbackAttempts.attemptNo, attemptNo)));

    let result: SubmitResult['scored'] = null;
    if (keepScore) {
      const [row] = await tx
        .insert(callbackResults)
        .values({
          taskId: task.taskId,
          attemptId: attempt.id,
          scriptVersionId: scored.versionId,
          answers: scored.answers,
          score: scored.score,
          maxScore: scored.maxScore,
          knockedOut: scored.knockedOut,
          comparison: scored.comparison.length > 0 ? Object.fromEntries(scored.comparison.map((c) => [c.questionId, c])) : null,
          result: scored.result,
          agentId: ctx.actor.id,
          submittedAt: now,
        })
        .returning();
      result = { resultId: row.id, score: row.score, maxScore: row.maxScore, result: row.result, knockedOut: row.knockedOut, scriptVersionId: row.scriptVersionId };
      // The verdict applies to completed callbacks; a partial one keeps its answers and score for review.
      if (stored === 'completed') {
        await tx.update(callbackTasks).set({ result: row.result, score: row.score, updatedAt: now }).where(eq(callbackTasks.id, task.taskId));
      }
    }
    await tx.delete(callbackDrafts).where(eq(callbackDrafts.taskId, task.taskId));
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'callback.submitted',
      entityType: 'callback_task',
      entityId: task.taskId,
      before: { state: locked.state, attempts: locked.attempts },
      after: {
        attemptNo,
        outcome: stored,
        chosen: data.outcome,
        state: recorded.state,
        callId: attempt.callId,
        manual: attempt.manual,
        ...(result ? { resultId: result.resultId, scriptVersionId: result.scriptVersionId, score: result.score, maxScore: result.maxScore, result: result.result, knockedOut: result.knockedOut } : {}),
      },
    });
    return {
      subject: task.subject,
      result: { taskId: task.taskId, attemptNo, outcome: stored, state: recorded.state, nextAttemptAt: recorded.nextAttemptAt, scored: result, replayed: false } satisfies SubmitResult,
      afterCommit,
    };
  });

  // After commit: the job reads what was stored. A Redis failure is logged there; the month close re-evaluates anyway.
  // A scored result is a new fact even while the callback waits (partial); it stands for the ended callback's request.
  const { result, subject, afterCommit } = outcome;
  if (!result.replayed && result.scored) await requestCallbackFollowUp({ subject, event: `callback-${result.scored.resultId}` });
  else if (afterCommit) await requestCallbackFollowUp(afterCommit);
  return result;
}
