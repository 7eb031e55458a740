import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { callStatusForAgent, hangUpCall, placeCall } from '@/lib/telephony/calls';
import { ctxAs } from '../support/factories';
import { testDb } from '../support/worker-setup';
import { allowCallingAlways, callRow, heldCallback, history, startTelephony, waitFor, type Telephony } from './telephony-harness';

let db: Db;
let telephony: Telephony;
const saved = { CALL_RECORDING: process.env.CALL_RECORDING, CALL_RECORDING_ANNOUNCEMENT: process.env.CALL_RECORDING_ANNOUNCEMENT };

beforeAll(async () => {
  // Read by env() on first use in this file.
  process.env.CALL_RECORDING = 'on';
  process.env.CALL_RECORDING_ANNOUNCEMENT = '为保证服务质量，本次通话将被录音。';
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

describe('recording on', () => {
  it('the contact hears the announcement before the agent is connected; the recording callback is stored on the call', async () => {
    const { agent, task } = await heldCallback(db, '+8613800138062');
    const ctx = ctxAs(db, agent);
    const placed = await placeCall({ ctx, input: { taskId: task.id } });
    await waitFor(async () => (await history(db, placed.id)).customer.includes('answered-by:human'), 'the contact to answer');
    await new Promise((r) => setTimeout(r, 150));
    await hangUpCall({ ctx, input: { callId: placed.id } });
    const row = await waitFor(async () => {
      const r = await callRow(db, placed.id);
      return r.recordingSid ? r : undefined;
    }, 'the recording callback');
    await telephony.emulator.settle();

    // The announcement TwiML was fetched for the contact's leg (signed, answered 200).
    const leg = telephony.emulator.call(row.customerLegSid!)!;
    const announce = leg.deliveries.find((d) => d.url.includes('/api/telephony/twilio/voice/announce'));
    expect(announce).toMatchObject({ kind: 'twiml', status: 200 });
    expect(telephony.answered.filter((a) => a.status !== 200)).toEqual([]);

    expect(row.recordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(row.recordingUrl).toContain(`/Recordings/${row.recordingSid}`);
    // The duration stored is the one the provider reported for this recording.
    const recording = telephony.emulator.recordings().find((r) => r.sid === row.recordingSid);
    expect(row.recordingDurationSeconds).toBe(recording!.durationSeconds);
    expect((await history(db, placed.id)).recording).toEqual(['completed']);
    expect(await callStatusForAgent({ ctx, input: { callId: placed.id } })).toMatchObject({ recorded: true, result: 'answered' });
  });
});
