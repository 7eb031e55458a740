import { hangUpCall } from '@/lib/telephony/calls';
import { defineRoute, idParams } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** "Hang up" my call. */
export const POST = defineRoute({ roles: ['agent'], params: idParams }, async ({ ctx, params }) => ({ call: await hangUpCall({ ctx, input: { callId: params.id } }) }));
