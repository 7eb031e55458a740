import { describe, expect, it } from 'vitest';
import { LocalClock, monthWindow } from './month-window';

describe('the month window', () => {
  it('spans local midnights in Asia/Shanghai, with the month before and the rolling 3 months', () => {
    const w = monthWindow('2027-01', 'Asia/Shanghai');
    expect(w.start.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(w.end.toISOString()).toBe('2027-01-31T16:00:00.000Z');
    expect(w.prevStart.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(w.quarterStart.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(w.lastDay).toBe('2027-01-31');
  });
});

describe('the local clock of a month', () => {
  const clock = new LocalClock(monthWindow('2026-11', 'Asia/Shanghai'));
  it.each([
    ['the first instant', '2026-10-31T16:00:00.000Z', '2026-11-01', 0],
    ['07:00 local', '2026-11-09T23:00:00.000Z', '2026-11-10', 420],
    ['the last minute of the month', '2026-11-30T15:59:59.999Z', '2026-11-30', 1439],
  ])('%s', (_label, iso, day, minutes) => {
    expect(clock.at(new Date(iso))).toEqual({ day, minutes });
  });
  it('reads the wall clock on a daylight-saving day by the zone rules', () => {
    const berlin = new LocalClock(monthWindow('2026-10', 'Europe/Berlin'));
    // 25 October 2026: clocks go back at 03:00 CEST → 02:00 CET. 12:00 UTC is 13:00 local.
    expect(berlin.at(new Date('2026-10-25T12:00:00Z'))).toEqual({ day: '2026-10-25', minutes: 13 * 60 });
    expect(berlin.at(new Date('2026-10-24T12:00:00Z'))).toEqual({ day: '2026-10-24', minutes: 14 * 60 });
  });
});
