import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackAttempts, callbackTasks, callEvents, calls, policyVersions } from '@/db/schema';
import { NotHolderError, OutsideCallingHoursError } from '@/lib/callbacks/errors';
import { callStatusForAgent, hangUpCall, placeCall } from '@/lib/telephony/calls';
import { EMULATOR_ACCOUNT, webhookUrl } from '@/lib/telephony/config';
import { TelephonyRefusedError, TelephonyUnavailableError } from '@/lib/telephony/errors';
import { CallStatusHub } from '@/lib/telephony/live';
import { twilioSignature } from '@/lib/telephony/signature';
import { callEventStream } from '@/lib/telephony/stream';
import { handleTwilioWebhook } from '@/lib/telephony/webhooks';
import type { CallView } from '@/lib/telephony/view';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { ctxAs } from '../support/factories';
import { testDb } from '../support/worker-setup';
import { allowCallingAlways, callRow, heldCallback, history, numberForms, startTelephony, TIME_SCALE, waitFor, type Telephony } from './telephony-harness';

let db: Db;
let telephony: Telephony;
let hub: CallStatusHub;

beforeAll(async () => {
  db = (await testDb()).db;
  telephony = await startTelephony(() => db);
  hub = new CallStatusHub();
});

afterAll(async () => {
  await hub.close();
  await telephony.close();
});

beforeEach(async () => {
  db = (await testDb()).db;
  await allowCallingAlways(db);
});

afterEach(async () => {
  // Let every emulated call finish before the next test empties the database.
  await telephony.emulator.settle({ hangUp: true });
});

/** Collects what the agent's live channel receives (the SSE stream's source) during a test. */
async function listen(agentId: string) {
  const views: CallView[] = [];
  const unsubscribe = await hub.subscribe(agentId, (view) => views.push(view));
  return { views, unsubscribe };
}

async function ended(callId: string, options: { settled?: boolean } = {}) {
  return waitFor(async () => {
    const row = await callRow(db, callId);
    const done = ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(row.status);
    if (!done) return undefined;
    if (options.settled) {
      const settled = (await db.select().from(callEvents).where(eq(callEvents.callId, callId))).find((e) => e.status === 'settled');
      if (!settled || settled.payload.recorded !== 'true') return undefined;
    }
    return row;
  }, `call ${callId} to end`);
}

const attemptsOf = (taskId: string) => db.select().from(callbackAttempts).where(eq(callbackAttempts.taskId, taskId));
const taskOf = async (taskId: string) => (await db.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)))[0];

function expectNoNumber(value: unknown, e164: string) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  for (const form of numberForms(e164)) expect(text).not.toContain(form);
}

describe('placing a call through the emulator, per behaviour of the dialled number', () => {
  it('a person answers and talks until the agent hangs up: history in order, answered, no outcome recorded automatically', async () => {
    const { agent, contact, task } = await heldCallback(db, '+8613800138045');
    const live = await listen(agent.id);
    const ctx = ctxAs(db, agent);
    const placed = await placeCall({ ctx, input: { taskId: task.id } });
    expect(placed.phase).toBe('dialling');
    expectNoNumber(placed, contact.phone);

    await waitFor(async () => (await history(db, placed.id)).customer.includes('answered-by:human'), 'the contact to answer (AMD: human)');
    const talking = await callStatusForAgent({ ctx, input: { callId: placed.id } });
    expect(talking).toMatchObject({ phase: 'in_progress', agentAnswered: true, result: null });
    expect(talking!.answeredAt).not.toBeNull();

    const afterHangUp = await hangUpCall({ ctx, input: { callId: placed.id } });
    expectNoNumber(afterHangUp, contact.phone);
    const row = await ended(placed.id);
    await waitFor(async () => (await callRow(db, placed.id)).customerLegStatus === 'completed', 'the contact leg to complete');
    await telephony.emulator.settle();

    const h = await history(db, placed.id);
    expect(h.agent).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(h.customer).toEqual(['initiated', 'ringing', 'in-progress', 'answered-by:human', 'completed']);
    const final = await callRow(db, placed.id);
    expect(final.status).toBe('completed');
    expect(final.answeredAt).not.toBeNull();
    expect(final.endedAt).not.toBeNull();
    // The duration stored is the contact leg's as the provider counted it (answer to hang-up).
    const leg = telephony.emulator.call(final.customerLegSid!)!;
    expect(final.durationSeconds).toBe(Math.round((leg.endTime! - leg.startTime!) / 1000));
    expect(row.sid).toMatch(/^CA[0-9a-f]{32}$/);

    const view = await callStatusForAgent({ ctx, input: { callId: placed.id } });
    expect(view).toMatchObject({ phase: 'ended', result: 'answered', outcome: null });
    // A person answered: the agent records the attempt through the script, so nothing is recorded yet.
    expect(await attemptsOf(task.id)).toHaveLength(0);
    expect(await taskOf(task.id)).toMatchObject({ state: 'held', holderId: agent.id, attempts: 0 });

    // Pushed live: the agent's channel saw the call go through its phases, and never a number.
    await waitFor(async () => live.views.some((v) => v.phase === 'ended' && v.customerLeg === 'completed'), 'the last live update');
    const phases = [...new Set(live.views.map((v) => v.phase))];
    expect(phases).toEqual(['dialling', 'ringing', 'in_progress', 'ended']);
    expectNoNumber(live.views, contact.phone);
    await live.unsubscribe();
  });

  it.each([
    ['00', 'no-answer', ['initiated', 'ringing', 'no-answer'], 'no_answer', 'no_answer'],
    ['11', 'busy', ['initiated', 'ringing', 'busy'], 'busy', 'busy'],
    ['22', 'failed', ['initiated', 'failed'], 'failed', 'technical_failure'],
  ] as const)('a number ending in %s: %s, recorded as the attempt outcome', async (ending, legStatus, customerHistory, result, outcome) => {
    const { agent, contact, task } = await heldCallback(db, `+86138001380${ending}`);
    const ctx = ctxAs(db, agent);
    const placed = await placeCall({ ctx, input: { taskId: task.id } });
    await ended(placed.id, { settled: true });
    await telephony.emulator.settle();

    const h = await history(db, placed.id);
    expect(h.customer).toEqual(customerHistory);
    expect(h.agent).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    const row = await callRow(db, placed.id);
    expect(row.customerLegStatus).toBe(legStatus);
    expect(row.answeredAt).toBeNull();

    const view = await callStatusForAgent({ ctx, input: { taskId: task.id } });
    expect(view).toMatchObject({ phase: 'ended', result, outcome: { outcome, attemptNo: 1, state: 'waiting' } });
    expectNoNumber(view, contact.phone);

    const attempts = await attemptsOf(task.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ outcome, agentId: agent.id, attemptNo: 1 });
    const after = await taskOf(task.id);
    expect(after).toMatchObject({ state: 'waiting', holderId: null, attempts: 1, lastOutcome: outcome });
    expect(after.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('a number ending in 33: an answering machine is detected, the call is hung up and recorded as answering machine', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138033');
    const ctx = ctxAs(db, agent);
    const placed = await placeCall({ ctx, input: { taskId: task.id } });
    await waitFor(async () => (await callRow(db, placed.id)).customerLegStatus === 'completed', 'the machine leg to end');
    await ended(placed.id, { settled: true });
    await telephony.emulator.settle();

    const h = await history(db, placed.id);
    expect(h.customer).toEqual(['initiated', 'ringing', 'in-progress', 'answered-by:machine_start', 'completed']);
    expect(h.agent).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    // Hung up by the app on detection, well before the machine's own 20 s (1 s at this time scale).
    const row = await callRow(db, placed.id);
    const machineLeg = telephony.emulator.call(row.customerLegSid!);
    expect(machineLeg).toMatchObject({ parentCallSid: row.sid, answeredBy: 'machine_start', status: 'completed' });
    expect(machineLeg!.endTime! - machineLeg!.startTime!).toBeLessThan(20_000 * TIME_SCALE);

    const view = await callStatusForAgent({ ctx, input: { callId: placed.id } });
    expect(view).toMatchObject({ phase: 'ended', result: 'answering_machine', outcome: { outcome: 'answering_machine' } });
    expect((await attemptsOf(task.id)).map((a) => a.outcome)).toEqual(['answering_machine']);
    expect(await taskOf(task.id)).toMatchObject({ state: 'waiting', attempts: 1 });
    // The call keeps the attempt it was placed for, and the automatic outcome rests on it.
    expect(row.attemptNo).toBe(1);
    expect((await attemptsOf(task.id))[0]).toMatchObject({ callId: placed.id, manual: false });
  });
});

describe('webhook signatures', () => {
  it('refuses a forged, missing, wrongly keyed, other-host or other-account signature with 403, and nothing changes', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138046');
    const ctx = ctxAs(db, agent);
    const placed = await placeCall({ ctx, input: { taskId: task.id } });
    await waitFor(async () => (await history(db, placed.id)).customer.includes('answered-by:human'), 'the contact to answer (AMD: human)');
    const talking = await callRow(db, placed.id);
    expect(talking.customerLegStatus).toBe('in-progress');
    const [{ n: eventsBefore }] = await db.select({ n: count() }).from(callEvents);

    const path = `/api/telephony/twilio/status?callId=${placed.id}`;
    const url = webhookUrl({ publicBaseUrl: telephony.hooksUrl }, 'status', placed.id);
    const params = { AccountSid: EMULATOR_ACCOUNT.accountSid, CallSid: talking.sid!, CallStatus: 'completed', CallDuration: '99', SequenceNumber: '9' };
    const attempts: [string, Record<string, string>, string | null][] = [
      ['forged', params, 'bm90IGEgc2lnbmF0dXJl'],
      ['missing', params, null],
      ['another token', params, twilioSignature('not-the-auth-token-of-this-account', url, params)],
      ['another host (a spoofed Host header)', params, twilioSignature(EMULATOR_ACCOUNT.authToken, `http://evil.example${path}`, params)],
      [
        'another account',
        { ...params, AccountSid: 'AC0123456789abcdef0123456789abcdef' },
        twilioSignature(EMULATOR_ACCOUNT.authToken, url, { ...params, AccountSid: 'AC0123456789abcdef0123456789abcdef' }),
      ],
      ['params changed after signing', { ...params, CallDuration: '1' }, twilioSignature(EMULATOR_ACCOUNT.authToken, url, params)],
    ];
    for (const [name, body, signature] of attempts) {
      const result = await handleTwilioWebhook({ pathAndQuery: path, params: body, signature }, { db });
      expect(result.status, name).toBe(403);
    }
    // And over HTTP, as a route handler sees it.
    const response = await fetch(`${telephony.hooksUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': 'forged' },
      body: new URLSearchParams(params).toString(),
    });
    expect(response.status).toBe(403);

    const [{ n: eventsAfter }] = await db.select({ n: count() }).from(callEvents);
    expect(eventsAfter).toBe(eventsBefore);
    expect(await callRow(db, placed.id)).toEqual(talking);

    // The genuine signature for the same request is accepted.
    const genuine = await handleTwilioWebhook(
      { pathAndQuery: `/api/telephony/twilio/voice?callId=${placed.id}`, params: { AccountSid: EMULATOR_ACCOUNT.accountSid, CallSid: talking.sid! }, signature: twilioSignature(EMULATOR_ACCOUNT.authToken, webhookUrl({ publicBaseUrl: telephony.hooksUrl }, 'voice', placed.id), { AccountSid: EMULATOR_ACCOUNT.accountSid, CallSid: talking.sid! }) },
      { db },
    );
    expect(genuine.status).toBe(200);
    expect(genuine.contentType).toBe('text/xml');
    expect(genuine.body).toContain('<Dial');

    await hangUpCall({ ctx, input: { callId: placed.id } });
    await ended(placed.id);
  });
});

describe('status callbacks twice and out of order', () => {
  /** A call row as placeCall leaves it, without the emulator: the test plays Twilio by hand. */
  async function manualCall() {
    const { agent, task } = await heldCallback(db, '+8613800138047');
    const [row] = await db
      .insert(calls)
      .values({ taskId: task.id, agentId: agent.id, provider: 'emulator', sid: `CA${'a'.repeat(32)}`, agentNumber: agent.phone!, customerNumber: '+8613800138047', callerId: EMULATOR_ACCOUNT.callerId })
      .returning();
    return { agent, task, call: row };
  }

  async function send(kind: 'status' | 'dialStatus', callId: string, params: Record<string, string>) {
    const full = { AccountSid: EMULATOR_ACCOUNT.accountSid, ApiVersion: '2010-04-01', ...params };
    const url = webhookUrl({ publicBaseUrl: telephony.hooksUrl }, kind, callId);
    return handleTwilioWebhook({ pathAndQuery: url.slice(telephony.hooksUrl.length), params: full, signature: twilioSignature(EMULATOR_ACCOUNT.authToken, url, full) }, { db });
  }

  it('the same callback twice changes nothing; a late ringing or in-progress after completed never moves a leg back', async () => {
    const { call } = await manualCall();
    const childSid = `CA${'b'.repeat(32)}`;
    const agentLeg = (status: string, seq: number, extra: Record<string, string> = {}) => send('status', call.id, { CallSid: call.sid!, CallStatus: status, SequenceNumber: String(seq), ...extra });
    const customerLeg = (status: string, seq: number, extra: Record<string, string> = {}) =>
      send('dialStatus', call.id, { CallSid: childSid, ParentCallSid: call.sid!, CallStatus: status, SequenceNumber: String(seq), ...extra });

    expect((await agentLeg('initiated', 0)).status).toBe(200);
    expect((await agentLeg('in-progress', 2)).status).toBe(200);
    expect((await customerLeg('initiated', 0)).status).toBe(200);
    // The contact's final callback overtakes its "ringing" and "in-progress".
    expect((await customerLeg('completed', 3, { CallDuration: '42', Timestamp: new Date().toUTCString() })).status).toBe(200);
    expect((await agentLeg('completed', 3, { CallDuration: '50' })).status).toBe(200);
    const settledRow = await callRow(db, call.id);
    expect(settledRow).toMatchObject({ status: 'completed', customerLegStatus: 'completed', customerLegSid: childSid, durationSeconds: 42 });
    expect(settledRow.endedAt).not.toBeNull();

    // The very same callbacks again: stored once, nothing changes (not even updatedAt).
    const [{ n: before }] = await db.select({ n: count() }).from(callEvents).where(eq(callEvents.callId, call.id));
    expect((await agentLeg('completed', 3, { CallDuration: '50' })).status).toBe(200);
    expect((await customerLeg('completed', 3, { CallDuration: '42' })).status).toBe(200);
    const [{ n: afterDuplicates }] = await db.select({ n: count() }).from(callEvents).where(eq(callEvents.callId, call.id));
    expect(afterDuplicates).toBe(before);
    expect(await callRow(db, call.id)).toEqual(settledRow);

    // Late ones: kept in the history, never applied backwards.
    expect((await agentLeg('ringing', 1)).status).toBe(200);
    expect((await customerLeg('ringing', 1)).status).toBe(200);
    expect((await customerLeg('in-progress', 2, { Timestamp: new Date(Date.now() - 42_000).toUTCString() })).status).toBe(200);
    const late = await callRow(db, call.id);
    expect(late).toMatchObject({ status: 'completed', customerLegStatus: 'completed', durationSeconds: 42, endedAt: settledRow.endedAt });
    // …but the late "in-progress" still tells when the contact answered.
    expect(late.answeredAt).not.toBeNull();
    const h = await history(db, call.id);
    expect(h.agent).toEqual(['initiated', 'in-progress', 'completed', 'ringing']);
    expect(h.customer).toEqual(['initiated', 'completed', 'ringing', 'in-progress']);
  });

  it('a no-answer delivered twice records the attempt once', async () => {
    const { call, task } = await manualCall();
    const childSid = `CA${'c'.repeat(32)}`;
    const noAnswer = () => send('dialStatus', call.id, { CallSid: childSid, ParentCallSid: call.sid!, CallStatus: 'no-answer', SequenceNumber: '2', CallDuration: '0' });
    await Promise.all([noAnswer(), noAnswer()]);
    expect((await noAnswer()).status).toBe(200);
    expect((await attemptsOf(task.id)).map((a) => a.outcome)).toEqual(['no_answer']);
    expect(await taskOf(task.id)).toMatchObject({ state: 'waiting', attempts: 1 });
    expect((await history(db, call.id)).customer).toEqual(['no-answer']);
  });

  it('a signed callback with a SequenceNumber of 2^31 or 400 digits is a 400, stores nothing and changes nothing', async () => {
    const { call } = await manualCall();
    const before = await callRow(db, call.id);
    for (const SequenceNumber of [String(2 ** 31), '9'.repeat(400), '-1']) {
      const result = await send('status', call.id, { CallSid: call.sid!, CallStatus: 'completed', SequenceNumber });
      expect(result.status).toBe(400);
    }
    // A huge duration is ignored (the elapsed time stands), never a database error.
    expect((await send('status', call.id, { CallSid: call.sid!, CallStatus: 'in-progress', SequenceNumber: '2', CallDuration: '9'.repeat(30) })).status).toBe(200);
    expect((await history(db, call.id)).agent).toEqual(['in-progress']);
    expect((await callRow(db, call.id)).status).not.toBe('completed');
    expect(before.status).not.toBe('completed');
  });

  it('a callback for another call sid is refused', async () => {
    const { call } = await manualCall();
    const result = await send('status', call.id, { CallSid: `CA${'d'.repeat(32)}`, CallStatus: 'completed', SequenceNumber: '3' });
    expect(result.status).toBe(409);
    expect(await callRow(db, call.id)).toMatchObject({ status: 'queued', endedAt: null });
  });
});

describe('placing a call: who, when, and what if the provider fails', () => {
  it('is refused (409, "not yours") for a callback the agent does not hold, and nothing is placed', async () => {
    const { task } = await heldCallback(db, '+8613800138048');
    const { agent: other } = await heldCallback(db, '+8613800138049');
    const { agent: third, task: readyTask } = await heldCallback(db, '+8613800138050', { held: false });
    const before = telephony.emulator.createdAt.length;
    await expect(placeCall({ ctx: ctxAs(db, other), input: { taskId: task.id } })).rejects.toMatchObject({ status: 409, code: 'callbacks.notHolder' });
    await expect(placeCall({ ctx: ctxAs(db, third), input: { taskId: readyTask.id } })).rejects.toBeInstanceOf(NotHolderError);
    expect(await db.select().from(calls)).toHaveLength(0);
    expect(telephony.emulator.createdAt.length).toBe(before);
  });

  it('is refused outside calling hours, naming the next opening', async () => {
    await db.delete(policyVersions);
    const { agent, task } = await heldCallback(db, '+8613800138051');
    const saturday = parseLocalDateTime('2026-11-07 10:00', 'Asia/Shanghai')!;
    const error = await placeCall({ ctx: ctxAs(db, agent, saturday), input: { taskId: task.id } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutsideCallingHoursError);
    expect(error).toMatchObject({ code: 'callbacks.outsideHours', params: { opening: '2026-11-09 09:00' } });
    expect(await db.select().from(calls)).toHaveLength(0);
  });

  it('places one call at a time per callback (a double click gets a conflict)', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138052');
    const ctx = ctxAs(db, agent);
    const results = await Promise.allSettled([placeCall({ ctx, input: { taskId: task.id } }), placeCall({ ctx, input: { taskId: task.id } })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ status: 409, code: 'telephony.callInProgress' });
    expect(await db.select().from(calls)).toHaveLength(1);
  });

  it('provider down: a typed error for the agent, the call kept as failed, the attempt recorded as technical failure', async () => {
    const { agent, contact, task } = await heldCallback(db, '+8613800138053');
    const ctx = ctxAs(db, agent);
    const live = await listen(agent.id);
    await telephony.emulator.stop();
    try {
      const error = await placeCall({ ctx, input: { taskId: task.id } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TelephonyUnavailableError);
      expect(error).toMatchObject({ status: 503, code: 'telephony.providerDown' });
      const callId = (error as TelephonyUnavailableError).callId;
      expect(await callRow(db, callId)).toMatchObject({ status: 'failed', errorCode: 'provider_unavailable', sid: null });
      expect((await attemptsOf(task.id)).map((a) => a.outcome)).toEqual(['technical_failure']);
      expect(await taskOf(task.id)).toMatchObject({ state: 'waiting', holderId: null, attempts: 1, lastOutcome: 'technical_failure' });
      const view = await callStatusForAgent({ ctx, input: { callId } });
      expect(view).toMatchObject({ phase: 'ended', result: 'provider_error', error: { code: 'telephony.providerDown' }, outcome: { outcome: 'technical_failure' } });
      const actions = (await db.select().from(auditLog).where(eq(auditLog.entityId, callId))).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['call.placed', 'call.failed']));
      await waitFor(async () => live.views.some((v) => v.id === callId && v.phase === 'ended'), 'the failure to be pushed');
      expectNoNumber(live.views, contact.phone);
    } finally {
      await live.unsubscribe();
      await telephony.restartEmulator();
    }
  });

  it('provider refusing (caller number not verified): TelephonyRefusedError with its code, recorded as technical failure', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138054');
    await telephony.restartEmulator({ callerIds: ['+12025550100'] });
    try {
      const error = await placeCall({ ctx: ctxAs(db, agent), input: { taskId: task.id } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TelephonyRefusedError);
      expect(error).toMatchObject({ status: 502, code: 'telephony.providerRefused', params: { code: 21210 }, providerCode: 21210 });
      const callId = (error as TelephonyRefusedError).callId;
      expect(await callRow(db, callId)).toMatchObject({ status: 'failed', errorCode: 'provider_refused' });
      expect((await attemptsOf(task.id)).map((a) => a.outcome)).toEqual(['technical_failure']);
      expect(await callStatusForAgent({ ctx: ctxAs(db, agent), input: { callId } })).toMatchObject({ error: { code: 'telephony.providerRefused', params: { code: '21210' } } });
    } finally {
      await telephony.restartEmulator();
    }
  });

  it('never places calls faster than the calling policy allows (in one process)', async () => {
    await db.delete(policyVersions);
    await allowCallingAlways(db, 4);
    const world = await Promise.all(['55', '56', '57', '58'].map((end) => heldCallback(db, `+86138001380${end}`)));
    const start = telephony.emulator.createdAt.length;
    await Promise.all(world.map(({ agent, task }) => placeCall({ ctx: ctxAs(db, agent), input: { taskId: task.id } })));
    const times = telephony.emulator.createdAt.slice(start).sort((a, b) => a - b);
    expect(times).toHaveLength(4);
    // Reserved 250 ms apart; arrival may shift a little with scheduling on a loaded machine.
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(250 * 0.4);
    expect(times[3] - times[0]).toBeGreaterThanOrEqual(3 * 250 - 100);
  });
});

describe('the agent-facing answers never carry the contact\'s number', () => {
  it('the SSE stream: snapshot, then every change of my call pushed, and no number anywhere', async () => {
    const { agent, contact, task } = await heldCallback(db, '+8613800138059');
    const ctx = ctxAs(db, agent);
    const abort = new AbortController();
    const stream = callEventStream({ ctx, signal: abort.signal, hub, heartbeatMs: 100 });
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value);
      }
    })();
    await waitFor(async () => text.includes('event: snapshot'), 'the snapshot');
    expect(text).toContain('data: {"call":null}');

    const placed = await placeCall({ ctx, input: { taskId: task.id } });
    await waitFor(async () => text.includes('"phase":"in_progress"'), 'the in-progress event');
    const status = await callStatusForAgent({ ctx, input: { taskId: task.id } });
    const hungUp = await hangUpCall({ ctx, input: { callId: placed.id } });
    await waitFor(async () => /"phase":"ended".*"customerLeg":"completed"|"customerLeg":"completed".*"phase":"ended"/.test(text), 'the ended event');
    expect(text).toContain(': ping');
    abort.abort();
    await reading;

    const events = text.split('\n\n').filter((block) => block.startsWith('event: call'));
    expect(events.length).toBeGreaterThanOrEqual(4);
    const views = events.map((block) => JSON.parse(block.split('\ndata: ')[1]) as CallView);
    expect(views.every((v) => v.id === placed.id && v.taskId === task.id)).toBe(true);
    for (const answer of [text, placed, status, hungUp]) expectNoNumber(answer, contact.phone);
    // Not even the agent's own number or the caller id: a view has statuses and times only.
    expect(text).not.toContain(agent.phone!);
  });

  it('a stream only ever carries the signed-in agent\'s own calls', async () => {
    const mine = await heldCallback(db, '+8613800138060');
    const theirs = await heldCallback(db, '+8613800138061');
    const abort = new AbortController();
    const reader = callEventStream({ ctx: ctxAs(db, mine.agent), signal: abort.signal, hub }).getReader();
    let text = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += new TextDecoder().decode(value);
      }
    })();
    await waitFor(async () => text.includes('event: snapshot'), 'the snapshot');
    const other = await placeCall({ ctx: ctxAs(db, theirs.agent), input: { taskId: theirs.task.id } });
    await waitFor(async () => (await callRow(db, other.id)).customerLegStatus === 'in-progress', 'their call to connect');
    await expect(hangUpCall({ ctx: ctxAs(db, mine.agent), input: { callId: other.id } })).rejects.toMatchObject({ status: 404 });
    await expect(callStatusForAgent({ ctx: ctxAs(db, mine.agent), input: { callId: other.id } })).rejects.toMatchObject({ status: 404 });
    abort.abort();
    await reading;
    expect(text).not.toContain(other.id);
    expect(text).not.toContain('event: call');
  });
});
