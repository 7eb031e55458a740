import { callEventStream } from '@/lib/telephony/stream';
import { defineRoute } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: live status of my calls (pushed through Redis pub/sub; no phone numbers). */
export const GET = defineRoute({ roles: ['agent'] }, async ({ ctx, request }) => {
  const stream = callEventStream({ ctx, signal: request.signal });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
});
