import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { catalogue } from '@/lib/platform/i18n/messages';
import { samplingReasonText, type RootTranslator } from './reason-text';
import { REASON_CODES, REASONS } from './reasons';

const translator = (locale: 'en' | 'zh-CN') => createTranslator({ locale, messages: catalogue[locale], timeZone: 'Asia/Shanghai' }) as unknown as RootTranslator;
const en = translator('en');
const zh = translator('zh-CN');

describe('reason texts', () => {
  it.each<[string, Record<string, string | number>, string]>([
    [REASONS.rate, { class: 'B', rate: 50, draw: '0.3100', threshold: '0.5000' }, 'class B rate 50 %: draw 0.3100 < 0.5000'],
    [REASONS.rate, { class: 'C', rate: 40, baseRate: 20, multiplier: 2, raised: 'yes', draw: '0.3000', threshold: '0.4000' }, 'class C rate 40 % (invalid visit last month: 20 % × 2): draw 0.3000 < 0.4000'],
    [REASONS.notDrawn, { class: 'D', rate: 10, draw: '0.7100' }, 'class D rate 10 %: draw 0.7100 ≥ 0.1000, not drawn'],
    [REASONS.flagged, { flags: 'late' }, 'data-check flag (late report): always sampled'],
    [REASONS.flagged, { flags: 'farCheckIn,late' }, 'data-check flag (farCheckIn, late report): always sampled'],
    [REASONS.topUp, { min: 2, sampledBefore: 1, rank: 1, draw: '0.7123' }, 'minimum 2 per manager per month, 1 sampled: topped up in draw order (#1, draw 0.7123)'],
    [REASONS.excludedOld, { days: 45, ageDays: 52 }, 'excluded: 52 days old when decided (limit 45)'],
    [REASONS.excludedNoPhone, {}, 'excluded: the customer has no active contact phone to call'],
  ])('%s with %j reads "%s"', (code, params, text) => {
    expect(samplingReasonText(en, code, params)).toBe(text);
  });

  it('reads in Chinese too', () => {
    expect(samplingReasonText(zh, REASONS.rate, { class: 'B', rate: 50, draw: '0.3100', threshold: '0.5000' })).toBe('B 类抽样率 50%：抽签值 0.3100 < 0.5000，抽中');
    expect(samplingReasonText(zh, REASONS.flagged, { flags: 'late' })).toBe('数据核查标记（逾期填报）：必抽');
  });

  it.each(REASON_CODES)('%s has a text and a filter label in both locales', (code) => {
    for (const t of [en, zh]) {
      expect(t.has(code)).toBe(true);
      expect(t.has(`sampling.reasonOption.${code.split('.').pop()}`)).toBe(true);
    }
  });

  it('shows an unknown code as it is', () => {
    expect(samplingReasonText(en, 'sampling.reason.somethingNew', {})).toBe('sampling.reason.somethingNew');
  });
});
