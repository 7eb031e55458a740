import { releaseCallback } from '@/lib/callbacks/desk';
import type { ReleaseInput } from '@/lib/callbacks/schemas';
import { defineRoute, jsonBody } from '@/lib/web/route';

/** Puts the agent's callback back in the queue unworked: body { reason, note? }. */
export const POST = defineRoute<{ id: string }>({ roles: ['agent'], body: jsonBody() }, async ({ ctx, request, params }) => {
  const body = (await request.json().catch(() => ({}))) as { reason?: unknown; note?: unknown };
  return releaseCallback({ ctx, input: { taskId: params.id, reason: body.reason as ReleaseInput['reason'], note: typeof body.note === 'string' ? body.note : '' } });
});
