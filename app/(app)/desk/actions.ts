'use server';

import { z } from 'zod';
import { takeNextCallback, releaseCallback } from '@/lib/callbacks/desk';
import { recordOutcome } from '@/lib/callbacks/outcome';
import { recordOutcomeInput, releaseInput } from '@/lib/callbacks/schemas';
import { defineAction } from '@/lib/web/safe-action';

export const takeNextAction = defineAction({ schema: z.object({}), roles: ['agent'] }, async (ctx) => {
  const result = await takeNextCallback({ ctx });
  return result.status === 'held' ? { status: 'held' as const, taskId: result.task.id } : { status: 'none' as const };
});

export const recordOutcomeAction = defineAction({ schema: recordOutcomeInput, roles: ['agent'] }, async (ctx, input) => {
  const result = await recordOutcome({ ctx, input });
  return { state: result.state, nextAttemptAt: result.nextAttemptAt?.toISOString() ?? null, outcome: result.outcome };
});

export const releaseAction = defineAction({ schema: releaseInput, roles: ['agent'] }, async (ctx, input) => releaseCallback({ ctx, input }));
