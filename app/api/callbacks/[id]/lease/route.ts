import { renewLease } from '@/lib/desk/take';
import { defineRoute, idParams } from '@/lib/web/route';

/**
 * The desk's heartbeat while the agent holds this callback: renews the lease. 409 when it is no
 * longer the agent's (lapsed, pulled back, finished) so the page can say so.
 */
export const POST = defineRoute({ roles: ['agent'], params: idParams }, async ({ ctx, params }) => renewLease({ ctx, input: { taskId: params.id } }));
