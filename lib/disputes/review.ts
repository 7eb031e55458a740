import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callbackTasks, disputes } from '@/db/schema';
import { evaluateManagerMonthIn, type ManagerMonthResult } from '@/lib/assessment/evaluate';
import { monthWindow } from '@/lib/platform/time/month-window';
import { rows } from '@/lib/platform/core/sql';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { scheduleDueTimers, type CreatedCallback } from '@/lib/callbacks/create';
import { requestCallbackFollowUp } from '@/lib/campaigns/follow-up';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { supervisorsOf } from '@/lib/live/announce';
import { publishLive } from '@/lib/live/publish';
import { logger } from '@/lib/platform/log';
import { addNotifications } from '@/lib/notifications/store';
import { monthOf } from '@/lib/platform/time/zone';
import { callbackAgentsOf, disputedCallAgent, loadDisputeInScope, targetOf, type DisputeRow, type DisputeTarget } from './access';
import { DISPUTE_ENTITY } from './file';
import { disputeTransition, type DisputeCommand } from './rules';
import { decideDisputeInput, disputeIdInput, type DecideDisputeInput, type DisputeDecision, type DisputeIdInput, type DisputeState } from './schemas';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * Reviewing disputes: the manager withdraws; department staff start the review, order a
 * re-callback, and decide. Each step locks the dispute row and re-checks its state inside its
 * transaction, so concurrent steps apply one after the other and a decided dispute stays decided.
 * Every step is in the audit log (entity 'dispute').
 */

/** The audit entry of a step on a dispute by the actor: its state before, and what the step made of it. */
function auditStep(tx: DbOrTx, ctx: Ctx, d: DisputeRow, action: string, after: Record<string, unknown>, before: Record<string, unknown> = { state: d.state }) {
  return recordAudit(tx, { actorId: ctx.actor.id, action, entityType: DISPUTE_ENTITY, entityId: d.id, before, after });
}

const REVIEWERS = ['staff', 'admin'] as const;
/** Re-callback task states that are not done yet. */
const UNDONE = ['waiting', 'ready', 'held'] as const;

function moveOrConflict(d: DisputeRow, command: DisputeCommand): DisputeState {
  const outcome = disputeTransition(d.state, command);
  if (!outcome.ok) throw new ConflictError(outcome.code, { state: d.state });
  return outcome.next;
}

/**
 * After commit: the dispute's pages (the manager's, their supervisors', staff's) and its visit's page refresh; the
 * manager's bell too when a notification was written.
 */
async function announceDispute(db: DbOrTx, d: Pick<DisputeRow, 'id' | 'managerId' | 'visitId'>, options: { notified?: boolean; verdictChanged?: boolean } = {}): Promise<void> {
  const to = { users: [d.managerId, ...(await supervisorsOf(db, [d.managerId]))], staff: true };
  await publishLive(to, { topic: 'dispute', id: d.id });
  if (options.verdictChanged && d.visitId) await publishLive(to, { topic: 'visit', id: d.visitId });
  if (options.notified) await publishLive({ users: [d.managerId] }, { topic: 'notification', id: null });
}

/** The reviewer may not be anyone who made the disputed callback (checked by user id). */
export async function assertNotCallAgent(db: DbOrTx, target: DisputeTarget, userId: string): Promise<void> {
  if ((await callbackAgentsOf(db, target)).has(userId)) throw new ForbiddenError('disputes.reviewerMadeTheCall');
}

/** The customer a dispute is about, by name (for notifications). */
async function customerNameOf(db: DbOrTx, target: DisputeTarget): Promise<string> {
  const [row] = await rows<{ name: string }>(
    db,
    target.kind === 'visit'
      ? sql`select c.name from visit_reports v join customers c on c.id = v.customer_id where v.id = ${target.visitId}::uuid`
      : sql`select c.name from spot_check_items i join customers c on c.id = i.customer_id where i.id = ${target.spotCheckItemId}::uuid`,
  );
  return row?.name ?? '';
}

/** The manager withdraws their own dispute while it is undecided; an undone re-callback is cancelled. */
export async function withdrawDispute({ ctx, input }: { ctx: Ctx; input: DisputeIdInput }): Promise<{ disputeId: string; state: DisputeState }> {
  assertRole(ctx.actor, 'manager');
  const { disputeId } = parseInput(disputeIdInput, input);
  const now = ctx.now();
  const { result, d } = await ctx.db.transaction(async (tx) => {
    const d = await loadDisputeInScope(tx, ctx.actor, disputeId, true);
    if (d.managerId !== ctx.actor.id) throw new NotFoundError();
    const next = moveOrConflict(d, { kind: 'withdraw' });
    const [after] = await tx.update(disputes).set({ state: next, withdrawnAt: now, updatedAt: now }).where(eq(disputes.id, d.id)).returning();
    const cancelled = await cancelUndoneRecallbacks(tx, { disputeId: d.id, now, actorId: ctx.actor.id, reason: RECALLBACK_CANCEL_REASONS.withdrawn }, UNDONE);
    await auditStep(tx, ctx, d, 'dispute.withdrawn', { state: after.state, withdrawnAt: after.withdrawnAt, cancelledRecallbacks: cancelled });
    return { result: { disputeId: d.id, state: after.state }, d };
  });
  await announceDispute(ctx.db, d);
  return result;
}

/** A staff member takes the dispute for review (or takes it over from another reviewer). */
export async function startReview({ ctx, input }: { ctx: Ctx; input: DisputeIdInput }): Promise<{ disputeId: string; state: DisputeState }> {
  assertRole(ctx.actor, ...REVIEWERS);
  const { disputeId } = parseInput(disputeIdInput, input);
  const now = ctx.now();
  const { result, d } = await ctx.db.transaction(async (tx) => {
    const d = await loadDisputeInScope(tx, ctx.actor, disputeId, true);
    const next = moveOrConflict(d, { kind: 'startReview' });
    await assertNotCallAgent(tx, targetOf(d), ctx.actor.id);
    const [after] = await tx
      .update(disputes)
      .set({ state: next, reviewerId: ctx.actor.id, reviewStartedAt: d.reviewerId === ctx.actor.id && d.reviewStartedAt ? d.reviewStartedAt : now, updatedAt: now })
      .where(eq(disputes.id, d.id))
      .returning();
    await auditStep(tx, ctx, d, 'dispute.review_started', { state: after.state, reviewerId: after.reviewerId }, { state: d.state, reviewerId: d.reviewerId });
    return { result: { disputeId: d.id, state: after.state }, d };
  });
  await announceDispute(ctx.db, d);
  return result;
}

/** What a re-callback asks about and its queue facts, copied from the disputed subject. */
type RecallbackSource = Pick<
  typeof callbackTasks.$inferInsert,
  'kind' | 'visitId' | 'spotCheckItemId' | 'customerId' | 'managerId' | 'unitId' | 'customerClass' | 'visitedAt'
>;

/**
 * The same subject as the sampled callback (else as reported or planned), its customer's class
 * now: the visit for a verification, the checked customer of the planned day for a spot check.
 */
async function recallbackSource(tx: DbOrTx, target: DisputeTarget): Promise<RecallbackSource> {
  type Row = { customerId: string; managerId: string; unitId: string | null; customerClass: 'A' | 'B' | 'C' | 'D'; visitedAt: Date | string };
  if (target.kind === 'visit') {
    const [source] = await rows<Row>(
      tx,
      sql`select coalesce(t.customer_id, v.customer_id) as "customerId", coalesce(t.manager_id, v.manager_id) as "managerId",
                 case when t.id is not null then t.unit_id else u.unit_id end as "unitId",
                 coalesce(t.customer_class, c.class) as "customerClass", coalesce(t.visited_at, v.visited_at) as "visitedAt"
            from visit_reports v
            join customers c on c.id = v.customer_id
            join users u on u.id = v.manager_id
            left join callback_tasks t on t.visit_id = v.id and t.origin = 'sampled'
           where v.id = ${target.visitId}::uuid`,
    );
    if (!source) throw new NotFoundError();
    return { kind: 'verification', visitId: target.visitId, spotCheckItemId: null, ...source, visitedAt: new Date(source.visitedAt) };
  }
  const [source] = await rows<Row>(
    tx,
    sql`select coalesce(t.customer_id, i.customer_id) as "customerId", coalesce(t.manager_id, s.manager_id) as "managerId",
               case when t.id is not null then t.unit_id else s.unit_id end as "unitId",
               coalesce(t.customer_class, c.class) as "customerClass", coalesce(t.visited_at, i.planned_at) as "visitedAt"
          from spot_check_items i
          join spot_checks s on s.id = i.spot_check_id
          join customers c on c.id = i.customer_id
          left join callback_tasks t on t.spot_check_item_id = i.id and t.origin = 'sampled'
         where i.id = ${target.spotCheckItemId}::uuid`,
  );
  if (!source) throw new NotFoundError();
  return { kind: 'spot_check', visitId: null, spotCheckItemId: target.spotCheckItemId, ...source, visitedAt: new Date(source.visitedAt) };
}

/**
 * The reviewer orders a re-callback: a new boosted callback task (origin 'recheck') for the same
 * visit, never offered to the agent whose call is disputed, due now. One undone re-callback per
 * dispute at a time. Its result is evidence for the reviewer; the decision changes the verdict.
 */
export async function orderRecallback({ ctx, input }: { ctx: Ctx; input: DisputeIdInput }): Promise<{ disputeId: string; taskId: string; state: DisputeState }> {
  assertRole(ctx.actor, ...REVIEWERS);
  const { disputeId } = parseInput(disputeIdInput, input);
  const now = ctx.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const d = await loadDisputeInScope(tx, ctx.actor, disputeId, true);
    const next = moveOrConflict(d, { kind: 'orderRecallback' });
    await assertNotCallAgent(tx, targetOf(d), ctx.actor.id);
    const [pending] = await tx
      .select({ id: callbackTasks.id })
      .from(callbackTasks)
      .where(and(eq(callbackTasks.disputeId, d.id), inArray(callbackTasks.state, [...UNDONE])))
      .limit(1);
    if (pending) throw new ConflictError('disputes.recallbackPending');
    const target = targetOf(d);
    const excludedAgentId = await disputedCallAgent(tx, target);
    const source = await recallbackSource(tx, target);
    const [task] = await tx
      .insert(callbackTasks)
      .values({
        ...source,
        state: 'waiting',
        origin: 'recheck',
        boosted: true,
        disputeId: d.id,
        excludedAgentId,
        // Due now, without the first callback's deadline: the dispute, not the day, sets the pace.
        dueBy: null,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: callbackTasks.id, nextAttemptAt: callbackTasks.nextAttemptAt });
    const moved = d.state !== next;
    if (moved || !d.reviewerId) {
      await tx
        .update(disputes)
        .set({ state: next, reviewerId: d.reviewerId ?? ctx.actor.id, reviewStartedAt: d.reviewStartedAt ?? now, updatedAt: now })
        .where(eq(disputes.id, d.id));
    }
    await auditStep(tx, ctx, d, 'dispute.recallback_ordered', { state: next, taskId: task.id, excludedAgentId });
    return { disputeId: d.id, taskId: task.id, state: next, created: task as CreatedCallback, d };
  });
  // After commit: the due timer makes it ready for agents. Without Redis the task stays waiting
  // and the timer reconciliation picks it up; the order itself stands.
  try {
    await scheduleDueTimers([outcome.created], now.getTime());
  } catch (err) {
    logger.warn({ err, taskId: outcome.taskId }, 'callback.due not scheduled for a dispute re-callback');
  }
  await announceDispute(ctx.db, outcome.d);
  return { disputeId: outcome.disputeId, taskId: outcome.taskId, state: outcome.state };
}

/**
 * Why a dispute step cancelled its re-callback, in the words a reviewer reads later on the task
 * (callback_tasks.cancel_reason, shown beside the cancelled task and in its audit entry).
 */
export const RECALLBACK_CANCEL_REASONS = {
  upheld: '申诉已裁定（维持原判），复核回访取消',
  overturned: '申诉已裁定（申诉成立），复核回访取消',
  withdrawn: '申诉已撤回，复核回访取消',
} as const satisfies Record<'upheld' | 'overturned' | 'withdrawn', string>;

/**
 * Cancels the dispute's re-callbacks in the given states, recording why (cancel_reason) and who
 * (an audit entry per task, by the actor whose step cancelled it). A held one is taken from its
 * agent as a staff cancellation would: the desk learns at its next heartbeat.
 */
async function cancelUndoneRecallbacks(
  tx: DbOrTx,
  step: { disputeId: string; now: Date; actorId: string; reason: string },
  states: readonly (typeof UNDONE)[number][],
): Promise<string[]> {
  const { disputeId, now, actorId, reason } = step;
  const before = await tx
    .select({ id: callbackTasks.id, state: callbackTasks.state, holderId: callbackTasks.holderId, attempts: callbackTasks.attempts })
    .from(callbackTasks)
    .where(and(eq(callbackTasks.disputeId, disputeId), inArray(callbackTasks.state, [...states])))
    .for('update');
  if (before.length === 0) return [];
  await tx
    .update(callbackTasks)
    .set({ state: 'cancelled', cancelReason: reason, holderId: null, heldAt: null, leaseExpiresAt: null, appointmentAt: null, closedAt: now, updatedAt: now })
    .where(inArray(callbackTasks.id, before.map((t) => t.id)));
  await recordAudit(
    tx,
    before.map((t) => ({
      actorId,
      action: 'callback.cancelled',
      entityType: 'callback_task',
      entityId: t.id,
      before: { state: t.state, holderId: t.holderId, attempts: t.attempts },
      after: { state: 'cancelled', reason, disputeId },
    })),
  );
  return before.map((t) => t.id);
}

export interface DecideResult {
  disputeId: string;
  state: DisputeState;
  /** The manager-months re-evaluated (overturned only): new verdict versions and ledger entries. */
  evaluated: Pick<ManagerMonthResult, 'managerId' | 'month' | 'verdicts' | 'ledgerEntries' | 'findings'>[];
}

/**
 * The reviewer decides, with a comment. The dispute row is locked and its state re-checked in the
 * transaction: of two staff deciding at once exactly one wins, the other is told it is decided.
 * Overturned: the manager's month is re-evaluated in the same transaction (a new verdict version,
 * the old kept; ledger reversals; a closed month marked changed), and the next month too when it
 * has begun. Upheld changes nothing but the dispute. A re-callback not done yet is cancelled
 * with the decision as its reason (cancel_reason and an audit entry); the manager is notified.
 */
export async function decideDispute({ ctx, input }: { ctx: Ctx; input: DecideDisputeInput }): Promise<DecideResult> {
  assertRole(ctx.actor, ...REVIEWERS);
  const { disputeId, decision, comment } = parseInput(decideDisputeInput, input);
  const now = ctx.now();
  const timeZone = env().APP_TIMEZONE;
  const { result, d } = await ctx.db.transaction(async (tx) => {
    const d = await loadDisputeInScope(tx, ctx.actor, disputeId, true);
    const next = moveOrConflict(d, { kind: 'decide', decision });
    await assertNotCallAgent(tx, targetOf(d), ctx.actor.id);
    const [after] = await tx
      .update(disputes)
      .set({
        state: next,
        reviewerId: d.reviewerId ?? ctx.actor.id,
        reviewStartedAt: d.reviewStartedAt ?? now,
        decidedBy: ctx.actor.id,
        decidedAt: now,
        decisionComment: comment,
        updatedAt: now,
      })
      .where(eq(disputes.id, d.id))
      .returning();
    // Deciding ends the review: a re-callback not done yet (even one an agent holds now) is
    // cancelled with the decision as its reason — the decision form said so before submitting.
    const cancelled = await cancelUndoneRecallbacks(tx, { disputeId: d.id, now, actorId: ctx.actor.id, reason: RECALLBACK_CANCEL_REASONS[next as DisputeDecision] }, UNDONE);

    const target = targetOf(d);
    const evaluated: DecideResult['evaluated'] = [];
    // A visit's month is re-evaluated here; a spot check's day after commit (below).
    if (next === 'overturned' && target.kind === 'visit') {
      // The evaluation reads overturned disputes (lib/verdicts/load.ts): the row above decides it.
      const options = { now, timeZone, cause: 'dispute' as const, causeId: d.id, decidedBy: ctx.actor.id };
      const months = [d.month];
      const nextMonthStart = monthWindow(d.month, timeZone).end;
      // This month's contacts decide next month's "same contact two months running".
      if (now.getTime() >= nextMonthStart.getTime()) months.push(monthOf(nextMonthStart, timeZone));
      for (const month of months) {
        const r = await evaluateManagerMonthIn(tx, { managerId: d.managerId, month }, options);
        evaluated.push({ managerId: r.managerId, month: r.month, verdicts: r.verdicts, ledgerEntries: r.ledgerEntries, findings: r.findings });
      }
    }

    const customer = await customerNameOf(tx, target);
    await addNotifications(
      tx,
      [{ userId: d.managerId, kind: 'dispute_decided', params: { decision: next, customer, month: d.month, subject: d.subject }, link: `/disputes/${d.id}` }],
      now,
    );
    await auditStep(tx, ctx, d, next === 'overturned' ? 'dispute.overturned' : 'dispute.upheld', {
      state: after.state,
      comment,
      decidedAt: after.decidedAt,
      cancelledRecallbacks: cancelled,
      evaluated,
    });
    return { result: { disputeId: d.id, state: after.state, evaluated } as DecideResult, d };
  });
  if (d.subject === 'spot_check' && d.spotCheckItemId) {
    // The spot check's evaluation reads the decided dispute (an overturned one: the customer counts
    // as visited) and re-derives the item, the day's result and the penalty ledger, reversing what
    // no longer stands. A job: it also runs when the callbacks change, and its catch-up re-runs it.
    await requestCallbackFollowUp({ subject: { kind: 'spot_check', spotCheckItemId: d.spotCheckItemId }, event: `dispute-${d.id}-${result.state}` });
  }
  await announceDispute(ctx.db, d, { notified: true, verdictChanged: result.state === 'overturned' });
  return result;
}
