import { recordOutcome } from '@/lib/callbacks/outcome';
import { recordOutcomeFields } from '@/lib/callbacks/schemas';
import { defineRoute, idParams, jsonBody } from '@/lib/web/route';

/**
 * Records how the attempt on the agent's callback ended: body { attemptNo, outcome,
 * appointmentAt?, notes?, manual? }. The same attempt submitted twice answers with the first result.
 * The outcome must agree with the provider's record of the attempt's calls (409 otherwise), or be
 * a manual call (人工拨打) the calling rules allow, with a note of at least 10 characters.
 */
export const POST = defineRoute({ roles: ['agent'], params: idParams, body: jsonBody(recordOutcomeFields) }, async ({ ctx, params, body }) =>
  recordOutcome({ ctx, input: { ...body, taskId: params.id } }),
);
