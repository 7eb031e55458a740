import { describe, expect, it } from 'vitest';
import { claimedDaysInMonth, classForMonth, countedCustomers, evaluateCoverage, type CountedVisit } from './rules';

const SH = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const visit = (customerId: string, type: 'on_site' | 'phone', local: string, counts = true): CountedVisit => ({ customerId, type, visitedAt: at(local), counts });

describe('which customers count for a manager (claimed ≥ 15 days of the month)', () => {
  it('counts days in the local month', () => {
    expect(claimedDaysInMonth([{ customerId: 'c', from: at('2026-11-01T00:00:00'), to: null }], '2026-11', SH)).toBe(30);
    expect(claimedDaysInMonth([{ customerId: 'c', from: at('2026-11-16T00:00:00'), to: null }], '2026-11', SH)).toBe(15);
  });

  it.each([
    ['claimed from the 15th (16 days of November)', '2026-11-15T00:00:00', null, true],
    ['claimed from the 16th (exactly 15 days)', '2026-11-16T00:00:00', null, true],
    ['claimed from the 17th (14 days)', '2026-11-17T00:00:00', null, false],
    ['claimed until the 15th (14 days)', '2026-10-01T00:00:00', '2026-11-15T00:00:00', false],
    ['claimed until the 16th (15 days)', '2026-10-01T00:00:00', '2026-11-16T00:00:00', true],
  ])('%s → counts: %s', (_label, from, to, counts) => {
    const periods = [{ customerId: 'c', from: at(from), to: to ? at(to) : null }];
    expect(countedCustomers(periods, '2026-11', SH, 15)).toEqual(counts ? ['c'] : []);
  });

  it('adds several periods of one customer together', () => {
    const periods = [
      { customerId: 'c', from: at('2026-11-01T00:00:00'), to: at('2026-11-08T00:00:00') },
      { customerId: 'c', from: at('2026-11-20T00:00:00'), to: null },
    ];
    expect(countedCustomers(periods, '2026-11', SH, 15)).toEqual(['c']); // 7 + 11 = 18 days
  });

  it('gives nothing for a manager with no claims', () => {
    expect(countedCustomers([], '2026-11', SH, 15)).toEqual([]);
    const none = evaluateCoverage({ month: '2026-11', timeZone: SH, customers: [], visits: [] });
    expect(none).toMatchObject({ required: 0, done: 0, rate: 1, failed: false });
  });
});

describe('required visits per class', () => {
  it.each([
    ['A on site this month', 'A', [visit('c', 'on_site', '2026-11-10T10:00:00')], []],
    ['A by phone only', 'A', [visit('c', 'phone', '2026-11-10T10:00:00')], ['on_site_month']],
    ['B on site last month only', 'B', [visit('c', 'on_site', '2026-10-30T10:00:00')], ['on_site_month']],
    ['C phone now, on site two months ago', 'C', [visit('c', 'phone', '2026-11-03T10:00:00'), visit('c', 'on_site', '2026-09-03T10:00:00')], []],
    ['C phone now, on site three months ago (outside the window)', 'C', [visit('c', 'phone', '2026-11-03T10:00:00'), visit('c', 'on_site', '2026-08-31T10:00:00')], ['on_site_quarter']],
    ['D on site this month covers both', 'D', [visit('c', 'on_site', '2026-11-03T10:00:00')], []],
    ['D nothing', 'D', [], ['contact_month', 'on_site_quarter']],
    ['A on site but the visit was invalid', 'A', [visit('c', 'on_site', '2026-11-10T10:00:00', false)], ['on_site_month']],
  ] as const)('%s → gaps %j', (_label, cls, visits, gaps) => {
    const r = evaluateCoverage({ month: '2026-11', timeZone: SH, customers: [{ customerId: 'c', customerClass: cls }], visits });
    expect(r.customers[0].gaps).toEqual(gaps);
    expect(r.failed).toBe(gaps.length > 0);
  });

  it('the 3-month window crosses a year boundary', () => {
    const r = evaluateCoverage({
      month: '2027-01',
      timeZone: SH,
      customers: [{ customerId: 'c', customerClass: 'C' }],
      visits: [visit('c', 'phone', '2027-01-05T10:00:00'), visit('c', 'on_site', '2026-11-01T00:00:00')],
    });
    expect(r.customers[0].gaps).toEqual([]);
    const outside = evaluateCoverage({
      month: '2027-01',
      timeZone: SH,
      customers: [{ customerId: 'c', customerClass: 'C' }],
      visits: [visit('c', 'phone', '2027-01-05T10:00:00'), visit('c', 'on_site', '2026-10-31T23:59:00')],
    });
    expect(outside.customers[0].gaps).toEqual(['on_site_quarter']);
  });

  it('a visit in the last minute of the month in Asia/Shanghai counts for that month', () => {
    const r = evaluateCoverage({ month: '2026-11', timeZone: SH, customers: [{ customerId: 'c', customerClass: 'A' }], visits: [visit('c', 'on_site', '2026-11-30T23:59:00')] });
    expect(r.failed).toBe(false);
    const next = evaluateCoverage({ month: '2026-11', timeZone: SH, customers: [{ customerId: 'c', customerClass: 'A' }], visits: [visit('c', 'on_site', '2026-12-01T00:00:00')] });
    expect(next.failed).toBe(true);
  });

  it('sums requirements into a rate', () => {
    const r = evaluateCoverage({
      month: '2026-11',
      timeZone: SH,
      customers: [
        { customerId: 'a', customerClass: 'A' },
        { customerId: 'c', customerClass: 'C' },
      ],
      visits: [visit('a', 'on_site', '2026-11-02T10:00:00'), visit('c', 'phone', '2026-11-02T10:00:00')],
    });
    expect(r).toMatchObject({ required: 3, done: 2, failed: true });
    expect(r.rate).toBeCloseTo(2 / 3);
  });
});

describe('a claim changing hands on the 15th (DOMAIN rule 4: assessment follows the new claim)', () => {
  const handover = (month: string, day: string) => {
    const at15 = at(`${month}-${day}T00:00:00`);
    const old = [{ customerId: 'c', from: at('2026-01-01T00:00:00'), to: at15 }];
    const next = [{ customerId: 'c', from: at15, to: null }];
    return { old: countedCustomers(old, month, SH, 15), next: countedCustomers(next, month, SH, 15) };
  };
  it.each([
    ['November (30 days): 14 days old, 16 new', '2026-11', '15', [], ['c']],
    ['December (31 days): 14 days old, 17 new', '2026-12', '15', [], ['c']],
    ['November, on the 16th: 15 and 15 days, both', '2026-11', '16', ['c'], ['c']],
    ['February 2027 (28 days): 14 and 14 — half the month each, both count rather than nobody', '2027-02', '15', ['c'], ['c']],
    ['February 2028 (29 days): 14 old, 15 new', '2028-02', '15', [], ['c']],
  ])('%s', (_label, month, day, old, next) => {
    expect(handover(month, day)).toEqual({ old, next });
  });
});

describe('a class change during the month', () => {
  // Decision: the month is assessed with the class the customer had when the month began — the
  // class its plan was made with; the change applies from the next month.
  const change = (local: string, from: 'A' | 'B' | 'C' | 'D', to: 'A' | 'B' | 'C' | 'D') => ({ at: at(local), from, to });
  it.each([
    ['no change: the class on file', 'C', [], 'C'],
    ['upgraded C → A on the 20th: still C this month', 'A', [change('2026-11-20T10:00:00', 'C', 'A')], 'C'],
    ['downgraded A → D on the 2nd: still A this month', 'D', [change('2026-11-02T10:00:00', 'A', 'D')], 'A'],
    ['changed before the month: the new class', 'B', [change('2026-10-31T23:59:00', 'C', 'B')], 'B'],
    ['changed at the first instant of the month: it began with the new class', 'B', [change('2026-11-01T00:00:00', 'C', 'B')], 'C'],
    ['changed twice in the month: the class it began with', 'A', [change('2026-11-25T10:00:00', 'B', 'A'), change('2026-11-05T10:00:00', 'D', 'B')], 'D'],
    ['changed the next month: this month had the old class', 'A', [change('2026-12-03T10:00:00', 'C', 'A')], 'C'],
  ] as const)('%s', (_label, current, changes, expected) => {
    expect(classForMonth(current, changes, '2026-11', SH)).toBe(expected);
  });

  it('requirements follow that class: an A customer downgraded to C mid-month still needs its on-site visit', () => {
    const cls = classForMonth('C', [change('2026-11-10T10:00:00', 'A', 'C')], '2026-11', SH);
    const r = evaluateCoverage({ month: '2026-11', timeZone: SH, customers: [{ customerId: 'c', customerClass: cls }], visits: [visit('c', 'phone', '2026-11-12T10:00:00')] });
    expect(r.customers[0]).toMatchObject({ required: ['on_site_month'], gaps: ['on_site_month'] });
  });
});

describe('a manager with no claims', () => {
  it('has no customers, nothing required, full coverage and is not failed — even with visits', () => {
    const r = evaluateCoverage({ month: '2026-11', timeZone: SH, customers: [], visits: [visit('x', 'on_site', '2026-11-10T10:00:00')] });
    expect(r).toEqual({ customers: [], required: 0, done: 0, rate: 1, failed: false });
  });
});
