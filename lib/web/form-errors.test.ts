import { describe, expect, it } from 'vitest';
import { refusalBanner } from './form-errors';

describe('refusalBanner', () => {
  it.each<[string, string, string[], string[], string | null]>([
    ['the headline is the message shown at its field: no banner', '申诉理由最多 2000 个字。', ['申诉理由最多 2000 个字。'], [], null],
    ['a generic headline stays above the field messages', '请检查标出的字段。', ['必填。'], [], '请检查标出的字段。'],
    ['a message no field shows joins the headline', '请检查标出的字段。', ['必填。'], ['账号已停用。'], '请检查标出的字段。 账号已停用。'],
    ['an unplaced message equal to the headline is said once', '附件过大。', [], ['附件过大。'], '附件过大。'],
    ['the headline shown at a field, another message not: only the other', '附件过大。', ['附件过大。'], ['申诉已超过期限。'], '申诉已超过期限。'],
    ['nothing at the fields: the headline', '网络错误，请重试。', [], [], '网络错误，请重试。'],
  ])('%s', (_name, headline, shown, unplaced, expected) => {
    expect(refusalBanner(headline, shown, unplaced)).toBe(expected);
  });
});
