import { TZDate } from '@date-fns/tz';
// Per function: the package's index loads all of date-fns (15 MB in every process that reads a time).
import { addMonths } from 'date-fns/addMonths';
import { format } from 'date-fns/format';

/** 'YYYY-MM' */
export type Month = string;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): value is Month {
  return MONTH_RE.test(value);
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** A 'YYYY-MM-DD' that names a day of the calendar (not 2026-02-30). */
export function isRealDay(day: string): boolean {
  if (!DAY_RE.test(day)) return false;
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The calendar month an instant falls in, in the given time zone. */
export function monthOf(instant: Date, timeZone: string): Month {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM');
}

/** The calendar day 'YYYY-MM-DD' an instant falls in, in the given time zone. */
export function dayOf(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd');
}

/** [start, end) of a month as instants, with the boundaries at local midnight of the time zone. */
export function monthRange(month: Month, timeZone: string): { start: Date; end: Date } {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`Not a month: ${month}`);
  const start = new TZDate(Number(m[1]), Number(m[2]) - 1, 1, timeZone);
  const end = addMonths(start, 1);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

export function shiftMonth(month: Month, delta: number): Month {
  const m = MONTH_RE.exec(month);
  if (!m) throw new RangeError(`Not a month: ${month}`);
  const total = Number(m[1]) * 12 + Number(m[2]) - 1 + delta;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Reads a wall-clock time typed by a person ('2026-11-03 14:30', '2026-11-03T14:30', '2026-11-03')
 * as a time in the given zone. Returns undefined when it is not a real date and time.
 */
export function parseLocalDateTime(text: string, timeZone: string): Date | undefined {
  const m = LOCAL_RE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  if (parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return undefined;
  const local = new TZDate(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], timeZone);
  // Reject rolled-over dates such as 2026-02-30.
  if (local.getFullYear() !== parts[0] || local.getMonth() !== parts[1] || local.getDate() !== parts[2]) return undefined;
  return new Date(local.getTime());
}

/** Formats an instant as a wall-clock 'YYYY-MM-DDTHH:mm' in the zone (for <input type=datetime-local>). */
export function toLocalInput(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm");
}
