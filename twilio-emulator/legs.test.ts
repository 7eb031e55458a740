import { afterEach, describe, expect, it } from 'vitest';
import { createTwilioEmulator, type TwilioEmulator } from './index';

const ACCOUNT = { accountSid: `AC${'1'.repeat(32)}`, authToken: 'legs-test-token' };
let emulator: TwilioEmulator | null = null;

afterEach(async () => {
  await emulator?.stop();
  emulator = null;
});

/** Places a call whose TwiML cannot be fetched, so its leg ends (failed) at once. */
async function placeFailingCall(url: string, to: string): Promise<string> {
  const res = await fetch(`${url}/2010-04-01/Accounts/${ACCOUNT.accountSid}/Calls.json`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: to, From: '+8613800000000', Url: 'http://127.0.0.1:9/twiml' }).toString(),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { sid: string }).sid;
}

describe('a long-running emulator', () => {
  it('forgets the oldest ended calls beyond keepEndedCalls, keeping the newest', async () => {
    emulator = createTwilioEmulator({ ...ACCOUNT, port: 0, timeScale: 0.01, keepEndedCalls: 2 });
    const url = await emulator.start();
    const sids: string[] = [];
    for (let i = 0; i < 5; i++) {
      sids.push(await placeFailingCall(url, `+8613900000${String(i).padStart(3, '0')}`));
      await emulator.settle();
    }
    const kept = emulator.calls();
    expect(kept.every((c) => ['failed', 'completed', 'busy', 'no-answer', 'canceled'].includes(c.status))).toBe(true);
    // Forgetting happens as a call is placed: the two newest ended calls then, and the last one.
    expect(kept.map((c) => c.sid)).toEqual(sids.slice(-3));
    expect(emulator.call(sids[0])).toBeUndefined();
  });
});
