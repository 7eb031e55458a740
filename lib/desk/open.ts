import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callbackAttempts, callbackDrafts, callbackResults, callbackTasks, customers, scriptVersions } from '@/db/schema';
import { assertRole } from '@/lib/auth/guards';
import { callingPolicyAt } from '@/lib/callbacks/policy';
import { getCallbackForAgent, type CallbackPreview } from '@/lib/callbacks/queries';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { policyInForce } from '@/lib/policy/policies';
import { readDefinition, type Answers, type CallOutcome, type ScriptDefinition, type VisitContext } from '@/lib/scripts/definition';
import { getScriptVersion, scriptForTask } from '@/lib/scripts/scripts';
import { dayOf } from '@/lib/platform/time/zone';
import { deskTaskInput, type DeskTaskInput } from './schemas';
import { blindContext, loadTaskVisit, type TaskVisit } from './visit';
import { parseInput } from '@/lib/platform/core/parse-input';

/** The script version a held callback is worked with, as the desk renders it. */
export interface DeskScript {
  versionId: string;
  scriptName: string;
  version: number;
  blind: boolean;
  definition: ScriptDefinition;
}

/**
 * What the agent's browser receives for the callback they hold. Phones are masked (the preview);
 * for a blind script the reported visit (date, type, purpose, check-in) is left out entirely and
 * the placeholders get no report details — the browser never has them, not only the screen.
 */
export interface DeskView extends Omit<CallbackPreview, 'visit' | 'plan'> {
  visit: CallbackPreview['visit'] | null;
  /** A spot check's planned visit; null for a verification, and for a blind script (like the report). */
  plan: CallbackPreview['plan'] | null;
  /** Null when no published script is assigned (only outcomes without answers can be recorded). */
  script: DeskScript | null;
  visitContext: VisitContext;
  draft: { answers: Answers; notes: string; updatedAt: Date | null };
  /** Valid from this score (the scoring policy in force today): shown, never used by the browser to score. */
  threshold: number;
  /** The calling rules in force allow 人工拨打 (a result without a call record, with a note). */
  manualCallsAllowed: boolean;
}

/**
 * The version a task is worked with, chosen once per task and stored on its draft: the draft's
 * version if there is one (even if a newer one was published since), else the one assigned to the
 * customer's class now. A draft left by an earlier attempt (the call dropped, or another agent
 * held the task) keeps its version but starts with no answers: a new attempt is a new conversation.
 */
export async function draftFor(db: DbOrTx, task: TaskVisit, agentId: string, now: Date) {
  const [existing] = await db.select().from(callbackDrafts).where(eq(callbackDrafts.taskId, task.taskId));
  if (existing) {
    const [lastAttempt] = await db
      .select({ endedAt: callbackAttempts.endedAt })
      .from(callbackAttempts)
      .where(eq(callbackAttempts.taskId, task.taskId))
      .orderBy(desc(callbackAttempts.attemptNo))
      .limit(1);
    const stale = existing.agentId !== agentId || (lastAttempt && lastAttempt.endedAt.getTime() >= existing.updatedAt.getTime());
    if (!stale) return existing;
    const [reset] = await db
      .update(callbackDrafts)
      .set({ agentId, answers: {}, notes: '', updatedAt: now })
      .where(eq(callbackDrafts.taskId, task.taskId))
      .returning();
    return reset;
  }
  const version = await scriptForTask(db, task);
  if (!version) return null;
  // Two tabs opening at once: the first insert wins and both read it back.
  await db.insert(callbackDrafts).values({ taskId: task.taskId, agentId, scriptVersionId: version.id, answers: {}, notes: '', updatedAt: now }).onConflictDoNothing();
  const [row] = await db.select().from(callbackDrafts).where(eq(callbackDrafts.taskId, task.taskId));
  return row;
}

/**
 * The desk's view of the callback the agent holds, or null when they hold none: the masked
 * preview, the script version to follow, the placeholders' values, the saved draft (so a refresh
 * or a crash loses nothing) and the earlier attempts. Creates the task's draft on first open, to
 * fix the script version it is worked with.
 */
export async function openDeskCallback({ ctx }: { ctx: Ctx }): Promise<DeskView | null> {
  assertRole(ctx.actor, 'agent');
  const [held] = await ctx.db
    .select({ id: callbackTasks.id })
    .from(callbackTasks)
    .where(and(eq(callbackTasks.state, 'held'), eq(callbackTasks.holderId, ctx.actor.id)));
  if (!held) return null;
  const now = ctx.now();
  const [preview, task] = await Promise.all([getCallbackForAgent({ ctx, input: { taskId: held.id } }), loadTaskVisit(ctx.db, held.id)]);
  const draft = await draftFor(ctx.db, task, ctx.actor.id, now);
  const version = draft ? await getScriptVersion({ ctx, input: { versionId: draft.scriptVersionId } }) : null;
  const [{ value: scoring }, calling] = await Promise.all([policyInForce(ctx.db, 'scoring', dayOf(now, env().APP_TIMEZONE)), callingPolicyAt(ctx.db, now)]);
  const blind = version?.blind ?? false;
  const { visit, plan, ...rest } = preview;
  return {
    ...rest,
    visit: blind ? null : visit,
    plan: blind ? null : plan,
    script: version ? { versionId: version.id, scriptName: version.scriptName, version: version.version, blind: version.blind, definition: version.definition } : null,
    visitContext: blind ? blindContext(task.context) : task.context,
    draft: { answers: (draft?.answers ?? {}) as Answers, notes: draft?.notes ?? '', updatedAt: draft?.updatedAt ?? null },
    threshold: scoring.validThreshold,
    manualCallsAllowed: calling.manualCallsAllowed,
  };
}

/** How the agent's latest attempt on a callback ended: what the desk shows after a submit. */
export interface DeskSubmission {
  taskId: string;
  /** The campaign kind: a spot check's result reads as what the customer said of the planned visit. */
  kind: (typeof callbackTasks.$inferSelect)['kind'];
  customerName: string;
  attemptNo: number;
  outcome: CallOutcome;
  /** Recorded by the call itself (nobody reached), not by the agent. */
  automatic: boolean;
  /** 人工拨打: recorded without a call record. */
  manual: boolean;
  appointmentAt: Date | null;
  endedAt: Date;
  state: (typeof callbackTasks.$inferSelect)['state'];
  nextAttemptAt: Date | null;
  result: {
    score: number;
    maxScore: number;
    result: 'valid' | 'invalid';
    knockedOut: string | null;
    /** The knock-out question's number in its script (what a person reads: "第 2 题"). */
    knockedOutNo: number | null;
    scriptVersionId: string;
  } | null;
}

/**
 * The agent's own latest attempt on a task with its scored result, or null (they made none):
 * agents see only what they recorded themselves.
 */
export async function deskSubmission({ ctx, input }: { ctx: Ctx; input: DeskTaskInput }): Promise<DeskSubmission | null> {
  assertRole(ctx.actor, 'agent');
  const { taskId } = parseInput(deskTaskInput, input);
  const [row] = await ctx.db
    .select({ attempt: callbackAttempts, task: callbackTasks, result: callbackResults, customerName: customers.name })
    .from(callbackAttempts)
    .innerJoin(callbackTasks, eq(callbackTasks.id, callbackAttempts.taskId))
    .innerJoin(customers, eq(customers.id, callbackTasks.customerId))
    .leftJoin(callbackResults, eq(callbackResults.attemptId, callbackAttempts.id))
    .where(and(eq(callbackAttempts.taskId, taskId), eq(callbackAttempts.agentId, ctx.actor.id)))
    .orderBy(desc(callbackAttempts.attemptNo))
    .limit(1);
  if (!row) return null;
  let knockedOutNo: number | null = null;
  if (row.result?.knockedOut) {
    const [version] = await ctx.db.select({ definition: scriptVersions.definition }).from(scriptVersions).where(eq(scriptVersions.id, row.result.scriptVersionId));
    const index = version ? readDefinition(version.definition).questions.findIndex((q) => q.id === row.result!.knockedOut) : -1;
    knockedOutNo = index >= 0 ? index + 1 : null;
  }
  const open = row.task.state === 'waiting' || row.task.state === 'ready' || row.task.state === 'held';
  return {
    taskId,
    kind: row.task.kind,
    customerName: row.customerName,
    attemptNo: row.attempt.attemptNo,
    outcome: row.attempt.outcome,
    automatic: row.attempt.notes.startsWith('[auto]'),
    manual: row.attempt.manual,
    appointmentAt: row.attempt.appointmentAt,
    endedAt: row.attempt.endedAt,
    state: row.task.state,
    nextAttemptAt: open ? row.task.nextAttemptAt : null,
    result: row.result
      ? { score: row.result.score, maxScore: row.result.maxScore, result: row.result.result, knockedOut: row.result.knockedOut, knockedOutNo, scriptVersionId: row.result.scriptVersionId }
      : null,
  };
}

