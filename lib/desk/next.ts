import type { Ctx } from '@/lib/platform/core/context';
import { recordOutcome, type OutcomeResult } from '@/lib/callbacks/outcome';
import { takeNextInput, type TakeNextInput } from '@/lib/callbacks/schemas';
import { releaseCallback, takeNextCallback, type TakeNextResult } from './take';
import { parseInput } from '@/lib/platform/core/parse-input';

export type TakeNextAfterResult = TakeNextResult & { finished?: OutcomeResult; released?: { taskId: string } };

/**
 * "Save and next": records the outcome of (or puts back) the agent's current callback, then takes
 * the next one. Two verbs, each atomic on its own: if taking fails (the queue was paused
 * meanwhile), the finished callback stays finished — the agent was done with it either way.
 */
export async function takeNextAfter({ ctx, input }: { ctx: Ctx; input: TakeNextInput }): Promise<TakeNextAfterResult> {
  const data = parseInput(takeNextInput, input);
  const finished = data.finish ? await recordOutcome({ ctx, input: data.finish }) : undefined;
  const released = data.release ? await releaseCallback({ ctx, input: data.release }) : undefined;
  const next = await takeNextCallback({ ctx });
  return { ...next, ...(finished ? { finished } : {}), ...(released ? { released } : {}) };
}
