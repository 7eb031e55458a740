import { callEventStream } from '@/lib/telephony/stream';
import { defineRoute } from '@/lib/web/route';
import { sessionEndedCheck } from '@/lib/web/session';
import { sseResponse } from '@/lib/web/sse';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: live status of my calls (pushed through Redis pub/sub; no phone numbers). */
export const GET = defineRoute({ roles: ['agent'] }, async ({ ctx, request }) => sseResponse(callEventStream({ ctx, signal: request.signal, sessionEnded: sessionEndedCheck(request, ctx.actor) })));
