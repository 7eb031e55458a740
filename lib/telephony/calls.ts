import { and, desc, eq, gt, isNotNull, isNull, notInArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import type { DbOrTx } from '@/db/client';
import { callbackTasks, calls, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { NotHolderError, OutsideCallingHoursError } from '@/lib/callbacks/errors';
import { parseInput as parse } from '@/lib/platform/core/parse-input';
import { callingPolicyAt } from '@/lib/callbacks/policy';
import { formatLocal, isWithinCallingHours, nextCallingInstant } from '@/lib/calling/calendar';
import { callRateKey, createCallRateLimiter } from '@/lib/calling/call-rate';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { logger } from '@/lib/platform/log';
import { sharedRedis } from '@/lib/platform/redis/connection';
import { requestCallbackFollowUp } from '@/lib/campaigns/follow-up';
import { subjectOf, type CallbackSubject } from '@/lib/campaigns/kinds';
import { firstCallable, subjectContacts } from '@/lib/campaigns/subject';
import { telephonyConfig, webhookUrl } from './config';
import { HangUpFailedError, TelephonyRefusedError, TelephonyUnavailableError } from './errors';
import { publishCallView } from './live';
import { ProviderRefusedError } from './provider';
import { telephonyProvider } from './providers';
import { settleCall } from './settle';
import { FINAL_STATUSES } from './status';
import { asProviderError } from './twilio-provider';
import { CALL_TIME_LIMIT_SECONDS } from './twiml';
import { loadCallView, loadCallViews, type CallView } from './view';

/** How long the agent's own phone rings before the call gives up. */
const AGENT_RING_SECONDS = 30;
/** A caller waits at most this long for a calls-per-second slot before "the line is busy". */
const RATE_MAX_WAIT_MS = 20_000;
/** A call without a final status after this long lost its callbacks: it no longer blocks a new one. */
const STALE_AFTER_MS = (CALL_TIME_LIMIT_SECONDS + 15 * 60) * 1000;
const UNSENT_STALE_AFTER_MS = RATE_MAX_WAIT_MS + 60_000;

export const placeCallInput = z.object({
  taskId: idField('errors.notFound'),
  /** One of the visit's contacts; default: the first key person visited. */
  contactId: idField('errors.telephony.unknownContact').optional(),
});
export type PlaceCallInput = z.input<typeof placeCallInput>;
export const callIdInput = z.object({ callId: idField('errors.notFound') });

async function contactToCall(db: DbOrTx, subject: CallbackSubject, contactId: string | undefined) {
  const reachable = (await subjectContacts(db, subject)).filter((c) => c.active);
  if (contactId) {
    const chosen = reachable.find((c) => c.id === contactId);
    if (!chosen) throw ValidationError.field('contactId', 'telephony.unknownContact');
    return chosen;
  }
  const first = firstCallable(reachable);
  if (!first) throw new ConflictError('telephony.noContactNumber');
  return first;
}

async function activeCall(db: DbOrTx, taskId: string, now: Date) {
  const [row] = await db
    .select({ id: calls.id })
    .from(calls)
    .where(
      and(
        eq(calls.taskId, taskId),
        notInArray(calls.status, [...FINAL_STATUSES]),
        isNull(calls.errorCode),
        gt(calls.createdAt, new Date(now.getTime() - STALE_AFTER_MS)),
        // Never handed to the provider (its process died while waiting for a slot): not for long.
        or(isNotNull(calls.sid), gt(calls.createdAt, new Date(now.getTime() - UNSENT_STALE_AFTER_MS))),
      ),
    )
    .limit(1);
  return row;
}

async function publish(db: DbOrTx, agentId: string, callId: string): Promise<CallView | null> {
  const view = await loadCallView(db, callId);
  if (view) await publishCallView(agentId, view);
  return view;
}

/**
 * "Call": the server places the call for the callback the agent holds. Twilio (or the emulator)
 * rings the agent's own phone; when the agent answers, our TwiML dials the visited contact
 * with the department's caller number. Refused unless the agent holds the task (403), inside
 * calling hours (409), one call at a time per callback; never faster than the calling policy's
 * calls per second across all processes (a shared Redis slot, lib/calling/call-rate.ts).
 *
 * The provider down or refusing: the call is kept as failed with the reason, the attempt is
 * recorded as a technical failure (retry rules apply), and a typed error tells the agent.
 * Returns the agent's view of the call — no phone number in it.
 */
export async function placeCall({ ctx, input }: { ctx: Ctx; input: PlaceCallInput }): Promise<CallView> {
  assertRole(ctx.actor, 'agent');
  const { taskId, contactId } = parse(placeCallInput, input);
  const config = telephonyConfig();
  const now = ctx.now();

  const [task] = await ctx.db.select().from(callbackTasks).where(eq(callbackTasks.id, taskId));
  if (!task) throw new NotFoundError();
  if (task.state !== 'held' || task.holderId !== ctx.actor.id) throw new NotHolderError();
  const policy = await callingPolicyAt(ctx.db, now);
  if (!isWithinCallingHours(now, policy.calendar, policy.timeZone)) {
    const opening = nextCallingInstant(now, policy.calendar, policy.timeZone);
    throw new OutsideCallingHoursError(opening, opening ? formatLocal(opening, policy.timeZone) : '—', policy.calendar);
  }
  const [agent] = await ctx.db.select({ phone: users.phone }).from(users).where(eq(users.id, ctx.actor.id));
  if (!agent?.phone) throw new ConflictError('telephony.agentPhoneMissing');
  const contact = await contactToCall(ctx.db, subjectOf(task), contactId);
  if (await activeCall(ctx.db, taskId, now)) throw new ConflictError('telephony.callInProgress');

  const call = await ctx.db.transaction(async (tx) => {
    // The task row serialises two "Call" clicks of the same callback.
    const [locked] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)).for('update');
    if (!locked || locked.state !== 'held' || locked.holderId !== ctx.actor.id) throw new NotHolderError();
    if (await activeCall(tx, taskId, now)) throw new ConflictError('telephony.callInProgress');
    const [row] = await tx
      .insert(calls)
      .values({
        taskId,
        agentId: ctx.actor.id,
        // The attempt this call is evidence for: an outcome recorded for it rests on this call.
        attemptNo: locked.attempts + 1,
        provider: config.provider,
        agentNumber: agent.phone!,
        customerNumber: contact.phone,
        callerId: config.callerId,
        status: 'queued',
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'call.placed',
      entityType: 'call',
      entityId: row.id,
      after: { taskId, contactId: contact.id, provider: config.provider, attempt: locked.attempts + 1 },
    });
    return row;
  });
  await publish(ctx.db, ctx.actor.id, call.id);

  // Waits for a slot on the shared line, right before the request to the provider, so the
  // provider sees at most callsPerSecond across all processes. Saturated: nothing was attempted.
  // (The provider is made ready first, so nothing slow happens between the slot and the request.)
  const provider = telephonyProvider();
  try {
    await createCallRateLimiter(sharedRedis(), callRateKey(env().QUEUE_PREFIX)).acquire(policy.callsPerSecond, { maxWaitMs: RATE_MAX_WAIT_MS });
  } catch (error) {
    const at = ctx.now();
    await ctx.db.update(calls).set({ status: 'canceled', errorCode: 'line_busy', errorMessage: 'calls-per-second limit saturated', endedAt: at, updatedAt: at }).where(eq(calls.id, call.id));
    await publish(ctx.db, ctx.actor.id, call.id);
    throw error;
  }

  let sid: string;
  try {
    const placed = await provider.placeCall({
      to: call.agentNumber,
      from: call.callerId,
      url: webhookUrl(config, 'voice', call.id),
      statusCallback: webhookUrl(config, 'status', call.id),
      timeoutSeconds: AGENT_RING_SECONDS,
      timeLimitSeconds: CALL_TIME_LIMIT_SECONDS + 5 * 60,
    });
    sid = placed.sid;
  } catch (error) {
    const failure = asProviderError(error);
    const refused = failure instanceof ProviderRefusedError;
    logger.warn({ callId: call.id, refused, code: refused ? failure.code : undefined, detail: refused ? undefined : failure.detail }, 'telephony provider did not place the call');
    const failedAt = ctx.now();
    const verdict = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(calls)
        .set({
          status: 'failed',
          errorCode: refused ? 'provider_refused' : 'provider_unavailable',
          errorMessage: (refused ? `[${failure.code ?? failure.httpStatus}] ${failure.message}` : `${failure.message}: ${failure.detail}`).slice(0, 500),
          endedAt: failedAt,
          updatedAt: failedAt,
        })
        .where(eq(calls.id, call.id))
        .returning();
      await recordAudit(tx, { actorId: ctx.actor.id, action: 'call.failed', entityType: 'call', entityId: call.id, after: { errorCode: row.errorCode } });
      return settleCall(tx, row, failedAt);
    });
    // After commit: the last attempt used up by a technical failure leaves the callback unreachable.
    if (verdict) await requestCallbackFollowUp(verdict);
    await publish(ctx.db, ctx.actor.id, call.id);
    throw refused ? new TelephonyRefusedError(call.id, failure.code) : new TelephonyUnavailableError(call.id);
  }

  // A status callback may have stored the sid already (Twilio can call back before it answers us).
  await ctx.db
    .update(calls)
    .set({ sid })
    .where(and(eq(calls.id, call.id), isNull(calls.sid)));
  return (await publish(ctx.db, ctx.actor.id, call.id))!;
}

/** "Hang up": ends the agent's own call through the provider (the status callbacks then end it here). */
export async function hangUpCall({ ctx, input }: { ctx: Ctx; input: { callId: string } }): Promise<CallView> {
  assertRole(ctx.actor, 'agent');
  const { callId } = parse(callIdInput, input);
  const [call] = await ctx.db
    .select()
    .from(calls)
    .where(and(eq(calls.id, callId), eq(calls.agentId, ctx.actor.id)));
  if (!call) throw new NotFoundError();
  const done = (FINAL_STATUSES as readonly string[]).includes(call.status) || call.errorCode != null;
  if (!done) {
    if (!call.sid) throw new ConflictError('telephony.notConnectedYet');
    try {
      await telephonyProvider().hangUp(call.sid);
    } catch (error) {
      logger.warn({ err: error, callId }, 'hang up through the provider failed');
      throw new HangUpFailedError();
    }
    await recordAudit(ctx.db, { actorId: ctx.actor.id, action: 'call.hungUp', entityType: 'call', entityId: callId });
  }
  return (await loadCallView(ctx.db, callId))!;
}

/**
 * The status of the agent's own call(s), for the desk: by call id, or the latest call of a task.
 * No phone numbers (see CallView).
 */
export async function callStatusForAgent({ ctx, input }: { ctx: Ctx; input: { callId: string } | { taskId: string } }): Promise<CallView | null> {
  assertRole(ctx.actor, 'agent');
  if ('callId' in input) {
    const { callId } = parse(callIdInput, input);
    const [row] = await ctx.db
      .select()
      .from(calls)
      .where(and(eq(calls.id, callId), eq(calls.agentId, ctx.actor.id)));
    if (!row) throw new NotFoundError();
    return (await loadCallViews(ctx.db, [row]))[0];
  }
  const { taskId } = parse(z.object({ taskId: idField('errors.notFound') }), input);
  const [row] = await ctx.db
    .select()
    .from(calls)
    .where(and(eq(calls.taskId, taskId), eq(calls.agentId, ctx.actor.id)))
    .orderBy(desc(calls.createdAt))
    .limit(1);
  return row ? (await loadCallViews(ctx.db, [row]))[0] : null;
}

/** The agent's latest call of the last hours (what the live stream starts with), or null. */
export async function latestCallForAgent({ ctx }: { ctx: Ctx }): Promise<CallView | null> {
  assertRole(ctx.actor, 'agent');
  const since = new Date(ctx.now().getTime() - STALE_AFTER_MS);
  const [row] = await ctx.db
    .select()
    .from(calls)
    .where(and(eq(calls.agentId, ctx.actor.id), gt(calls.createdAt, since)))
    .orderBy(desc(calls.createdAt))
    .limit(1);
  return row ? (await loadCallViews(ctx.db, [row]))[0] : null;
}
