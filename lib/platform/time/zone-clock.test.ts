import { describe, expect, it } from 'vitest';
import * as zone from './zone';
import { zoneClock } from './zone-clock';

/**
 * The clock must answer exactly as zone.ts: compared on instants spread over two centuries, on
 * every quarter hour around each change of offset, and on wall-clock times typed around them
 * (skipped and repeated hours), in zones with daylight saving, half- and quarter-hour offsets and
 * odd-minute offsets of the past.
 */
const ZONES = [
  'Asia/Shanghai',
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe', // daylight saving of 30 minutes
  'Asia/Kathmandu', // +05:45
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30 / -02:30
  'Africa/Monrovia', // -00:44:30 until 1972
  'Asia/Kolkata',
];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const wallText = (d: Date) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/** A fixed pseudo-random sequence, so a failure can be run again. */
function* spread(count: number, from: number, to: number) {
  let x = 123456789;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield from + Math.floor((x / 2 ** 31) * (to - from));
  }
}

/** Instants on every quarter hour (and a minute either side) of the days around each change of offset in a year. */
function aroundChanges(timeZone: string, year: number): number[] {
  const out: number[] = [];
  const start = Date.UTC(year, 0, 1);
  const offsetOf = (t: number) => Date.parse(`${zone.toLocalInput(new Date(t), timeZone)}:00Z`) - Math.floor(t / 60_000) * 60_000;
  let last = offsetOf(start);
  for (let t = start; t < Date.UTC(year + 1, 0, 1); t += 3 * 3600_000) {
    const offset = offsetOf(t);
    if (offset !== last) {
      for (let u = t - 30 * 3600_000; u < t + 30 * 3600_000; u += 15 * 60_000) out.push(u - 60_000, u, u + 60_000);
      last = offset;
    }
  }
  return out;
}

describe('zoneClock', () => {
  it.each(ZONES)('formats instants as zone.ts does in %s', (timeZone) => {
    const clock = zoneClock(timeZone);
    const instants = [...spread(3000, Date.UTC(1890, 0, 1), Date.UTC(2100, 0, 1)), ...aroundChanges(timeZone, 2026), ...aroundChanges(timeZone, 1995)];
    for (const t of instants) {
      const at = new Date(t);
      expect([clock.dayOf(at), clock.monthOf(at), clock.toLocalInput(at)], at.toISOString()).toEqual([zone.dayOf(at, timeZone), zone.monthOf(at, timeZone), zone.toLocalInput(at, timeZone)]);
    }
  });

  it.each(ZONES)('reads wall-clock times as zone.ts does in %s, skipped and repeated hours too', (timeZone) => {
    const clock = zoneClock(timeZone);
    // Wall-clock times typed by people: every quarter hour around the changes, and any time at all.
    const walls = [...aroundChanges(timeZone, 2026), ...aroundChanges(timeZone, 1970), ...spread(3000, Date.UTC(1890, 0, 1), Date.UTC(2100, 0, 1))].map((t) => wallText(new Date(t)));
    for (const text of walls) {
      expect(clock.parseLocalDateTime(text)?.toISOString(), text).toBe(zone.parseLocalDateTime(text, timeZone)?.toISOString());
    }
  });

  it.each([
    '2026-11-03 14:30',
    '2026-11-03T14:30',
    '2026-11-03',
    ' 2026-11-03 09:05:07 ',
    '2026-02-30 10:00', // not a day
    '2026-02-29', // not a leap year
    '2028-02-29 23:59:59',
    '2026-13-01 10:00',
    '2026-11-03 24:00',
    '2026-11-03 10:60',
    '2026-11-03 10:00:60',
    '0099-03-01 10:00', // a year Date.UTC would read as 1999
    '1000-01-01 00:00',
    '9999-12-31 23:59:59',
    '2026/11/03 14:30',
    '',
  ])('reads %j as zone.ts does', (text) => {
    for (const timeZone of ZONES) {
      expect(zoneClock(timeZone).parseLocalDateTime(text)?.toISOString(), timeZone).toBe(zone.parseLocalDateTime(text, timeZone)?.toISOString());
    }
  });
});
