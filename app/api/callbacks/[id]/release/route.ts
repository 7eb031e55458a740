import { releaseCallback } from '@/lib/desk/take';
import { releaseFields } from '@/lib/callbacks/schemas';
import { defineRoute, idParams, jsonBody } from '@/lib/web/route';

/** Puts the agent's callback back in the queue unworked: body { reason, note? }. */
export const POST = defineRoute({ roles: ['agent'], params: idParams, body: jsonBody(releaseFields) }, async ({ ctx, params, body }) =>
  releaseCallback({ ctx, input: { ...body, taskId: params.id } }),
);
