import { TZDate } from '@date-fns/tz';

/**
 * Calling-hours arithmetic: when may a customer be called? Pure functions of an instant, the
 * calling calendar (the 'calling' policy) and the time zone — no clock, no I/O, so every rule
 * is table-tested. Windows are local wall-clock times; days are calendar days in the zone.
 */
export interface CallingWindow {
  /** 'HH:mm' */
  start: string;
  /** 'HH:mm', or '24:00' for the end of the day. Exclusive. */
  end: string;
}

export interface CallingCalendar {
  windows: readonly CallingWindow[];
  /** ISO weekdays worked: 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  /** Working weekdays that are days off, 'YYYY-MM-DD'. */
  holidays: readonly string[];
  /** Days off that are worked (调休 make-up working days), 'YYYY-MM-DD'. */
  makeUpWorkdays: readonly string[];
}

/**
 * How far ahead `nextCallingInstant` looks. A calendar may have a single working weekday and up
 * to 400 holidays, so a year is not always enough; past this the calendar has no opening at all.
 */
const SEARCH_DAYS = 8 * 366;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of an instant, 'YYYY-MM-DD'. */
export function localDay(instant: Date, timeZone: string): string {
  const d = new TZDate(instant.getTime(), timeZone);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Minutes since local midnight. */
function localMinutes(instant: Date, timeZone: string): number {
  const d = new TZDate(instant.getTime(), timeZone);
  return d.getHours() * 60 + d.getMinutes() + d.getSeconds() / 60 + d.getMilliseconds() / 60_000;
}

export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** The instant at a local wall-clock time of a day ('24:00' = the next day's midnight). */
export function instantAt(day: string, minutes: number, timeZone: string): Date {
  const [y, mo, d] = day.split('-').map(Number);
  return new Date(new TZDate(y, mo - 1, d, Math.floor(minutes / 60), minutes % 60, 0, timeZone).getTime());
}

/** The day after, as a calendar day (month and year boundaries included). */
export function addDays(day: string, delta: number): string {
  const [y, mo, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y, mo - 1, d + delta));
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}

/** ISO weekday of a calendar day (1 = Monday … 7 = Sunday). */
export function isoWeekday(day: string): number {
  const [y, mo, d] = day.split('-').map(Number);
  const w = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** A make-up working day wins over everything; a holiday wins over the working weekdays. */
export function isWorkingDay(day: string, calendar: CallingCalendar): boolean {
  if (calendar.makeUpWorkdays.includes(day)) return true;
  if (calendar.holidays.includes(day)) return false;
  return calendar.weekdays.includes(isoWeekday(day));
}

export function isWithinCallingHours(instant: Date, calendar: CallingCalendar, timeZone: string): boolean {
  if (!isWorkingDay(localDay(instant, timeZone), calendar)) return false;
  const minutes = localMinutes(instant, timeZone);
  return calendar.windows.some((w) => minutes >= minutesOf(w.start) && minutes < minutesOf(w.end));
}

/**
 * The first instant ≥ `from` inside calling hours: `from` itself when it is inside a window,
 * else the start of the next window on a working day. Null when the calendar has no opening in
 * the years ahead (e.g. every working day declared a holiday).
 */
export function nextCallingInstant(from: Date, calendar: CallingCalendar, timeZone: string): Date | null {
  let day = localDay(from, timeZone);
  for (let i = 0; i < SEARCH_DAYS; i++, day = addDays(day, 1)) {
    if (!isWorkingDay(day, calendar)) continue;
    for (const w of calendar.windows) {
      const start = instantAt(day, minutesOf(w.start), timeZone);
      const end = instantAt(day, minutesOf(w.end), timeZone);
      if (from.getTime() < end.getTime()) return from.getTime() >= start.getTime() ? from : start;
    }
  }
  return null;
}

/**
 * A deadline in working days: the end (next local midnight) of the Nth working day after the day of
 * `from`, by the calendar (weekdays worked, holidays, make-up working days). A calendar without N
 * working days in the years ahead falls back to calendar days. The disputes' response deadline and
 * the callback indicators' deadline are both this rule.
 */
export function endOfWorkingDays(from: Date, workingDays: number, calendar: CallingCalendar, timeZone: string): Date {
  const first = localDay(from, timeZone);
  let day = first;
  let found = 0;
  for (let i = 0; i < SEARCH_DAYS && found < workingDays; i++) {
    day = addDays(day, 1);
    if (isWorkingDay(day, calendar)) found++;
  }
  if (found < workingDays) day = addDays(first, workingDays);
  return instantAt(addDays(day, 1), 0, timeZone);
}

/** Morning or afternoon of a local day: the unit "spread over different half-days" counts in. */
export type HalfDay = `${string}-am` | `${string}-pm`;

export function halfDayOf(instant: Date, timeZone: string): HalfDay {
  return `${localDay(instant, timeZone)}-${localMinutes(instant, timeZone) < 12 * 60 ? 'am' : 'pm'}`;
}

/** The first instant of the next half-day: noon of the same day, or the next day's midnight. */
export function nextHalfDayStart(instant: Date, timeZone: string): Date {
  const day = localDay(instant, timeZone);
  return localMinutes(instant, timeZone) < 12 * 60 ? instantAt(day, 12 * 60, timeZone) : instantAt(addDays(day, 1), 0, timeZone);
}

/** 'YYYY-MM-DD HH:mm' in the zone: how an opening is named in messages, whatever the locale. */
export function formatLocal(instant: Date, timeZone: string): string {
  const d = new TZDate(instant.getTime(), timeZone);
  return `${localDay(instant, timeZone)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
