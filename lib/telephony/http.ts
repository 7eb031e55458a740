import 'server-only';
import { appDb } from '@/lib/platform/db';
import { logger } from '@/lib/platform/log';
import { withApiSecurityHeaders } from '@/lib/web/api-headers';
import { PayloadTooLargeError } from '@/lib/platform/core/errors';
import { readLimitedBody } from '@/lib/web/request-guard';
import { handleTwilioWebhook } from './webhooks';

/** Twilio's callbacks are a few dozen short form fields; these bounds leave room and no more. */
export const WEBHOOK_MAX_BYTES = 64 * 1024;
export const WEBHOOK_MAX_PARAMS = 100;

/**
 * The one handler behind every route under app/api/telephony/twilio/: reads the form Twilio
 * posted and the signature header, and lets handleTwilioWebhook decide (403 without a valid
 * signature). Not behind sign-in: Twilio is the caller, the signature is the credential.
 */
export async function twilioWebhook(request: Request): Promise<Response> {
  return withApiSecurityHeaders(await answerWebhook(request), request);
}

async function answerWebhook(request: Request): Promise<Response> {
  const url = new URL(request.url);
  let params: Record<string, string>;
  try {
    // Counted and cut while it streams, before the signature is checked: an unsigned 30 MB body
    // is refused at 64 KB, and a signed one cannot store thousands of parameters.
    const body = new URLSearchParams(new TextDecoder().decode(await readLimitedBody(request, WEBHOOK_MAX_BYTES)));
    if ([...body.keys()].length > WEBHOOK_MAX_PARAMS) return new Response('Too many parameters', { status: 413 });
    params = Object.fromEntries(body);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return new Response('Payload too large', { status: 413 });
    return new Response('Bad request', { status: 400 });
  }
  try {
    const result = await handleTwilioWebhook(
      { pathAndQuery: url.pathname + url.search, params, signature: request.headers.get('x-twilio-signature') },
      { db: appDb() },
    );
    return new Response(result.body, { status: result.status, headers: { 'Content-Type': `${result.contentType}; charset=utf-8`, 'Cache-Control': 'no-store' } });
  } catch (err) {
    logger.error({ err, path: url.pathname }, 'telephony webhook failed');
    return new Response('Error', { status: 500 });
  }
}
