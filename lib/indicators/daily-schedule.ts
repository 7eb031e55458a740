import type { Db } from '@/db/client';
import { env } from '@/lib/platform/config/env';
import { enqueueBulk } from '@/lib/platform/jobs/queues';
import { computeIndicatorDay, indicatorDaysToCompute } from './daily-stats';

/**
 * The worker's side of the indicators' pre-aggregates: the catch-up (every 5 minutes, and
 * `cli indicators-rebuild`) finds the closed days to compute and enqueues one 'indicators.day' job
 * each, its id naming the day and the run (a day asked again by a later run is computed again).
 */
export async function requestIndicatorDays(db: Db, now = new Date()): Promise<{ runKey: string; days: string[] }> {
  const days = await indicatorDaysToCompute(db, now, env().APP_TIMEZONE);
  const runKey = now.toISOString().slice(0, 16).replace(':', '-');
  await enqueueBulk(
    'indicators.day',
    days.map((day) => ({ payload: { day, runKey } })),
  );
  return { runKey, days };
}

/** One 'indicators.day' job: the day computed again from the raw rows. */
export async function runIndicatorDay(db: Db, day: string) {
  return computeIndicatorDay(db, day, env().APP_TIMEZONE);
}
