import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import type { Delivery, EmulatorState, Leg } from './state';

/**
 * The emulator's requests to the app: POSTed form-encoded and signed exactly as Twilio signs
 * them (the SDK's own getExpectedTwilioSignature), each recorded on its leg.
 */

/** POSTs a signed webhook, as Twilio does; returns the answer (or null when unreachable). */
export async function deliver(state: EmulatorState, leg: Leg, url: string, kind: Delivery['kind'], params: Record<string, string>): Promise<{ status: number; body: string } | null> {
  if (state.server === null) return null; // stopped: Twilio is "down", nothing more is sent
  const record: Delivery = { url, kind, params, status: 'error', at: Date.now() };
  leg.deliveries.push(record);
  if (!isHttpUrl(url)) return null;
  const signature = twilio.getExpectedTwilioSignature(state.options.authToken, url, params);
  try {
    const target = new URL(url);
    // Connect over IPv4 for "localhost" (the web app listens on 127.0.0.1); the signed URL stays as given.
    if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
    const response = await fetch(target, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        'X-Twilio-Signature': signature,
        'I-Twilio-Idempotency-Token': randomUUID(),
        'User-Agent': 'TwilioProxy/1.1 (huifang-emulator)',
      },
      body: new URLSearchParams(params).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    const body = await response.text();
    record.status = response.status;
    if (response.status >= 400) state.log('webhook answered with an error', { kind, status: response.status, sid: leg.sid });
    return { status: response.status, body };
  } catch (err) {
    state.log('webhook not delivered', { kind, sid: leg.sid, err: String(err) });
    return null;
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
