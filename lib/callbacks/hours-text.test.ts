import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en/callbacks.json';
import zh from '@/messages/zh-CN/callbacks.json';
import { callingHoursSentence, weekdayName, weekdayRuns, windowsText } from './hours-text';

describe('calling hours as agents read them', () => {
  it.each([
    [[1, 2, 3, 4, 5], [[1, 5]]],
    [[1, 2, 3, 4, 5, 6, 7], [[1, 7]]],
    [[7, 1, 2, 3, 4, 5], [[1, 5], [7, 7]]],
    [[1, 3, 5], [[1, 1], [3, 3], [5, 5]]],
    [[6, 6, 7], [[6, 7]]],
  ])('weekdays %j run as %j', (days, runs) => {
    expect(weekdayRuns(days)).toEqual(runs);
  });

  it('lists the windows in order with the separator given', () => {
    const windows = [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ];
    expect(windowsText(windows)).toBe('09:00–12:00, 14:00–18:00');
    expect(windowsText(windows, '、')).toBe('09:00–12:00、14:00–18:00');
  });
});

describe('the sentence on the desk outside calling hours', () => {
  const sentence = (locale: 'zh-CN' | 'en', hours: { windows: { start: string; end: string }[]; weekdays: number[] }) => {
    const t = createTranslator({ locale, messages: { callbacks: locale === 'en' ? en : zh }, namespace: 'callbacks.desk' });
    return callingHoursSentence(hours, (key, params) => t(key, params), (d) => weekdayName(d, locale));
  };
  const defaults = { windows: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '18:00' }], weekdays: [1, 2, 3, 4, 5] };

  it.each([
    ['zh-CN', defaults, '外呼时间（北京时间）：周一至周五 09:00–12:00、14:00–18:00'],
    ['zh-CN', { windows: [{ start: '07:00', end: '08:30' }], weekdays: [1, 2, 3, 4, 5, 6] }, '外呼时间（北京时间）：周一至周六 07:00–08:30'],
    ['zh-CN', { windows: [{ start: '00:00', end: '24:00' }], weekdays: [1, 2, 3, 4, 5, 6, 7] }, '外呼时间（北京时间）：每天 00:00–24:00'],
    ['zh-CN', { windows: [{ start: '09:00', end: '12:00' }], weekdays: [1, 3, 6, 7] }, '外呼时间（北京时间）：周一、周三、周六至周日 09:00–12:00'],
    ['en', defaults, 'Calling hours (Beijing time): Mon–Fri 09:00–12:00, 14:00–18:00'],
  ] as const)('%s %j reads %s', (locale, hours, text) => {
    expect(sentence(locale, { windows: [...hours.windows], weekdays: [...hours.weekdays] })).toBe(text);
  });
});
