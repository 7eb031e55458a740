import { describe, expect, it } from 'vitest';
import { visitContextOf } from './context';
import type { VisitContext } from './definition';
import { fillPlaceholders, formatChineseDate, placeholdersIn } from './placeholders';

const FULL: VisitContext = { customer: '深圳示例科技有限公司', contact: '王主任', manager: '陈志强', visitDate: '2026-11-03', visitType: 'on_site', purpose: '5G 专线续约' };

describe('fillPlaceholders', () => {
  it.each<[string, string, VisitContext, string]>([
    ['every placeholder', '{customer}{contact}：{manager}经理于{visitDate}{visitType}，目的：{purpose}', FULL, '深圳示例科技有限公司王主任：陈志强经理于2026年11月3日上门拜访，目的：5G 专线续约'],
    ['phone visit', '是{visitType}吗？', { ...FULL, visitType: 'phone' }, '是电话拜访吗？'],
    ['missing values show as —', '{manager}经理于{visitDate}{visitType}：{purpose}', {}, '—经理于——：—'],
    ['blank values show as —', '请问是{contact}吗？', { contact: '  ' }, '请问是—吗？'],
    ['null values show as —', '{customer}', { customer: null }, '—'],
    ['a bad day shows as —', '{visitDate}', { visitDate: '2026-02-30x' }, '—'],
    ['unknown placeholders stay as written', '{manager} {visitDay} {客户}', FULL, '陈志强 {visitDay} {客户}'],
    ['repeated placeholders', '{contact}，{contact}', FULL, '王主任，王主任'],
    ['no placeholders', '您好！', FULL, '您好！'],
  ])('%s', (_name, text, context, expected) => {
    expect(fillPlaceholders(text, context)).toBe(expected);
  });

  it('blind mode hides what the manager reported', () => {
    expect(fillPlaceholders('{manager}：{visitDate} {visitType} {purpose} {customer}', FULL, { hideReport: true })).toBe('陈志强：— — — 深圳示例科技有限公司');
  });
});

describe('formatChineseDate', () => {
  it.each([
    ['2026-11-03', '2026年11月3日'],
    ['2026-01-15', '2026年1月15日'],
    ['2026-12-31', '2026年12月31日'],
    [null, '—'],
    ['', '—'],
    ['03/11/2026', '—'],
  ])('%s → %s', (day, expected) => {
    expect(formatChineseDate(day)).toBe(expected);
  });
});

describe('placeholdersIn', () => {
  it('lists each name once, in order', () => {
    expect(placeholdersIn('{manager}于{visitDate}，{manager}，{oops}')).toEqual(['manager', 'visitDate', 'oops']);
  });
});

describe('visitContextOf', () => {
  it('takes the visit day in the app time zone', () => {
    // 23:30 on 2 Nov UTC is 07:30 on 3 Nov in Shanghai.
    const context = visitContextOf(
      { customerName: 'A', contactName: 'B', managerName: 'C', visitedAt: new Date('2026-11-02T23:30:00Z'), type: 'phone', purpose: 'D' },
      'Asia/Shanghai',
    );
    expect(context).toEqual({ customer: 'A', contact: 'B', manager: 'C', visitDate: '2026-11-03', visitType: 'phone', purpose: 'D' });
    expect(fillPlaceholders('{visitDate}', context)).toBe('2026年11月3日');
  });
});
