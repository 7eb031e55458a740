import { takeNextCallback } from '@/lib/callbacks/desk';
import { defineRoute } from '@/lib/web/route';

/**
 * "Take next callback" over HTTP (the desk uses the server action; this is the same verb for
 * softphones and the claim benchmark). 200 with { status: 'held', task } or { status: 'none' };
 * 409 when the queue is paused or outside calling hours (the message names the next opening).
 */
export const POST = defineRoute({ roles: ['agent'] }, async ({ ctx }) => takeNextCallback({ ctx }));
