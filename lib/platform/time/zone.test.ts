import { describe, expect, it } from 'vitest';
import { dayOf, monthOf, monthRange, parseLocalDateTime, shiftMonth, toLocalInput } from './zone';

const SH = 'Asia/Shanghai';

describe('month boundaries in Asia/Shanghai', () => {
  it.each([
    ['2026-10-31T15:59:59.999Z', '2026-10'], // 23:59:59.999 on 31 Oct in Shanghai
    ['2026-10-31T16:00:00.000Z', '2026-11'], // midnight 1 Nov in Shanghai
    ['2026-12-31T16:00:00.000Z', '2027-01'], // year boundary
  ])('%s falls in %s', (iso, month) => {
    expect(monthOf(new Date(iso), SH)).toBe(month);
  });

  it('gives [start, end) at local midnight', () => {
    const { start, end } = monthRange('2026-12', SH);
    expect(start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('reads the day in the zone, not in UTC', () => {
    expect(dayOf(new Date('2026-11-02T17:00:00Z'), SH)).toBe('2026-11-03');
  });
});

describe('shiftMonth', () => {
  it.each([
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-11', -3, '2026-08'],
    ['2026-03', 0, '2026-03'],
  ])('%s %+d = %s', (m, d, r) => expect(shiftMonth(m, d as number)).toBe(r));
});

describe('parseLocalDateTime', () => {
  it('reads a typed wall-clock time in the zone', () => {
    expect(parseLocalDateTime('2026-11-03 14:30', SH)?.toISOString()).toBe('2026-11-03T06:30:00.000Z');
    expect(parseLocalDateTime('2026-11-03T14:30', SH)?.toISOString()).toBe('2026-11-03T06:30:00.000Z');
    expect(parseLocalDateTime('2026-11-03', SH)?.toISOString()).toBe('2026-11-02T16:00:00.000Z');
  });
  it.each(['2026-02-30 10:00', '2026-11-03 24:00', 'yesterday', '2026/11/03'])('refuses %s', (text) => {
    expect(parseLocalDateTime(text, SH)).toBeUndefined();
  });
  it('round-trips with toLocalInput', () => {
    const d = new Date('2026-11-03T06:30:00Z');
    expect(parseLocalDateTime(toLocalInput(d, SH), SH)?.getTime()).toBe(d.getTime());
  });
});
