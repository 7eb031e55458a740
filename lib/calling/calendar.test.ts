import { describe, expect, it } from 'vitest';
import { addDays, halfDayOf, isWithinCallingHours, isWorkingDay, nextCallingInstant, type CallingCalendar } from './calendar';
import { at, DEFAULT_CALENDAR as DEFAULT, local, SH } from './test-support';

// National Day 2026: 1–7 October off, with Sunday 27 September and Saturday 10 October worked.
const NATIONAL_DAY: CallingCalendar = {
  ...DEFAULT,
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeUpWorkdays: ['2026-09-27', '2026-10-10'],
};
const NEW_YEAR: CallingCalendar = { ...DEFAULT, holidays: ['2027-01-01'] };

describe('isWithinCallingHours', () => {
  it.each([
    ['2026-11-27 08:59', DEFAULT, false, 'before the morning window'],
    ['2026-11-27 09:00', DEFAULT, true, 'a window start is inside'],
    ['2026-11-27 11:59', DEFAULT, true, 'late morning'],
    ['2026-11-27 12:00', DEFAULT, false, 'a window end is outside (lunch gap)'],
    ['2026-11-27 13:30', DEFAULT, false, 'lunch gap'],
    ['2026-11-27 14:00', DEFAULT, true, 'afternoon window'],
    ['2026-11-27 17:59', DEFAULT, true, 'last minute'],
    ['2026-11-27 18:00', DEFAULT, false, 'evening'],
    ['2026-11-28 10:00', DEFAULT, false, 'Saturday'],
    ['2026-11-29 10:00', DEFAULT, false, 'Sunday'],
    ['2026-10-01 10:00', NATIONAL_DAY, false, 'a holiday on a Thursday'],
    ['2026-10-10 10:00', NATIONAL_DAY, true, 'a make-up working Saturday'],
    ['2026-09-27 15:00', NATIONAL_DAY, true, 'a make-up working Sunday'],
    ['2026-10-08 10:00', NATIONAL_DAY, true, 'back to work after the holiday'],
  ])('%s → %s (%s)', (when, calendar, expected) => {
    expect(isWithinCallingHours(at(when), calendar, SH)).toBe(expected);
  });

  it('reads the local time, not UTC: 01:30 UTC is 09:30 in Shanghai', () => {
    expect(isWithinCallingHours(new Date('2026-11-27T01:30:00Z'), DEFAULT, SH)).toBe(true);
    expect(isWithinCallingHours(new Date('2026-11-27T01:30:00Z'), DEFAULT, 'UTC')).toBe(false);
  });

  it('takes a window ending at 24:00 up to midnight', () => {
    const allDay: CallingCalendar = { windows: [{ start: '00:00', end: '24:00' }], weekdays: [1, 2, 3, 4, 5, 6, 7], holidays: [], makeUpWorkdays: [] };
    expect(isWithinCallingHours(at('2026-11-28 23:59'), allDay, SH)).toBe(true);
    expect(isWithinCallingHours(at('2026-11-29 00:00'), allDay, SH)).toBe(true);
  });

  it('lets a make-up day win when a day is listed as both', () => {
    expect(isWorkingDay('2026-10-10', { ...NATIONAL_DAY, holidays: [...NATIONAL_DAY.holidays, '2026-10-10'] })).toBe(true);
  });
});

describe('nextCallingInstant', () => {
  it.each([
    ['2026-11-27 08:00', DEFAULT, '2026-11-27 09:00', 'early morning waits for the window'],
    ['2026-11-27 10:17', DEFAULT, '2026-11-27 10:17', 'inside: now'],
    ['2026-11-27 12:00', DEFAULT, '2026-11-27 14:00', 'lunch gap'],
    ['2026-11-27 13:59', DEFAULT, '2026-11-27 14:00', 'end of lunch'],
    ['2026-11-27 18:00', DEFAULT, '2026-11-30 09:00', 'Friday evening → Monday (weekend)'],
    ['2026-11-28 11:00', DEFAULT, '2026-11-30 09:00', 'Saturday → Monday'],
    ['2026-11-30 18:30', DEFAULT, '2026-12-01 09:00', 'month boundary'],
    ['2026-12-31 18:00', DEFAULT, '2027-01-01 09:00', 'year boundary on a working day'],
    ['2026-12-31 18:00', NEW_YEAR, '2027-01-04 09:00', 'year boundary over a holiday and a weekend'],
    ['2026-09-26 10:00', NATIONAL_DAY, '2026-09-27 09:00', 'Saturday → make-up Sunday'],
    ['2026-09-30 18:00', NATIONAL_DAY, '2026-10-08 09:00', 'over a week of holidays and a weekend'],
    ['2026-10-09 17:00', NATIONAL_DAY, '2026-10-09 17:00', 'inside on a Friday'],
    ['2026-10-09 18:00', NATIONAL_DAY, '2026-10-10 09:00', 'Friday evening → make-up Saturday'],
    ['2026-02-27 18:00', DEFAULT, '2026-03-02 09:00', 'end of February (28 days)'],
  ])('%s → %s (%s)', (from, calendar, expected) => {
    expect(local(nextCallingInstant(at(from), calendar, SH))).toBe(expected);
  });

  it('keeps seconds when already inside a window', () => {
    const from = new Date(at('2026-11-27 10:00').getTime() + 12_345);
    expect(nextCallingInstant(from, DEFAULT, SH)?.getTime()).toBe(from.getTime());
  });

  it('finds a single working weekday years ahead past 400 holidays, and gives null when there is none', () => {
    let sunday = '2026-11-29';
    const holidays: string[] = [];
    for (let i = 0; i < 400; i++, sunday = addDays(sunday, 7)) holidays.push(sunday);
    const sundaysOnly: CallingCalendar = { ...DEFAULT, weekdays: [7], holidays };
    expect(local(nextCallingInstant(at('2026-11-27 10:00'), sundaysOnly, SH))).toBe(`${sunday} 09:00`);
    expect(nextCallingInstant(at('2026-11-27 10:00'), { ...DEFAULT, weekdays: [] }, SH)).toBeNull();
  });

  it('is always ≥ its input and inside calling hours', () => {
    for (let minutes = 0; minutes < 7 * 24 * 60; minutes += 37) {
      const from = new Date(at('2026-11-23 00:00').getTime() + minutes * 60_000);
      const next = nextCallingInstant(from, NATIONAL_DAY, SH)!;
      expect(next.getTime()).toBeGreaterThanOrEqual(from.getTime());
      expect(isWithinCallingHours(next, NATIONAL_DAY, SH)).toBe(true);
    }
  });
});

describe('halfDayOf', () => {
  it.each([
    ['2026-11-27 09:00', '2026-11-27-am'],
    ['2026-11-27 11:59', '2026-11-27-am'],
    ['2026-11-27 12:00', '2026-11-27-pm'],
    ['2026-11-27 17:00', '2026-11-27-pm'],
  ])('%s is %s', (when, expected) => expect(halfDayOf(at(when), SH)).toBe(expected));
});
