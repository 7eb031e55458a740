import { takeNextAfter } from '@/lib/desk/next';
import { takeNextInput } from '@/lib/callbacks/schemas';
import { defineRoute, jsonBody } from '@/lib/web/route';

/**
 * "Take next callback" over HTTP (the desk page uses the server action; this is the same verb for
 * softphones and the claim benchmark). An optional body finishes the current callback first —
 * { finish: { taskId, attemptNo, outcome, … } } or { release: { taskId, reason } } — "save and
 * next" in one request. 200 with { status: 'held', task } or { status: 'none' }; 409 when the
 * queue is paused or outside calling hours (the message names the next opening).
 */
export const POST = defineRoute({ roles: ['agent'], body: jsonBody(takeNextInput) }, async ({ ctx, body }) => takeNextAfter({ ctx, input: body }));
