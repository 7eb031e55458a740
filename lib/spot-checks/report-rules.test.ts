import { describe, expect, it } from 'vitest';
import {
  hasSpotChecks,
  NO_SPOT_CHECKS,
  sortSpotCheckRows,
  spotCheckCountsOf,
  spotCheckRate,
  spotCheckRateText,
  sumSpotCheckCounts,
  type SpotCheckCounts,
  type SpotCheckSortable,
} from './report-rules';

const counts = (over: Partial<SpotCheckCounts> = {}): SpotCheckCounts => ({ ...NO_SPOT_CHECKS, ...over });

describe('拜访到位率', () => {
  it.each([
    { case: 'nothing checked', c: counts(), value: null, text: '未测' },
    { case: 'only open days (callbacks not finished)', c: counts({ open: 3 }), value: null, text: '未测' },
    { case: 'all on site', c: counts({ days: 4, onSite: 4 }), value: 1, text: '100.0%' },
    { case: 'none on site', c: counts({ days: 2, none: 1, incomplete: 1 }), value: 0, text: '0.0%' },
    { case: 'two of three', c: counts({ days: 3, onSite: 2, incomplete: 1, open: 5 }), value: 2 / 3, text: '66.7%' },
  ])('$case → $text', ({ c, value, text }) => {
    const r = spotCheckRate(c);
    expect(r.value).toBe(value);
    expect(r).toMatchObject({ numerator: c.onSite, denominator: c.days });
    expect(spotCheckRateText(r, '未测')).toBe(text);
  });

  it('sums counts and recomputes the rate from the sums, not an average of rates', () => {
    const a = counts({ days: 1, onSite: 1, yuan: 0 });
    const b = counts({ days: 3, onSite: 0, incomplete: 2, none: 1, findings: 6, yuan: 200, open: 1 });
    const s = sumSpotCheckCounts([a, b]);
    expect(s).toEqual({ days: 4, onSite: 1, incomplete: 2, none: 1, findings: 6, yuan: 200, open: 1 });
    expect(spotCheckRate(s).value).toBe(0.25); // the average of the two rates would be 0.5
    expect(sumSpotCheckCounts([])).toEqual(NO_SPOT_CHECKS);
    expect(spotCheckRate(sumSpotCheckCounts([])).value).toBeNull();
  });

  it.each([
    { r: {}, want: NO_SPOT_CHECKS },
    { r: { days: '2', onSite: 1, yuan: null }, want: counts({ days: 2, onSite: 1 }) },
    { r: { days: 1, none: 1, findings: 5, yuan: -50 }, want: counts({ days: 1, none: 1, findings: 5, yuan: -50 }) },
  ])('reads counts from partial rows: missing is 0 ($r)', ({ r, want }) => {
    expect(spotCheckCountsOf(r)).toEqual(want);
  });

  it.each([
    { c: counts(), has: false },
    { c: counts({ open: 1 }), has: true },
    { c: counts({ days: 1, onSite: 1 }), has: true },
    // A reversal alone (a day of another month's dispute…) still leaves something on the ledger.
    { c: counts({ yuan: -50 }), has: true },
  ])('something to report: $has', ({ c, has }) => {
    expect(hasSpotChecks(c)).toBe(has);
  });
});

describe('sorting a table of managers', () => {
  const row = (displayName: string, over: Partial<SpotCheckSortable> = {}): SpotCheckSortable => ({
    displayName,
    username: displayName,
    flagCount: null,
    flagged: false,
    ...counts(over),
    ...over,
  });
  const a = row('甲', { days: 4, onSite: 2, findings: 2, yuan: 100 });
  const b = row('乙', { days: 2, onSite: 2 });
  const c = row('丙'); // not checked: 未测
  const d = row('丁', { days: 5, onSite: 0, findings: 6, yuan: 300, flagged: true, flagCount: 6 });
  const e = row('戊', { days: 1, onSite: 1, flagged: true, flagCount: null });
  const names = (list: SpotCheckSortable[]) => list.map((r) => r.displayName);

  it.each([
    // Names in Chinese (pinyin) order: 丙 bing, 丁 ding, 甲 jia, 戊 wu, 乙 yi.
    { sort: 'rate', dir: 'asc', want: ['丁', '甲', '戊', '乙', '丙'] },
    { sort: 'rate', dir: 'desc', want: ['戊', '乙', '甲', '丁', '丙'] },
    { sort: 'yuan', dir: 'desc', want: ['丁', '甲', '丙', '戊', '乙'] },
    { sort: 'findings', dir: 'desc', want: ['丁', '甲', '丙', '戊', '乙'] },
    { sort: 'days', dir: 'asc', want: ['丙', '戊', '乙', '甲', '丁'] },
    // A flag without a known count sorts as 0 among the flagged; no flag comes last either way.
    { sort: 'flag', dir: 'desc', want: ['丁', '戊', '丙', '甲', '乙'] },
    { sort: 'flag', dir: 'asc', want: ['戊', '丁', '丙', '甲', '乙'] },
  ] as const)('$sort $dir', ({ sort, dir, want }) => {
    expect(names(sortSpotCheckRows([a, b, c, d, e], sort, dir))).toEqual(want);
  });

  it('by name in Chinese order, and ties by name', () => {
    expect(names(sortSpotCheckRows([a, b, c], 'name', 'asc'))).toEqual(['丙', '甲', '乙']);
    expect(names(sortSpotCheckRows([row('乙', { days: 1, onSite: 1 }), row('甲', { days: 2, onSite: 2 })], 'rate', 'asc'))).toEqual(['甲', '乙']);
    expect(names(sortSpotCheckRows([a, b, c], 'name', 'desc'))).toEqual(['乙', '甲', '丙']);
  });
});
