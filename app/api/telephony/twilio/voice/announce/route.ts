import { twilioWebhook } from '@/lib/telephony/http';

export const dynamic = 'force-dynamic';

/** TwiML played to the contact before the agent is connected (the recording announcement). */
export const POST = twilioWebhook;
