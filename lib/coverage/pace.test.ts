import { describe, expect, it } from 'vitest';
import { paceMargin, paceOf } from './pace';

const SH = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

describe('a manager’s pace against the month', () => {
  it.each([
    // label, month, now (Shanghai), required, done → elapsedDays, daysInMonth, share, expected, gap, status
    ['day 12 of 30: 40 % gone, 4 of 10 expected, 3 done', '2026-11', '2026-11-12T10:00:00', 10, 3, 12, 30, 0.4, 4, 1, 'behind'],
    ['day 12 of 30, 4 done: on pace', '2026-11', '2026-11-12T10:00:00', 10, 4, 12, 30, 0.4, 4, 0, 'on_pace'],
    ['ahead of the pace is on pace, with no gap', '2026-11', '2026-11-12T10:00:00', 10, 7, 12, 30, 0.4, 4, 0, 'on_pace'],
    ['everything done before the month ends', '2026-11', '2026-11-12T10:00:00', 10, 10, 12, 30, 0.4, 4, 0, 'done'],
    ['the first minute of the month counts its first day', '2026-11', '2026-11-01T00:00:00', 30, 0, 1, 30, 1 / 30, 1, 1, 'behind'],
    ['the last day of the month: everything expected', '2026-11', '2026-11-30T23:59:00', 6, 5, 30, 30, 1, 6, 1, 'behind'],
    ['expected rounds to whole visits (3 × 12/30 = 1.2 → 1)', '2026-11', '2026-11-12T08:00:00', 3, 1, 12, 30, 0.4, 1, 0, 'on_pace'],
    ['expected rounds half up (5 × 3/30 = 0.5 → 1)', '2026-11', '2026-11-03T08:00:00', 5, 0, 3, 30, 0.1, 1, 1, 'behind'],
    ['February has 28 days', '2026-02', '2026-02-14T12:00:00', 8, 2, 14, 28, 0.5, 4, 2, 'behind'],
    ['a past month is wholly gone', '2026-10', '2026-11-12T10:00:00', 8, 5, 31, 31, 1, 8, 3, 'behind'],
    ['a future month has not begun', '2026-12', '2026-11-12T10:00:00', 8, 0, 0, 31, 0, 0, 0, 'on_pace'],
    ['nothing required: not measured', '2026-11', '2026-11-12T10:00:00', 0, 0, 12, 30, 0.4, 0, 0, 'not_measured'],
    ['nothing required in a past month: still not measured', '2026-10', '2026-11-12T10:00:00', 0, 0, 31, 31, 1, 0, 0, 'not_measured'],
  ] as const)('%s', (_label, month, now, required, done, elapsedDays, daysInMonth, share, expected, gap, status) => {
    const pace = paceOf({ month, timeZone: SH, now: at(now), required, done });
    expect(pace).toMatchObject({ required, done, elapsedDays, daysInMonth, expected, gap, status });
    expect(pace.elapsedShare).toBeCloseTo(share, 10);
  });

  it('takes the day in the time zone: 23:30 UTC on the 11th is already the 12th in Shanghai', () => {
    const pace = paceOf({ month: '2026-11', timeZone: SH, now: new Date('2026-11-11T23:30:00Z'), required: 10, done: 0 });
    expect(pace.elapsedDays).toBe(12);
  });

  it('the month starts at local midnight: 23:30 UTC on 31 October is the first of November in Shanghai', () => {
    const pace = paceOf({ month: '2026-11', timeZone: SH, now: new Date('2026-10-31T23:30:00Z'), required: 10, done: 0 });
    expect(pace.elapsedDays).toBe(1);
    expect(paceOf({ month: '2026-11', timeZone: SH, now: new Date('2026-10-31T15:59:00Z'), required: 10, done: 0 }).elapsedDays).toBe(0);
  });
});

describe('the margin against the pace, signed for a table', () => {
  it.each([
    ['behind by one', 10, 3, -1],
    ['on pace', 10, 4, 0],
    ['ahead by three', 10, 7, 3],
    ['nothing required: not measured', 0, 0, null],
  ] as const)('%s', (_label, required, done, margin) => {
    expect(paceMargin(paceOf({ month: '2026-11', timeZone: SH, now: at('2026-11-12T10:00:00'), required, done }))).toBe(margin);
  });
});
