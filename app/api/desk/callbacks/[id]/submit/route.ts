import { submitCallback } from '@/lib/desk/submit';
import { submitCallbackFields } from '@/lib/desk/schemas';
import { defineRoute, idParams, jsonBody } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * Submits the callback I hold: body { outcome, answers?, notes?, appointmentAt?, attemptNo?, manual? }.
 * The server scores the answers; the same attempt submitted twice answers with the first result.
 * The outcome must rest on the attempt's call as the provider recorded it, or on a manual call.
 */
export const POST = defineRoute({ roles: ['agent'], params: idParams, body: jsonBody(submitCallbackFields, 256 * 1024) }, async ({ ctx, params, body }) =>
  submitCallback({ ctx, input: { ...body, taskId: params.id } }),
);
