import { ValidationError } from '@/lib/core/errors';
import { callStatusForAgent, placeCall } from '@/lib/telephony/calls';
import { defineRoute, jsonBody } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** "Call": place the call for the callback I hold. Body: { taskId, contactId? }. Answers the call's status (no numbers). */
export const POST = defineRoute({ roles: ['agent'], body: jsonBody() }, async ({ ctx, request }) => {
  const body = (await request.json().catch(() => null)) as { taskId?: unknown; contactId?: unknown } | null;
  if (!body || typeof body !== 'object') throw ValidationError.field('taskId', 'notFound');
  const call = await placeCall({ ctx, input: { taskId: body.taskId as string, contactId: (body.contactId as string | undefined) ?? undefined } });
  return Response.json({ call }, { status: 201 });
});

/** The latest call of a callback of mine (?taskId=…), e.g. after a reload. */
export const GET = defineRoute({ roles: ['agent'] }, async ({ ctx, request }) => {
  const taskId = new URL(request.url).searchParams.get('taskId') ?? '';
  return { call: await callStatusForAgent({ ctx, input: { taskId } }) };
});
