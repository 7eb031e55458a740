import { env } from '@/lib/platform/config/env';
import { queue } from '@/lib/platform/jobs/queues';
import { JOB_RETRY, jobs, type JobName } from '@/lib/platform/jobs/registry';

type Repeat = { pattern: string; tz: string } | { every: number };

/** A recurring job, upserted by its scheduler id, retried like every other job. */
async function schedule(schedulerId: string, repeat: Repeat, name: JobName, data: object) {
  await queue(jobs[name].queue).upsertJobScheduler(schedulerId, repeat, { name, data, opts: { ...JOB_RETRY } });
}

/**
 * Recurring jobs, registered idempotently by every worker at start (BullMQ job schedulers are
 * upserted by id, so several workers never create duplicates).
 */
export async function registerSchedules(): Promise<void> {
  const tz = env().APP_TIMEZONE;
  await schedule('sampling-daily', { pattern: '0 30 0 * * *', tz }, 'sampling.daily', {});
  // The daily catch-up evaluation of this month and the last (after the sampling catch-up).
  await schedule('verdicts-daily', { pattern: '0 45 0 * * *', tz }, 'verdicts.daily', {});
  // Checks daily (after the catch-up) whether last month is due to close: on the
  // configured day of the month (the 'assessment' policy), or later if it is still open.
  await schedule('month-close-daily', { pattern: '0 0 1 * * *', tz }, 'month.closeDaily', {});
  // 数据完整性核查 nightly, after the catch-ups and the scheduled close have run.
  await schedule('integrity-nightly', { pattern: '0 0 2 * * *', tz }, 'integrity.nightly', {});
  // 电话抽查: each morning, before the first calling window, today's draw (skipped on days off).
  await schedule('spot-checks-daily', { pattern: '0 15 8 * * *', tz }, 'spotChecks.daily', {});
  // 电话抽查's catch-up: manager-days a lost evaluation left behind (findings, penalties, the flag).
  await schedule('spot-checks-catch-up', { every: 30 * 60 * 1000 }, 'spotChecks.catchUp', { runKey: 'scheduled' });
  await schedule('callbacks-reconcile', { every: 5 * 60 * 1000 }, 'callbacks.reconcile', { runKey: 'scheduled' });
  // The indicators' pre-aggregates: closed days changed since the last run, yesterday, days not computed yet.
  await schedule('indicators-catch-up', { every: 5 * 60 * 1000 }, 'indicators.catchUp', { runKey: 'scheduled' });
}
