import 'server-only';
import { appDb } from '@/lib/db';
import { logger } from '@/lib/log';
import { handleTwilioWebhook } from './webhooks';

/**
 * The one handler behind every route under app/api/telephony/twilio/: reads the form Twilio
 * posted and the signature header, and lets handleTwilioWebhook decide (403 without a valid
 * signature). Not behind sign-in: Twilio is the caller, the signature is the credential.
 */
export async function twilioWebhook(request: Request): Promise<Response> {
  const url = new URL(request.url);
  let params: Record<string, string>;
  try {
    params = Object.fromEntries(new URLSearchParams(await request.text()));
  } catch {
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
