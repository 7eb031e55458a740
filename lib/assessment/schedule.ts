import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { env } from '@/lib/platform/config/env';
import { enqueue } from '@/lib/platform/jobs/queues';
import { policyInForce } from '@/lib/policy/policies';
import { dayOf, monthOf, shiftMonth } from '@/lib/platform/time/zone';
import { systemActor } from '@/lib/users/system-user';
import { closeMonth, type CloseResult } from './close';
import { rows } from '@/lib/platform/core/sql';
import { monthWindow } from '@/lib/platform/time/month-window';

export type DailyCloseResult =
  | { month: string; closed: false; reason: 'notYet' | 'alreadyClosed'; closeDay: number }
  | { month: string; closed: true; closeDay: number; result: CloseResult };

/**
 * The daily check of the scheduled close (DOMAIN rule 8: the month is summed up by the 3rd of the
 * next month): from the configured day of this month on, last month is closed if it was not yet —
 * so a worker that was down on the day closes it the next day. It never closes a month again:
 * a re-close after changes is a person's decision.
 */
export async function closeDueMonth(db: Db, now = new Date()): Promise<DailyCloseResult> {
  const timeZone = env().APP_TIMEZONE;
  const month = shiftMonth(monthOf(now, timeZone), -1);
  const { value } = await policyInForce(db, 'assessment', monthWindow(month, timeZone).lastDay);
  const today = Number(dayOf(now, timeZone).slice(8));
  if (today < value.closeDay) return { month, closed: false, reason: 'notYet', closeDay: value.closeDay };
  const [status] = await rows<{ closedVersion: number | null }>(db, sql`select closed_version as "closedVersion" from month_status where month = ${month}`);
  if (status?.closedVersion) return { month, closed: false, reason: 'alreadyClosed', closeDay: value.closeDay };
  const actor = await systemActor(db);
  const result = await closeMonth({ ctx: { db, actor, now: () => now }, input: { month } });
  return { month, closed: true, closeDay: value.closeDay, result };
}

/**
 * The daily catch-up evaluation: this month and last month (late callbacks and reports keep
 * arriving). The run key is the local date, so it runs once a day however often this is called;
 * another key (the Redis recovery's) asks for a run besides the day's.
 */
export async function requestDailyEvaluation(now = new Date(), runKey?: string): Promise<string[]> {
  const timeZone = env().APP_TIMEZONE;
  const thisMonth = monthOf(now, timeZone);
  const months = [shiftMonth(thisMonth, -1), thisMonth];
  for (const month of months) await enqueue('verdicts.month', { month, runKey: runKey ?? dayOf(now, timeZone) });
  return months;
}
