import { describe, expect, it } from 'vitest';
import { zoneName } from './zone-name';

describe('the time zone as people say it', () => {
  it.each([
    ['Asia/Shanghai', 'zh-CN', '北京时间'],
    ['Asia/Shanghai', 'en', 'Beijing time'],
    ['Asia/Tokyo', 'en', 'Japan Standard Time'],
    ['Not/AZone', 'zh-CN', 'Not/AZone'],
  ])('%s in %s → %s', (zone, locale, said) => {
    expect(zoneName(zone, locale)).toBe(said);
  });
});
