import { assertMayChangeQueues, recordQueueChange } from '@/lib/queues-dashboard/changes';
import { queuesDashboard } from '@/lib/queues-dashboard/board';
import { changesState } from '@/lib/web/request-guard';
import { defineRoute, passedOnJsonBody } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * The BullMQ dashboard: staff see it read-only, admin may change jobs and queues — each change
 * audited. The role is decided here, on the server, whatever the board's buttons show.
 */
const handler = defineRoute({ roles: ['staff', 'admin'], body: passedOnJsonBody() }, async ({ ctx, request }) => {
  const change = changesState(request.method);
  if (change) assertMayChangeQueues(ctx.actor);
  const response = await queuesDashboard({ readOnly: ctx.actor.role !== 'admin' }).fetch(request);
  if (change && response.ok) await recordQueueChange({ ctx, input: { method: request.method, path: new URL(request.url).pathname } });
  return response;
});

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
