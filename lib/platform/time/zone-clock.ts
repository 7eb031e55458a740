import { tzOffset } from '@date-fns/tz';
import * as zone from './zone';

/**
 * zone.ts's conversions for code that converts many instants in one time zone — an import of
 * 100,000 rows reads two times and writes a day, a month and a preview per row. Through zone.ts
 * each conversion builds a TZDate, which asks Intl for the zone's offset (a formatted string,
 * parsed): most of an import's time. Here the offset is asked once per quarter hour of UTC and
 * kept: the zones' offsets are whole quarter hours and change at the start of one. Where that does
 * not hold (an offset of odd minutes, as before standard time; a change inside the quarter hour),
 * or a wall-clock time lies within a day of a change (a skipped or repeated hour), the answer is
 * zone.ts's own. The answers are zone.ts's in every case; zone-clock.test.ts compares them.
 */
export interface ZoneClock {
  /** zone.dayOf: 'YYYY-MM-DD'. */
  dayOf(instant: Date): string;
  /** zone.monthOf: 'YYYY-MM'. */
  monthOf(instant: Date): string;
  /** zone.toLocalInput: 'YYYY-MM-DDTHH:mm'. */
  toLocalInput(instant: Date): string;
  /** zone.parseLocalDateTime. */
  parseLocalDateTime(text: string): Date | undefined;
}

const QUARTER_HOUR = 15 * 60_000;
const DAY = 24 * 60 * 60_000;
/** Quarter hours kept per zone (about three years' worth); past it the cache starts again. */
const MAX_KEPT = 100_000;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

const clocks = new Map<string, ZoneClock>();

/** The clock of a time zone (one per zone for the process; it keeps only offsets). */
export function zoneClock(timeZone: string): ZoneClock {
  let clock = clocks.get(timeZone);
  if (!clock) clocks.set(timeZone, (clock = createClock(timeZone)));
  return clock;
}

function createClock(timeZone: string): ZoneClock {
  /** Quarter hour of UTC → the zone's offset in ms throughout it, or NaN where it is not one offset. */
  const offsets = new Map<number, number>();
  const offsetAt = (t: number): number => {
    const quarter = Math.floor(t / QUARTER_HOUR);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      const start = quarter * QUARTER_HOUR;
      const first = tzOffset(timeZone, new Date(start));
      const last = tzOffset(timeZone, new Date(start + QUARTER_HOUR - 1));
      offset = first === last && Number.isInteger(first / 15) ? first * 60_000 : NaN;
      if (offsets.size >= MAX_KEPT) offsets.clear();
      offsets.set(quarter, offset);
    }
    return offset;
  };
  /** The wall clock of an instant as an ISO string ('YYYY-MM-DDTHH:mm:ss.sssZ'), or undefined to ask zone.ts. */
  const wall = (instant: Date): string | undefined => {
    const t = instant.getTime();
    const offset = offsetAt(t);
    if (Number.isNaN(offset)) return undefined;
    const iso = new Date(t + offset).toISOString();
    // Years outside 0000-9999 print with a sign; zone.ts formats them its own way.
    return iso.length === 24 ? iso : undefined;
  };

  return {
    dayOf: (instant) => wall(instant)?.slice(0, 10) ?? zone.dayOf(instant, timeZone),
    monthOf: (instant) => wall(instant)?.slice(0, 7) ?? zone.monthOf(instant, timeZone),
    toLocalInput: (instant) => wall(instant)?.slice(0, 16) ?? zone.toLocalInput(instant, timeZone),
    parseLocalDateTime(text) {
      const m = LOCAL_RE.exec(text.trim());
      if (!m) return undefined;
      const [y, mo, d, h, mi, s] = [Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
      if (h > 23 || mi > 59 || s > 59) return undefined;
      // Date.UTC reads years 0-99 as 1900-1999; leave those to zone.ts.
      if (y < 1000) return zone.parseLocalDateTime(text, timeZone);
      const asUtc = Date.UTC(y, mo, d, h, mi, s);
      const check = new Date(asUtc);
      // Rolled over (2026-02-30): not a real date, as zone.ts says.
      if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo || check.getUTCDate() !== d) return undefined;
      const guess = asUtc - offsetAt(asUtc);
      const offset = offsetAt(guess);
      // One offset from a day before to a day after: the wall-clock time names exactly one instant.
      if (Number.isNaN(guess) || Number.isNaN(offset) || offsetAt(guess - DAY) !== offset || offsetAt(guess + DAY) !== offset || asUtc - offset !== guess) {
        return zone.parseLocalDateTime(text, timeZone);
      }
      return new Date(guess);
    },
  };
}
