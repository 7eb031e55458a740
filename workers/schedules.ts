import { env } from '@/lib/config/env';
import { queue } from '@/lib/jobs/queues';
import { jobs } from '@/lib/jobs/registry';

/**
 * Recurring jobs, registered idempotently by every worker at start (BullMQ job schedulers are
 * upserted by id, so several workers never create duplicates).
 */
export async function registerSchedules(): Promise<void> {
  const tz = env().APP_TIMEZONE;
  await queue(jobs['sampling.daily'].queue).upsertJobScheduler(
    'sampling-daily',
    { pattern: '0 30 0 * * *', tz },
    { name: 'sampling.daily', data: {} },
  );
  // The daily catch-up evaluation of this month and the last (after the sampling catch-up).
  await queue(jobs['verdicts.daily'].queue).upsertJobScheduler(
    'verdicts-daily',
    { pattern: '0 45 0 * * *', tz },
    { name: 'verdicts.daily', data: {} },
  );
  // Checks daily (after the catch-up) whether last month is due to close: on the
  // configured day of the month (the 'assessment' policy), or later if it is still open.
  await queue(jobs['month.closeDaily'].queue).upsertJobScheduler(
    'month-close-daily',
    { pattern: '0 0 1 * * *', tz },
    { name: 'month.closeDaily', data: {} },
  );
  // 数据完整性核查 nightly, after the catch-ups and the scheduled close have run.
  await queue(jobs['integrity.nightly'].queue).upsertJobScheduler(
    'integrity-nightly',
    { pattern: '0 0 2 * * *', tz },
    { name: 'integrity.nightly', data: {} },
  );
  await queue(jobs['callbacks.reconcile'].queue).upsertJobScheduler(
    'callbacks-reconcile',
    { every: 5 * 60 * 1000 },
    { name: 'callbacks.reconcile', data: { runKey: 'scheduled' } },
  );
}
