import { twilioWebhook } from '@/lib/telephony/http';

export const dynamic = 'force-dynamic';

/** Recording status callbacks of the dialled conversation. */
export const POST = twilioWebhook;
