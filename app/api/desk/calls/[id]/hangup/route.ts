import { hangUpCall } from '@/lib/telephony/calls';
import { defineRoute } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** "Hang up" my call. */
export const POST = defineRoute<{ id: string }>({ roles: ['agent'] }, async ({ ctx, params }) => ({ call: await hangUpCall({ ctx, input: { callId: params.id } }) }));
