import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { EMULATOR_ACCOUNT } from '@/lib/telephony/config';
import { hangUpCall, placeCall } from '@/lib/telephony/calls';
import { openRecording, RecordingUnavailableError, type RecordingMedia } from '@/lib/telephony/recordings';
import { ctxAs, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';
import { allowCallingAlways, callRow, heldCallback, history, startTelephony, waitFor, type Telephony } from './telephony-harness';

/**
 * Playing a call's recording back for dispute review: with CALL_RECORDING=on the emulator records
 * the bridged conversation like Twilio (recording callback, media behind basic auth); staff and
 * admin hear it through openRecording — the media fetched with the account's credentials, each
 * listening in the audit log — and nobody else does.
 */
let db: Db;
let telephony: Telephony;
const saved = { CALL_RECORDING: process.env.CALL_RECORDING, CALL_RECORDING_ANNOUNCEMENT: process.env.CALL_RECORDING_ANNOUNCEMENT };

beforeAll(async () => {
  // Read by env() on first use in this file.
  process.env.CALL_RECORDING = 'on';
  process.env.CALL_RECORDING_ANNOUNCEMENT = 'off';
  db = (await testDb()).db;
  telephony = await startTelephony(() => db);
});

afterAll(async () => {
  await telephony.emulator.settle({ hangUp: true });
  await telephony.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

beforeEach(async () => {
  db = (await testDb()).db;
  await allowCallingAlways(db);
});

/** A callback call the contact answers, talked for a moment, hung up: recorded by the emulator. */
async function recordedCall(contactPhone = '+8613800138071') {
  const held = await heldCallback(db, contactPhone);
  const ctx = ctxAs(db, held.agent);
  const placed = await placeCall({ ctx, input: { taskId: held.task.id } });
  await waitFor(async () => (await history(db, placed.id)).customer.includes('answered-by:human'), 'the contact to answer');
  await new Promise((r) => setTimeout(r, 100));
  await hangUpCall({ ctx, input: { callId: placed.id } });
  const row = await waitFor(async () => {
    const r = await callRow(db, placed.id);
    return r.recordingSid ? r : undefined;
  }, 'the recording callback');
  await telephony.emulator.settle();
  return { ...held, call: row };
}

async function bytesOf(media: RecordingMedia): Promise<Buffer> {
  return Buffer.from(await new Response(media.body).arrayBuffer());
}

const playedEntries = (callId: string) => db.select().from(auditLog).where(and(eq(auditLog.action, 'recording.played'), eq(auditLog.entityId, callId)));

describe('a recorded call', () => {
  it('ends with a recording the emulator serves as WAV, behind the account credentials only', async () => {
    const { call } = await recordedCall();
    expect(call.recordingUrl).toBe(`${telephony.emulator.url}/2010-04-01/Accounts/${EMULATOR_ACCOUNT.accountSid}/Recordings/${call.recordingSid}`);
    expect(telephony.emulator.recordings()).toEqual([expect.objectContaining({ sid: call.recordingSid, callSid: call.sid, channels: 2 })]);

    // Not a public URL: without the credentials, or with wrong ones, the emulator answers 401.
    expect((await fetch(`${call.recordingUrl}.wav`)).status).toBe(401);
    const wrong = Buffer.from(`${EMULATOR_ACCOUNT.accountSid}:not-the-token`).toString('base64');
    expect((await fetch(`${call.recordingUrl}.wav`, { headers: { Authorization: `Basic ${wrong}` } })).status).toBe(401);
    const right = Buffer.from(`${EMULATOR_ACCOUNT.accountSid}:${EMULATOR_ACCOUNT.authToken}`).toString('base64');
    const meta = await fetch(`${call.recordingUrl}.json`, { headers: { Authorization: `Basic ${right}` } });
    expect(await meta.json()).toMatchObject({ sid: call.recordingSid, call_sid: call.sid, status: 'completed', channels: 2 });
  });

  it('staff hear it through openRecording: a WAV of the call, and the listening is in the audit log', async () => {
    const { call, task } = await recordedCall();
    const staff = await makeUser(db, 'staff');

    const media = await openRecording({ ctx: ctxAs(db, staff), input: { callId: call.id } });
    expect(media).toMatchObject({ status: 200, contentType: 'audio/x-wav', contentRange: null, recordingSid: call.recordingSid });
    const wav = await bytesOf(media);
    expect(media.size).toBe(wav.length);
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect({ format: wav.readUInt16LE(20), channels: wav.readUInt16LE(22), rate: wav.readUInt32LE(24), bits: wav.readUInt16LE(34) }).toEqual({ format: 1, channels: 2, rate: 8000, bits: 16 });
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    // At least a second of sound, not silence throughout.
    expect(wav.length - 44).toBeGreaterThanOrEqual(8000 * 2 * 2);
    expect(wav.subarray(44, 44 + 800).some((b) => b !== 0)).toBe(true);

    const entries = await playedEntries(call.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: staff.id, entityType: 'call', entityId: call.id, after: { recordingSid: call.recordingSid, taskId: task.id, visitId: task.visitId } });

    // An admin may listen too: a second entry, with who it was.
    const admin = await makeUser(db, 'admin');
    await bytesOf(await openRecording({ ctx: ctxAs(db, admin), input: { callId: call.id } }));
    expect((await playedEntries(call.id)).map((e) => e.actorId).sort()).toEqual([staff.id, admin.id].sort());
  });

  it('serves a byte range as the browser asks when seeking; a seek within a listening is not a second entry', async () => {
    const { call } = await recordedCall();
    const staff = await makeUser(db, 'staff');
    const ctx = ctxAs(db, staff);
    const whole = await bytesOf(await openRecording({ ctx, input: { callId: call.id } }));

    const head = await openRecording({ ctx, input: { callId: call.id, range: { start: 0, end: 43 } } });
    expect(head).toMatchObject({ status: 206, size: 44, contentRange: `bytes 0-43/${whole.length}` });
    expect((await bytesOf(head)).equals(whole.subarray(0, 44))).toBe(true);
    const seek = await openRecording({ ctx, input: { callId: call.id, range: { start: 1000, end: null } } });
    expect(seek).toMatchObject({ status: 206, size: whole.length - 1000, contentRange: `bytes 1000-${whole.length - 1}/${whole.length}` });
    expect((await bytesOf(seek)).equals(whole.subarray(1000))).toBe(true);

    // The whole file and the range from 0 each start a listening; the seek belongs to the last one.
    expect(await playedEntries(call.id)).toHaveLength(2);
    // Someone else seeking straight into the middle is still logged.
    const other = await makeUser(db, 'staff');
    await bytesOf(await openRecording({ ctx: ctxAs(db, other), input: { callId: call.id, range: { suffix: 100 } } }));
    const entries = await playedEntries(call.id);
    expect(entries).toHaveLength(3);
    expect(entries.find((e) => e.actorId === other.id)?.after).toMatchObject({ range: 'bytes=-100' });
  });
});

describe('refusals', () => {
  it('agents, managers and supervisors cannot listen: refused before anything is fetched or logged', async () => {
    const { call, agent, manager } = await recordedCall();
    const supervisor = await makeUser(db, 'supervisor', { unitId: manager.unitId });
    for (const who of [agent, manager, supervisor]) {
      await expect(openRecording({ ctx: ctxAs(db, who), input: { callId: call.id } })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await playedEntries(call.id)).toHaveLength(0);
  });

  it('an unknown call, or a call without a recording, is not found; nothing is logged', async () => {
    const staff = await makeUser(db, 'staff');
    const ctx = ctxAs(db, staff);
    await expect(openRecording({ ctx, input: { callId: '00000000-0000-4000-8000-000000000000' } })).rejects.toMatchObject({ code: 'notFound', status: 404 });
    await expect(openRecording({ ctx, input: { callId: 'not-a-call' } })).rejects.toMatchObject({ code: 'notFound', status: 404 });

    // The contact never answers (number ending in 00): no conversation, no recording.
    const { agent, task } = await heldCallback(db, '+8613800138000');
    const placed = await placeCall({ ctx: ctxAs(db, agent), input: { taskId: task.id } });
    await waitFor(async () => ((await callRow(db, placed.id)).customerLegStatus === 'no-answer' ? true : undefined), 'the dial to time out');
    await telephony.emulator.settle({ hangUp: true });
    const error = await openRecording({ ctx, input: { callId: placed.id } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ code: 'telephony.noRecording' });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'recording.played'))).toHaveLength(0);
  });

  it('the provider unreachable: a clear, typed error and nothing logged; a recording the provider no longer has: not found', async () => {
    const { call } = await recordedCall();
    const staff = await makeUser(db, 'staff');
    const ctx = ctxAs(db, staff);
    await telephony.emulator.stop();
    try {
      const error = await openRecording({ ctx, input: { callId: call.id } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RecordingUnavailableError);
      expect(error).toMatchObject({ code: 'telephony.recordingUnavailable', status: 503 });
      expect(await playedEntries(call.id)).toHaveLength(0);
    } finally {
      // A fresh emulator on the same port knows none of the old recordings.
      await telephony.restartEmulator();
    }
    await expect(openRecording({ ctx, input: { callId: call.id } })).rejects.toMatchObject({ code: 'telephony.recordingGone', status: 404 });
    expect(await playedEntries(call.id)).toHaveLength(0);
  });
});
