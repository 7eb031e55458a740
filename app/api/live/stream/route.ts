import { ROLES } from '@/lib/platform/core/context';
import { liveEventStream } from '@/lib/live/stream';
import { defineRoute } from '@/lib/web/route';
import { sessionEndedCheck } from '@/lib/web/session';
import { sseResponse } from '@/lib/web/sse';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: "something changed" for the signed-in user (topic + record id only). */
export const GET = defineRoute({ roles: [...ROLES] }, async ({ ctx, request }) => sseResponse(liveEventStream({ ctx, signal: request.signal, sessionEnded: sessionEndedCheck(request, ctx.actor) })));
