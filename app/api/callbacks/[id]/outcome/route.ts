import { recordOutcome } from '@/lib/callbacks/outcome';
import type { RecordOutcomeInput } from '@/lib/callbacks/schemas';
import { defineRoute, jsonBody } from '@/lib/web/route';

/**
 * Records how the attempt on the agent's callback ended: body { attemptNo, outcome,
 * appointmentAt?, notes?, manual? }. The same attempt submitted twice answers with the first result.
 * The outcome must agree with the provider's record of the attempt's calls (409 otherwise), or be
 * a manual call (人工拨打) the calling rules allow, with a note of at least 10 characters.
 */
export const POST = defineRoute<{ id: string }>({ roles: ['agent'], body: jsonBody() }, async ({ ctx, request, params }) => {
  const body = (await request.json().catch(() => ({}))) as Partial<RecordOutcomeInput>;
  return recordOutcome({ ctx, input: { ...body, taskId: params.id } as RecordOutcomeInput });
});
