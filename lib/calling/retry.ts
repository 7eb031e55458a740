import { halfDayOf, nextCallingInstant, nextHalfDayStart, type CallingCalendar } from './calendar';

export interface RetryRules {
  retrySpacingMinutes: number;
  retryDifferentHalfDay: boolean;
}

/**
 * When a callback may be tried again after a no-contact attempt: at least the spacing after the
 * last attempt, inside calling hours and — when the rule is on — in a half-day (morning or
 * afternoon of a day) in which no earlier attempt was made, so a contact who is never in on
 * Monday mornings still gets reached. `attempts` are the instants of every attempt so far,
 * the last one included. Null when the calendar has no opening at all.
 */
export function nextRetryInstant(attempts: readonly Date[], calendar: CallingCalendar, rules: RetryRules, timeZone: string): Date | null {
  if (attempts.length === 0) throw new RangeError('nextRetryInstant needs the attempt just made');
  const last = attempts.reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
  let candidate = nextCallingInstant(new Date(last.getTime() + rules.retrySpacingMinutes * 60_000), calendar, timeZone);
  if (!rules.retryDifferentHalfDay) return candidate;
  const used = new Set(attempts.map((a) => halfDayOf(a, timeZone)));
  // Each step moves to a later half-day; attempts are few, so this ends after a handful of steps.
  for (let guard = 0; candidate && used.has(halfDayOf(candidate, timeZone)) && guard < 1000; guard++) {
    candidate = nextCallingInstant(nextHalfDayStart(candidate, timeZone), calendar, timeZone);
  }
  return candidate;
}
