'use server';

import { z } from 'zod';
import { releaseCallback, takeNextCallback } from '@/lib/desk/take';
import { OutsideCallingHoursError } from '@/lib/callbacks/errors';
import { releaseInput } from '@/lib/callbacks/schemas';
import { submitCallbackInput } from '@/lib/desk/schemas';
import { submitCallback } from '@/lib/desk/submit';
import { publishQueueChanged } from '@/lib/live/publish';
import { defineAction } from '@/lib/web/safe-action';

export const takeNextAction = defineAction({ schema: z.object({}), roles: ['agent'] }, async (ctx) => {
  let result: Awaited<ReturnType<typeof takeNextCallback>>;
  try {
    result = await takeNextCallback({ ctx });
  } catch (error) {
    // The desk's panel says it, with the calling hours: said once there, not again under the button.
    if (error instanceof OutsideCallingHoursError) return { status: 'outsideHours' as const };
    throw error;
  }
  if (result.status === 'held') publishQueueChanged();
  return result.status === 'held' ? { status: 'held' as const, taskId: result.task.id } : { status: 'none' as const };
});

/** Submit: the server scores the answers and records the outcome; the page then shows the stored result. */
export const submitCallbackAction = defineAction({ schema: submitCallbackInput, roles: ['agent'] }, async (ctx, input) => {
  const result = await submitCallback({ ctx, input });
  publishQueueChanged();
  return { taskId: result.taskId, outcome: result.outcome, state: result.state, replayed: result.replayed };
});

export const releaseAction = defineAction({ schema: releaseInput, roles: ['agent'] }, async (ctx, input) => {
  const result = await releaseCallback({ ctx, input });
  publishQueueChanged();
  return result;
});
