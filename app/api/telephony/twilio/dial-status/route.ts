import { twilioWebhook } from '@/lib/telephony/http';

export const dynamic = 'force-dynamic';

/** Status callbacks of the contact's leg (<Number statusCallback>). */
export const POST = twilioWebhook;
