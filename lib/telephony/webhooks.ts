import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callEvents, calls } from '@/db/schema';
import { isId } from '@/lib/platform/core/ids';
import { logger } from '@/lib/platform/log';
import { requestCallbackFollowUp, type CallbackFollowUp } from '@/lib/campaigns/follow-up';
import { telephonyConfig, WEBHOOK_PATHS, type TelephonyConfig, type WebhookKind } from './config';
import { publishCallView } from './live';
import type { TelephonyProvider } from './provider';
import { telephonyProvider } from './providers';
import { settleCall } from './settle';
import { isSignedByTwilio, type SignedRequest } from './signature';
import { AMD_STATUS_PREFIX, isMachine } from '@/lib/calling/call-record';
import { advances, isFinal, providerWholeNumber } from './status';
import { announcementTwiml, dialTwiml, hangupTwiml } from './twiml';
import { loadCallView, type CallRow } from './view';

/**
 * Twilio's webhooks, processed. The route handlers under app/api/telephony/twilio/ only turn the
 * request into a `SignedRequest` and the answer back into a Response; the tests call this same
 * function with the emulator's requests.
 *
 * Every request must carry a valid X-Twilio-Signature for PUBLIC_BASE_URL + its path, and our
 * AccountSid — else 403 and nothing changes. Status callbacks are stored once (call_events'
 * unique key: call, leg, status, sequence), so a repeated callback changes nothing, and move a
 * leg only forward (a late "ringing" after "completed" is kept in the history, not applied).
 */
export interface WebhookResponse {
  status: number;
  body: string;
  contentType: 'text/xml' | 'text/plain';
}

export interface WebhookDeps {
  db: DbOrTx;
  now?: () => Date;
  config?: TelephonyConfig;
  provider?: () => TelephonyProvider;
}

const text = (status: number, body = ''): WebhookResponse => ({ status, body, contentType: 'text/plain' });
const xml = (body: string): WebhookResponse => ({ status: 200, body, contentType: 'text/xml' });

export function webhookKindOf(pathname: string): WebhookKind | null {
  const entry = Object.entries(WEBHOOK_PATHS).find(([, path]) => path === pathname.replace(/\/+$/, ''));
  return entry ? (entry[0] as WebhookKind) : null;
}

export async function handleTwilioWebhook(request: SignedRequest, deps: WebhookDeps): Promise<WebhookResponse> {
  const config = deps.config ?? telephonyConfig();
  if (!isSignedByTwilio(config, request)) {
    logger.warn({ path: request.pathAndQuery.split('?')[0] }, 'telephony webhook refused: bad or missing signature');
    return text(403, 'Forbidden');
  }
  const url = new URL(request.pathAndQuery, 'http://signed.invalid');
  const kind = webhookKindOf(url.pathname);
  const callId = url.searchParams.get('callId') ?? '';
  if (!kind || !isId(callId)) return text(404, 'Not found');
  const now = (deps.now ?? (() => new Date()))();
  const params = request.params;

  switch (kind) {
    case 'voice':
      return voice(deps.db, config, callId, params);
    case 'announce':
      return xml(announcementTwiml(config));
    case 'status':
      return statusCallback(deps, callId, 'agent', params, now);
    case 'dialStatus':
      return statusCallback(deps, callId, 'customer', params, now);
    case 'amd':
      return amdCallback(deps, callId, params, now);
    case 'recording':
      return recordingCallback(deps, callId, params, now);
  }
}

/** The agent answered: dial the contact — unless the call is over or not ours. */
async function voice(db: DbOrTx, config: TelephonyConfig, callId: string, params: Record<string, string>): Promise<WebhookResponse> {
  const [call] = await db.select().from(calls).where(eq(calls.id, callId));
  if (!call || isFinal(call.status) || call.errorCode) return xml(hangupTwiml());
  if (call.sid && params.CallSid && call.sid !== params.CallSid) return xml(hangupTwiml());
  return xml(dialTwiml(config, { id: call.id, customerNumber: call.customerNumber }));
}

/** Twilio's Timestamp (RFC 2822) when it is plausible, else the time we received the callback. */
function eventTime(params: Record<string, string>, now: Date): Date {
  const at = params.Timestamp ? new Date(params.Timestamp) : null;
  if (!at || Number.isNaN(at.getTime()) || Math.abs(at.getTime() - now.getTime()) > 86_400_000) return now;
  return at;
}

type Change = {
  response: WebhookResponse;
  publishFor?: { agentId: string; callId: string };
  hangUpSid?: string;
  /** An automatic outcome ended the callback: its campaign's follow-up, after commit. */
  verdict?: CallbackFollowUp | null;
};

async function locked(db: DbOrTx, callId: string, work: (tx: DbOrTx, call: CallRow) => Promise<Change>): Promise<Change> {
  return db.transaction(async (tx) => {
    const [call] = await tx.select().from(calls).where(eq(calls.id, callId)).for('update');
    if (!call) return { response: text(404, 'Not found') };
    return work(tx, call);
  });
}

async function after(deps: WebhookDeps, change: Change): Promise<WebhookResponse> {
  // The transaction has committed: the job reads what was stored (a Redis failure is logged there).
  if (change.verdict) await requestCallbackFollowUp(change.verdict);
  if (change.publishFor) {
    const view = await loadCallView(deps.db, change.publishFor.callId);
    if (view) await publishCallView(change.publishFor.agentId, view);
  }
  if (change.hangUpSid) {
    // A machine answered: end the call rather than let the agent talk to it.
    await (deps.provider ?? telephonyProvider)()
      .hangUp(change.hangUpSid)
      .catch((err: unknown) => logger.warn({ err, sid: change.hangUpSid }, 'hang up after answering machine failed'));
  }
  return change.response;
}

async function statusCallback(deps: WebhookDeps, callId: string, leg: 'agent' | 'customer', params: Record<string, string>, now: Date): Promise<WebhookResponse> {
  const status = params.CallStatus;
  const callSid = params.CallSid;
  if (!status || !callSid) return text(400, 'CallStatus and CallSid are required');
  const change = await locked(deps.db, callId, async (tx, call) => {
    if (leg === 'agent' && call.sid && call.sid !== callSid) return { response: text(409, 'Not this call') };
    if (leg === 'customer') {
      if (call.sid && params.ParentCallSid && params.ParentCallSid !== call.sid) return { response: text(409, 'Not this call') };
      if (call.customerLegSid && call.customerLegSid !== callSid) return { response: text(409, 'Not this call') };
    }
    const sequence = params.SequenceNumber ? providerWholeNumber(params.SequenceNumber) : 0;
    if (sequence === null) return { response: text(400, 'SequenceNumber must be a whole number below 2^31') };
    const [event] = await tx
      .insert(callEvents)
      .values({ callId, leg, status, sequence, payload: params, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: callEvents.id });
    if (!event) return { response: text(200) }; // the same callback again: nothing changes

    const at = eventTime(params, now);
    const patch: Partial<typeof calls.$inferInsert> = {};
    if (leg === 'agent') {
      if (!call.sid) patch.sid = callSid;
      if (advances(call.status, status)) patch.status = status;
      if (isFinal(status) && !call.endedAt) {
        patch.endedAt = at;
        // Provisional talk time; the contact leg's own CallDuration replaces it when it arrives.
        if (call.answeredAt && call.durationSeconds == null) patch.durationSeconds = Math.max(0, Math.round((at.getTime() - call.answeredAt.getTime()) / 1000));
      }
    } else {
      if (!call.customerLegSid) patch.customerLegSid = callSid;
      // A late "in-progress" moves nothing back, but still tells when the contact answered.
      if (status === 'in-progress' && !call.answeredAt) patch.answeredAt = at;
      if (advances(call.customerLegStatus, status)) {
        patch.customerLegStatus = status;
        if (isFinal(status)) {
          const reported = providerWholeNumber(params.CallDuration);
          patch.durationSeconds = status === 'completed' ? (reported ?? elapsed(call.answeredAt, at)) : 0;
        }
      }
    }
    if (Object.keys(patch).length === 0) return { response: text(200) };
    patch.updatedAt = now;
    const [updated] = await tx.update(calls).set(patch).where(eq(calls.id, callId)).returning();
    const verdict = await settleCall(tx, updated, now);
    return { response: text(200), publishFor: { agentId: call.agentId, callId }, verdict };
  });
  return after(deps, change);
}

function elapsed(from: Date | null, to: Date): number {
  return from ? Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000)) : 0;
}

/** Answering-machine detection of the contact's leg (asynchronous, so a person is connected at once). */
async function amdCallback(deps: WebhookDeps, callId: string, params: Record<string, string>, now: Date): Promise<WebhookResponse> {
  const answeredBy = params.AnsweredBy;
  const callSid = params.CallSid;
  if (!answeredBy || !callSid) return text(400, 'AnsweredBy and CallSid are required');
  const change = await locked(deps.db, callId, async (tx, call) => {
    if (call.customerLegSid && call.customerLegSid !== callSid) return { response: text(409, 'Not this call') };
    const [event] = await tx
      .insert(callEvents)
      .values({ callId, leg: 'customer', status: `${AMD_STATUS_PREFIX}${answeredBy}`, sequence: 0, payload: params, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: callEvents.id });
    if (!event) return { response: text(200) };
    const [updated] = await tx
      .update(calls)
      .set({ ...(call.customerLegSid ? {} : { customerLegSid: callSid }), updatedAt: now })
      .where(eq(calls.id, callId))
      .returning();
    const verdict = await settleCall(tx, updated, now);
    const hangUp = isMachine(answeredBy) && !isFinal(updated.status) && !isFinal(updated.customerLegStatus) && updated.sid ? updated.sid : undefined;
    return { response: text(200), publishFor: { agentId: call.agentId, callId }, hangUpSid: hangUp, verdict };
  });
  return after(deps, change);
}

async function recordingCallback(deps: WebhookDeps, callId: string, params: Record<string, string>, now: Date): Promise<WebhookResponse> {
  const status = params.RecordingStatus;
  if (!status || !params.RecordingSid) return text(400, 'RecordingStatus and RecordingSid are required');
  const change = await locked(deps.db, callId, async (tx, call) => {
    if (call.sid && params.CallSid && params.CallSid !== call.sid) return { response: text(409, 'Not this call') };
    const [event] = await tx
      .insert(callEvents)
      .values({ callId, leg: 'recording', status, sequence: 0, payload: params, receivedAt: now })
      .onConflictDoNothing()
      .returning({ id: callEvents.id });
    if (!event || status !== 'completed') return { response: text(200) };
    const duration = providerWholeNumber(params.RecordingDuration);
    await tx
      .update(calls)
      .set({
        recordingSid: params.RecordingSid,
        recordingUrl: params.RecordingUrl ?? null,
        recordingDurationSeconds: duration,
        updatedAt: now,
      })
      .where(eq(calls.id, callId));
    return { response: text(200), publishFor: { agentId: call.agentId, callId } };
  });
  return after(deps, change);
}
