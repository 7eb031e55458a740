import { env } from '@/lib/platform/config/env';
import { enqueue } from '@/lib/platform/jobs/queues';
import { dayOf, monthOf, shiftMonth } from '@/lib/platform/time/zone';

/**
 * What starts sampling on schedule (filing and importing visits start it through
 * lib/visits/sampling-triggers.ts). The daily catch-up: this month and last month (late reports and imports keep arriving, and the
 * per-manager minimum of last month is applied once it is over). The run key is the local date,
 * so the job runs once a day however often this is called.
 */
export async function requestDailySampling(now = new Date(), key?: string): Promise<string[]> {
  const timeZone = env().APP_TIMEZONE;
  const thisMonth = monthOf(now, timeZone);
  const months = [shiftMonth(thisMonth, -1), thisMonth];
  const runKey = key ?? dayOf(now, timeZone);
  for (const month of months) await enqueue('sampling.month', { month, runKey });
  return months;
}
