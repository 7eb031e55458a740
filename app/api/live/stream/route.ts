import { ROLES } from '@/lib/core/context';
import { liveEventStream } from '@/lib/live/stream';
import { defineRoute } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: "something changed" for the signed-in user (topic + record id only). */
export const GET = defineRoute({ roles: [...ROLES] }, async ({ ctx, request }) => {
  const stream = liveEventStream({ ctx, signal: request.signal });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
});
