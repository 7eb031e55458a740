import { twilioWebhook } from '@/lib/telephony/http';

export const dynamic = 'force-dynamic';

/** Answering-machine detection result of the contact's leg. */
export const POST = twilioWebhook;
