import twilio from 'twilio';
import type { TelephonyConfig } from './config';

export interface SignedRequest {
  /** Path and query of the request as received, e.g. /api/telephony/twilio/status?callId=… */
  pathAndQuery: string;
  /** The form parameters Twilio posted. */
  params: Record<string, string>;
  /** The X-Twilio-Signature header, if any. */
  signature: string | null;
}

/**
 * Twilio signs each webhook with HMAC-SHA1 (auth token) over the URL it was given plus the sorted
 * parameters. The URL is rebuilt from PUBLIC_BASE_URL — never from the request's Host header,
 * which whoever sends the request controls — and the AccountSid must be ours.
 */
export function isSignedByTwilio(config: Pick<TelephonyConfig, 'publicBaseUrl' | 'authToken' | 'accountSid'>, request: SignedRequest): boolean {
  if (!request.signature) return false;
  if (request.params.AccountSid !== config.accountSid) return false;
  if (!request.pathAndQuery.startsWith('/')) return false;
  return twilio.validateRequest(config.authToken, request.signature, config.publicBaseUrl + request.pathAndQuery, request.params);
}

/** Signs as Twilio does (the emulator and the tests use this; it is the SDK's own helper). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
