import { describe, expect, it } from 'vitest';
import { displayPhone, maskPhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['0086 13812345678', '+8613812345678'],
    ['１３８１２３４５６７８', '+8613812345678'], // full-width digits
    ['(010) 6552 9988', '+861065529988'], // Beijing landline
    ['021-64381234', '+862164381234'],
  ])('%s → %s', (raw, e164) => expect(normalizePhone(raw)).toBe(e164));

  it.each(['', '12345', '1381234567', 'abc', '+86 000'])('refuses %j', (raw) => expect(normalizePhone(raw)).toBeUndefined());
});

describe('maskPhone / displayPhone', () => {
  it('masks a mobile as 138****5678', () => expect(maskPhone('+8613812345678')).toBe('138****5678'));
  it('never shows the middle digits', () => expect(maskPhone('+861065529988')).not.toContain('6552'));
  it('shows a Chinese number without +86', () => expect(displayPhone('+8613812345678')).toBe('13812345678'));
});
