import { dayOf, type Month } from '@/lib/platform/time/zone';
import { rangeOf } from './rules';

/**
 * A manager's pace against the month (issue 14 §2): of the visits the month requires (考核内容 1,
 * lib/coverage/rules.ts), how many are expected done by today — the required count times the share
 * of the month's days gone by, today included, in the time zone — against how many are done.
 * A past month is wholly gone (all required expected), a future one not begun (none expected).
 * A month that requires nothing has no pace: 未测 (status 'not_measured'), never on or off pace.
 * Pure: the month, the clock and the counts come in. One rule for the manager's 我的本月 and the
 * supervisors' unit view.
 */
export type PaceStatus = 'not_measured' | 'done' | 'on_pace' | 'behind';

export interface Pace {
  required: number;
  done: number;
  /** Days of the month gone by at `now`, today included (0 before it, all after it). */
  elapsedDays: number;
  daysInMonth: number;
  /** elapsedDays / daysInMonth, in [0, 1]. */
  elapsedShare: number;
  /** Visits expected done by today: required × elapsedShare, rounded to whole visits. */
  expected: number;
  /** Visits short of the expected count (0 when on pace or ahead). */
  gap: number;
  status: PaceStatus;
}

const DAY_MS = 86_400_000;

// The day of the clock, remembered for the last clock asked: a unit's table asks for every
// manager's pace at the same instant, and time-zone arithmetic is the costly part of this rule.
let lastDay = { at: NaN, timeZone: '', day: '' };
function dayAt(now: Date, timeZone: string): string {
  if (lastDay.at !== now.getTime() || lastDay.timeZone !== timeZone) lastDay = { at: now.getTime(), timeZone, day: dayOf(now, timeZone) };
  return lastDay.day;
}

export function paceOf(input: { month: Month; timeZone: string; now: Date; required: number; done: number }): Pace {
  const { month, timeZone, now, required, done } = input;
  const { start, end } = rangeOf(month, timeZone);
  const daysInMonth = Math.round((end.getTime() - start.getTime()) / DAY_MS);
  const elapsedDays = now < start ? 0 : now >= end ? daysInMonth : Number(dayAt(now, timeZone).slice(8, 10));
  const elapsedShare = elapsedDays / daysInMonth;
  const expected = Math.round((required * elapsedDays) / daysInMonth);
  const gap = Math.max(0, expected - done);
  const status: PaceStatus = required === 0 ? 'not_measured' : done >= required ? 'done' : gap > 0 ? 'behind' : 'on_pace';
  return { required, done, elapsedDays, daysInMonth, elapsedShare, expected, gap, status };
}

/**
 * Visits ahead of (above 0) or behind (below 0) the expected count, as a table sorts and signs it;
 * null when there is no pace (未测).
 */
export function paceMargin(p: Pace): number | null {
  return p.status === 'not_measured' ? null : p.done - p.expected;
}
