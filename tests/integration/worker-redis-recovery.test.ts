import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { scheduleDueTimers } from '@/lib/callbacks/create';
import { env } from '@/lib/platform/config/env';
import { queue } from '@/lib/platform/jobs/queues';
import { sharedRedis } from '@/lib/platform/redis/connection';
import { callbackProcessors } from '@/workers/processors/callbacks';
import { restoreIfRedisEmptied, restoreRedisState } from '@/workers/redis-recovery';
import { emptyQueuesForEachTest, flushQueuePrefix, makeCallbackWorld, pendingTimerIds } from '../support/callbacks';
import { testDb } from '../support/worker-setup';

/*
 * A Redis that comes back empty (restarted without persistence, failed over, flushed) while the
 * workers run: the first worker to notice puts back the schedules and enqueues a reconcile, which
 * restores every open callback's timer from PostgreSQL (found by the soak bench: before this, the
 * waiting callbacks never came due again until a worker restarted).
 */
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

const schedulerIds = async () =>
  (await Promise.all((['sampling', 'assessment', 'maintenance', 'spot-checks'] as const).map((q) => queue(q).getJobSchedulers()))).flat().map((s) => s.key).sort();

describe('a worker finding Redis emptied', () => {
  it('restores once per loss: the first check after the keys are gone restores, the next ones find the marker', async () => {
    const prefix = env().QUEUE_PREFIX;
    let restores = 0;
    const restore = async () => void restores++;
    expect(await restoreIfRedisEmptied(sharedRedis(), prefix, restore)).toBe(true);
    expect(await restoreIfRedisEmptied(sharedRedis(), prefix, restore)).toBe(false);
    expect(await restoreIfRedisEmptied(sharedRedis(), prefix, restore)).toBe(false);
    expect(restores).toBe(1);

    await flushQueuePrefix();
    // Two workers checking at once: one restores.
    const both = await Promise.all([restoreIfRedisEmptied(sharedRedis(), prefix, restore), restoreIfRedisEmptied(sharedRedis(), prefix, restore)]);
    expect(both.sort()).toEqual([false, true]);
    expect(restores).toBe(2);
  });

  it('a failed restore leaves the marker unset, so the next check tries again', async () => {
    const prefix = env().QUEUE_PREFIX;
    await expect(restoreIfRedisEmptied(sharedRedis(), prefix, () => Promise.reject(new Error('Redis went away again')))).rejects.toThrow('went away');
    let restored = false;
    expect(await restoreIfRedisEmptied(sharedRedis(), prefix, async () => void (restored = true))).toBe(true);
    expect(restored).toBe(true);
  });

  it('puts back the schedules and, through the reconcile it enqueues, every waiting callback’s due timer', async () => {
    const world = await makeCallbackWorld(db, { tasks: 12, state: 'waiting', nextAttemptAt: new Date(Date.now() + 3600_000) });
    await scheduleDueTimers(world.tasks.map((t) => ({ id: t.id, nextAttemptAt: t.nextAttemptAt })));
    const before = await pendingTimerIds();
    expect(before).toHaveLength(12);

    // Redis loses everything of ours.
    await flushQueuePrefix();
    expect(await pendingTimerIds()).toEqual([]);
    expect(await schedulerIds()).toEqual([]);

    await restoreRedisState(new Date('2026-12-05T21:00:00Z'));
    expect(await schedulerIds()).toEqual(['callbacks-reconcile', 'indicators-catch-up', 'integrity-nightly', 'month-close-daily', 'sampling-daily', 'spot-checks-catch-up', 'spot-checks-daily', 'verdicts-daily']);
    const reconcile = await queue('maintenance').getJob(`callbacks.reconcile.redis-emptied-${new Date('2026-12-05T21:00:00Z').getTime()}`);
    expect(reconcile?.name).toBe('callbacks.reconcile');

    // The reconcile it enqueued, run as the worker runs it, restores exactly the timers there were.
    await callbackProcessors['callbacks.reconcile'](reconcile!.data as { runKey: string }, reconcile!);
    expect(await pendingTimerIds()).toEqual(before);
    // A first start has lost no waiting jobs: no catch-up runs before its night.
    expect(await queue('assessment').getJob(`verdicts.month.2026-12.redis-emptied-${new Date('2026-12-05T21:00:00Z').getTime()}`)).toBeUndefined();
  });

  it('keys lost under running workers: the sampling, evaluation and spot-check catch-ups run now, besides the day’s', async () => {
    const at = new Date('2026-12-05T21:00:00Z');
    await flushQueuePrefix();
    await restoreRedisState(at, { lost: true });
    const key = `redis-emptied-${at.getTime()}`;
    // 2026-12-05 21:00 UTC is 2026-12-06 in Shanghai: this month and the last.
    for (const month of ['2026-11', '2026-12']) {
      expect((await queue('sampling').getJob(`sampling.month.${month}.${key}`))?.data).toEqual({ month, runKey: key });
      expect((await queue('assessment').getJob(`verdicts.month.${month}.${key}`))?.data).toEqual({ month, runKey: key });
    }
    expect((await queue('spot-checks').getJob(`spotChecks.catchUp.${key}`))?.data).toEqual({ runKey: key });
  });
});
