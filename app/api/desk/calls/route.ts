import { callStatusForAgent, placeCall, placeCallInput } from '@/lib/telephony/calls';
import { deskTaskInput } from '@/lib/desk/schemas';
import { defineRoute, jsonBody } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** "Call": place the call for the callback I hold. Body: { taskId, contactId? }. Answers the call's status (no numbers). */
export const POST = defineRoute({ roles: ['agent'], body: jsonBody(placeCallInput) }, async ({ ctx, body }) => {
  const call = await placeCall({ ctx, input: body });
  return Response.json({ call }, { status: 201 });
});

/** The latest call of a callback of mine (?taskId=…), e.g. after a reload. */
export const GET = defineRoute({ roles: ['agent'], query: deskTaskInput }, async ({ ctx, query }) => ({ call: await callStatusForAgent({ ctx, input: query }) }));
