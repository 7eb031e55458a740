import { twilioWebhook } from '@/lib/telephony/http';

export const dynamic = 'force-dynamic';

/** Status callbacks of the agent leg (initiated, ringing, answered, completed). */
export const POST = twilioWebhook;
