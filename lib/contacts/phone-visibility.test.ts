import { describe, expect, it } from 'vitest';
import type { Role } from '@/lib/platform/core/context';
import { mayRevealPhone, seesFullPhone, shownPhone } from './phone-visibility';

const PHONE = '+8613812345678';

describe('seesFullPhone / shownPhone: the one phone rule', () => {
  const table: [Role, boolean, string, boolean][] = [
    // role, claims the customer now, shown, may reveal
    ['manager', true, '13812345678', false],
    ['manager', false, '138****5678', false],
    ['supervisor', true, '138****5678', false],
    ['supervisor', false, '138****5678', false],
    ['staff', true, '138****5678', true],
    ['staff', false, '138****5678', true],
    ['admin', false, '138****5678', true],
    ['agent', false, '138****5678', false],
  ];
  it.each(table)('%s, claims customer %s → %s (may reveal: %s)', (role, claimsCustomer, shown, reveal) => {
    const actor = { role };
    expect(shownPhone(actor, { claimsCustomer }, PHONE)).toBe(shown);
    expect(seesFullPhone(actor, { claimsCustomer })).toBe(shown === '13812345678');
    expect(mayRevealPhone(actor)).toBe(reveal);
  });
});
