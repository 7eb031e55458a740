import { twilioWebhook } from '@/lib/telephony/http';

export const dynamic = 'force-dynamic';

/** TwiML run when the agent answers: dial the contact (signed by Twilio; see lib/telephony/webhooks.ts). */
export const POST = twilioWebhook;
