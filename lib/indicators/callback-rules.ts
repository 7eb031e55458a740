import { endOfWorkingDays, instantAt, type CallingCalendar } from '@/lib/calling/calendar';
import { hoursOf, rate, type Rate } from './rate';

/**
 * The callback work's own indicators (客户回访考核制度): 回访率 and timeliness, from counts the
 * database aggregates (lib/indicators/daily-queries.ts). Pure; docs/INDICATORS.md defines each.
 *
 * "The callbacks of a month" are those sampled (created) in it, re-callbacks ordered by a dispute
 * included, cancelled ones excluded (staff took them out of the work: nothing was due any more).
 */

export interface CallbackCounts {
  /** Callbacks of the month, not cancelled. */
  due: number;
  /** Ended with a final outcome (closed). */
  closed: number;
  /** Ended unreachable after the allowed no-contact attempts. */
  unreachable: number;
}

export interface CallbackRate {
  due: number;
  finished: number;
  closed: number;
  unreachable: number;
  /** Not finished yet (waiting, ready or held). */
  open: number;
  /** 回访率 = finished / due. */
  rate: Rate;
}

/** 回访率: callbacks finished (a final outcome, or unreachable after the allowed attempts) / callbacks due. */
export function callbackRate(c: CallbackCounts): CallbackRate {
  const finished = c.closed + c.unreachable;
  return { due: c.due, finished, closed: c.closed, unreachable: c.unreachable, open: c.due - finished, rate: rate(finished, c.due) };
}

export interface TimelinessCounts {
  /** Median and 90th percentile of sampled → first attempt, over callbacks with an attempt (seconds). */
  firstAttemptSeconds: { median: number | null; p90: number | null };
  /** The same of sampled → final result, over finished callbacks. */
  finalSeconds: { median: number | null; p90: number | null };
  /** Finished by their deadline. */
  withinDeadline: number;
  /** Finished after their deadline: results filed late. */
  finishedLate: number;
  /** Not finished, and their deadline has passed (as of the reading). */
  openOverdue: number;
}

export interface Timeliness {
  firstAttemptHours: { median: number | null; p90: number | null };
  finalHours: { median: number | null; p90: number | null };
  /**
   * Share finished within the deadline, over the callbacks whose fate is known: finished (on time or
   * late) or already overdue. Callbacks still open inside their deadline may yet make it, so they are
   * in neither part.
   */
  withinDeadline: Rate;
  finishedLate: number;
  openOverdue: number;
}

export function timeliness(c: TimelinessCounts): Timeliness {
  const hours = (s: { median: number | null; p90: number | null }) => ({ median: hoursOf(s.median), p90: hoursOf(s.p90) });
  return {
    firstAttemptHours: hours(c.firstAttemptSeconds),
    finalHours: hours(c.finalSeconds),
    withinDeadline: rate(c.withinDeadline, c.withinDeadline + c.finishedLate + c.openOverdue),
    finishedLate: c.finishedLate,
    openOverdue: c.openOverdue,
  };
}

/**
 * The deadline of the callbacks sampled on each local day: the end of the Nth working day after
 * it, by the calling calendar in force that day. Days are few (a month's), so the database is handed
 * this small table instead of evaluating a calendar itself.
 */
export function deadlinesByDay(
  days: readonly string[],
  calendarOn: (day: string) => CallingCalendar,
  workingDays: number,
  timeZone: string,
): { day: string; deadline: Date }[] {
  // Any instant of the day will do: the deadline counts from the day, not the hour.
  return days.map((day) => ({ day, deadline: endOfWorkingDays(instantAt(day, 12 * 60, timeZone), workingDays, calendarOn(day), timeZone) }));
}
