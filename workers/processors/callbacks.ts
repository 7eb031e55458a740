import { DelayedError, type Job } from 'bullmq';
import { expireOverdueCallbacks } from '@/lib/callbacks/expire';
import { reconcileCallbacks } from '@/lib/callbacks/reconcile';
import { expireCallbackLease, makeCallbackDue } from '@/lib/callbacks/timer-verbs';
import { appDb } from '@/lib/platform/db';
import { publishQueueChanged } from '@/lib/live/publish';
import type { Processor } from './types';

/**
 * A timer that woke up early (another process' clock runs ahead) goes back to sleep until its
 * time instead of being lost: BullMQ's documented move-to-delayed pattern.
 */
async function sleepUntil(job: Job, at: number): Promise<never> {
  await job.moveToDelayed(at, job.token);
  throw new DelayedError();
}

export const callbackProcessors: {
  'callback.due': Processor<'callback.due'>;
  'callback.lease': Processor<'callback.lease'>;
  'callbacks.reconcile': Processor<'callbacks.reconcile'>;
} = {
  'callback.due': async (payload, job) => {
    const result = await makeCallbackDue({ db: appDb(), now: new Date(), input: payload });
    if (result === 'early') return sleepUntil(job, payload.dueAt);
    // Committed: the queue page's counts move (throttled to one event a second).
    publishQueueChanged();
    return result;
  },
  'callback.lease': async (payload, job) => {
    const result = await expireCallbackLease({ db: appDb(), now: new Date(), input: payload });
    if (result === 'early') return sleepUntil(job, payload.expiresAt);
    publishQueueChanged();
    return result;
  },
  'callbacks.reconcile': async () => {
    // Deadlines first: an expired task needs no timer, so reconcile then removes its timers.
    const { expired } = await expireOverdueCallbacks({ db: appDb(), now: new Date() });
    if (expired > 0) publishQueueChanged();
    return { expired, ...(await reconcileCallbacks({ db: appDb(), now: new Date() })) };
  },
};
