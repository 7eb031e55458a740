import { describe, expect, it } from 'vitest';
import { formatLocal, type CallingCalendar } from '@/lib/calling/calendar';
import { callbackRate, deadlinesByDay, timeliness } from './callback-rules';

const SH = 'Asia/Shanghai';

describe('回访率: finished / due', () => {
  it.each([
    { why: '10 due, 6 closed and 2 unreachable: 8 of 10', c: { due: 10, closed: 6, unreachable: 2 }, finished: 8, open: 2, value: 0.8 },
    { why: 'unreachable after the allowed attempts counts as done', c: { due: 3, closed: 0, unreachable: 3 }, finished: 3, open: 0, value: 1 },
    { why: 'nothing finished yet', c: { due: 4, closed: 0, unreachable: 0 }, finished: 0, open: 4, value: 0 },
    { why: 'nothing due: not measured, neither 0 % nor 100 %', c: { due: 0, closed: 0, unreachable: 0 }, finished: 0, open: 0, value: null },
  ])('$why', ({ c, finished, open, value }) => {
    const r = callbackRate(c);
    expect(r.finished).toBe(finished);
    expect(r.open).toBe(open);
    expect(r.rate.value).toBe(value);
  });
});

describe('timeliness', () => {
  it.each([
    {
      why: '7 on time, 2 late, 1 overdue and still open: 7 of 10 within the deadline',
      c: { withinDeadline: 7, finishedLate: 2, openOverdue: 1 },
      value: 0.7,
    },
    { why: 'open callbacks inside their deadline are in neither part', c: { withinDeadline: 1, finishedLate: 0, openOverdue: 0 }, value: 1 },
    { why: 'nothing finished or overdue: not measured', c: { withinDeadline: 0, finishedLate: 0, openOverdue: 0 }, value: null },
  ])('$why', ({ c, value }) => {
    const t = timeliness({ ...c, firstAttemptSeconds: { median: null, p90: null }, finalSeconds: { median: null, p90: null } });
    expect(t.withinDeadline.value).toBe(value);
    expect(t.finishedLate).toBe(c.finishedLate);
  });

  it('reads the percentiles in hours, keeping "not measured"', () => {
    const t = timeliness({
      withinDeadline: 0,
      finishedLate: 0,
      openOverdue: 0,
      firstAttemptSeconds: { median: 5400, p90: 36_000 },
      finalSeconds: { median: null, p90: null },
    });
    expect(t.firstAttemptHours).toEqual({ median: 1.5, p90: 10 });
    expect(t.finalHours).toEqual({ median: null, p90: null });
  });
});

describe('the deadline of a day: end of the Nth working day after it', () => {
  const weekdays: CallingCalendar = { windows: [{ start: '09:00', end: '18:00' }], weekdays: [1, 2, 3, 4, 5], holidays: [], makeUpWorkdays: [] };
  const holiday: CallingCalendar = { ...weekdays, holidays: ['2026-11-04'] };
  it.each([
    // 2026-11-02 is a Monday.
    ['2026-11-02', weekdays, 3, '2026-11-06 00:00', 'Monday: Tue, Wed, Thu → end of Thursday'],
    ['2026-11-06', weekdays, 3, '2026-11-12 00:00', 'Friday: the weekend does not count'],
    ['2026-11-07', weekdays, 3, '2026-11-12 00:00', 'sampled on a Saturday: Mon, Tue, Wed → end of Wednesday'],
    ['2026-11-02', holiday, 3, '2026-11-07 00:00', 'a holiday on Wednesday moves it a day'],
    ['2026-11-02', weekdays, 1, '2026-11-04 00:00', 'one working day'],
  ] as [string, CallingCalendar, number, string, string][])('%s, %s working days → %s (%s)', (day, calendar, n, expected) => {
    const [row] = deadlinesByDay([day], () => calendar, n, SH);
    expect(formatLocal(row.deadline, SH)).toBe(expected);
  });
});
