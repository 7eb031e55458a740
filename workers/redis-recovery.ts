import { env } from '@/lib/platform/config/env';
import { requestDailyEvaluation } from '@/lib/assessment/schedule';
import { enqueue } from '@/lib/platform/jobs/queues';
import { logger } from '@/lib/platform/log';
import { sharedRedis } from '@/lib/platform/redis/connection';
import { requestDailySampling } from '@/lib/sampling/triggers';
import { registerSchedules } from './schedules';

/**
 * Redis holds only what can be rebuilt from PostgreSQL — but nothing rebuilt it while the workers
 * ran on. A Redis restarted without persistence, failed over to an empty replica or flushed came
 * back with no job schedulers (the 5-minute reconcile among them) and no callback timers: a waiting
 * callback never came due again and a lapsed lease never returned its callback, until some worker
 * happened to restart. So each worker keeps a marker key in Redis and looks for it every few
 * seconds; the first to find it gone sets it again (SET NX: exactly one) and restores what was
 * lost — the schedules, and at once a reconcile, which puts back every open callback's timer from
 * PostgreSQL. A worker starting against an empty Redis (the first start, or Redis emptied while
 * every worker was down) does the same.
 */
const MARKER = 'workers:redis-seeded';
export const REDIS_CHECK_INTERVAL_MS = 5000;

interface MarkerStore {
  set(key: string, value: string, nx: 'NX'): Promise<'OK' | null>;
  del(key: string): Promise<number>;
}

/**
 * Sets the marker if it is missing and then runs `restore`; true when this call restored. A
 * failed restore takes the marker away again, so the next check tries again.
 */
export async function restoreIfRedisEmptied(redis: MarkerStore, prefix: string, restore: () => Promise<void>): Promise<boolean> {
  const key = `${prefix}:${MARKER}`;
  if ((await redis.set(key, new Date().toISOString(), 'NX')) !== 'OK') return false;
  try {
    await restore();
  } catch (error) {
    await redis.del(key);
    throw error;
  }
  return true;
}

/**
 * What Redis lost that a worker can put back: the schedules, and the timers (through a reconcile,
 * now). When the keys vanished under running workers (`lost`), the sampling, evaluation and
 * spot-check jobs that were waiting went with them: the catch-ups that make up for lost jobs run
 * now too, not at the next night's schedule. A first start has lost nothing and skips them.
 */
export async function restoreRedisState(now = new Date(), options: { lost?: boolean } = {}): Promise<void> {
  const runKey = `redis-emptied-${now.getTime()}`;
  await registerSchedules();
  await enqueue('callbacks.reconcile', { runKey });
  if (!options.lost) return;
  await requestDailySampling(now, runKey);
  await requestDailyEvaluation(now, runKey);
  await enqueue('spotChecks.catchUp', { runKey });
}

/** Checks now, then every few seconds until stopped. */
export function watchRedisContents(options: { intervalMs?: number } = {}): { stop: () => void } {
  const prefix = env().QUEUE_PREFIX;
  let running = false;
  // Whether this worker has seen the marker: gone afterwards means the keys were lost under it.
  let seen = false;
  const check = async () => {
    // Redis down: the check waits in the client's offline queue; never two at once.
    if (running) return;
    running = true;
    try {
      const lost = seen;
      if (await restoreIfRedisEmptied(sharedRedis(), prefix, () => restoreRedisState(new Date(), { lost }))) {
        logger.info(
          { prefix, lost },
          lost
            ? 'Redis lost its keys under running workers: schedules registered; callback reconcile and the sampling, evaluation and spot-check catch-ups enqueued'
            : 'Redis held no worker marker (a first start, or its keys were lost): schedules registered and a callback reconcile enqueued',
        );
      }
      seen = true;
    } catch (err) {
      logger.error({ err }, 'restoring Redis state failed; tried again at the next check');
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.intervalMs ?? REDIS_CHECK_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}
