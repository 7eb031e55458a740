import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balance, desiredMonthEntries, ledgerDelta, type CustomerClass, type NewEntry, type PointsPolicy } from './rules';

const policy: PointsPolicy = { basePoints: { A: 10, B: 8, C: 5, D: 3 }, deductionPerInvalid: 'all' };
const customers = [
  { customerId: 'a', customerClass: 'A' as const },
  { customerId: 'b', customerClass: 'B' as const },
  { customerId: 'c', customerClass: 'C' as const },
  { customerId: 'd', customerClass: 'D' as const },
];

describe('a month of points', () => {
  it('accrues by class: A 10, B 8, C 5, D 3', () => {
    const entries = desiredMonthEntries({ customers, invalidVisits: new Map(), coverageFailed: false, policy });
    expect(entries.map((e) => [e.key, e.points])).toEqual([
      ['accrual:a', 10],
      ['accrual:b', 8],
      ['accrual:c', 5],
      ['accrual:d', 3],
    ]);
    expect(balance(entries)).toBe(26);
  });

  it("deducts all of a customer's points for its invalid visits, once per customer", () => {
    const entries = desiredMonthEntries({ customers, invalidVisits: new Map([['a', ['v2', 'v1']]]), coverageFailed: false, policy });
    expect(entries.find((e) => e.key === 'deduction:a')).toMatchObject({ points: -10, cause: 'v1,v2' });
    expect(balance(entries)).toBe(16);
  });

  it('a fixed deduction never takes more than the customer accrued', () => {
    const fixed = { ...policy, deductionPerInvalid: 4 };
    const one = desiredMonthEntries({ customers, invalidVisits: new Map([['c', ['v1']]]), coverageFailed: false, policy: fixed });
    expect(one.find((e) => e.key === 'deduction:c')?.points).toBe(-4);
    const two = desiredMonthEntries({ customers, invalidVisits: new Map([['c', ['v1', 'v2']]]), coverageFailed: false, policy: fixed });
    expect(two.find((e) => e.key === 'deduction:c')?.points).toBe(-5);
  });

  it('zeroes the month when coverage failed', () => {
    const entries = desiredMonthEntries({ customers, invalidVisits: new Map([['b', ['v9']]]), coverageFailed: true, policy });
    expect(entries.at(-1)).toMatchObject({ key: 'coverage', kind: 'coverage_zeroing', points: -18 });
    expect(balance(entries)).toBe(0);
  });

  it('gives nothing to a manager with no claims', () => {
    expect(desiredMonthEntries({ customers: [], invalidVisits: new Map(), coverageFailed: false, policy })).toEqual([]);
  });
});

describe('the ledger is corrected by appending', () => {
  it('appends only what changed, as reversals', () => {
    const before = desiredMonthEntries({ customers, invalidVisits: new Map([['a', ['v1']]]), coverageFailed: false, policy });
    const ledger: NewEntry[] = ledgerDelta(before, []);
    expect(ledgerDelta(before, ledger)).toEqual([]);
    const after = desiredMonthEntries({ customers, invalidVisits: new Map(), coverageFailed: false, policy });
    const delta = ledgerDelta(after, ledger);
    expect(delta).toEqual([{ key: 'deduction:a', kind: 'reversal', customerId: 'a', points: 10, cause: 'no longer applies' }]);
    expect(balance([...ledger, ...delta])).toBe(26);
  });

  const classes: CustomerClass[] = ['A', 'B', 'C', 'D'];
  const scenario = fc.record({
    customers: fc.uniqueArray(fc.record({ customerId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), customerClass: fc.constantFrom(...classes) }), { selector: (c) => c.customerId, maxLength: 6 }),
    invalid: fc.subarray(['a', 'b', 'c', 'd', 'e', 'f']),
    coverageFailed: fc.boolean(),
  });
  type Scenario = { customers: { customerId: string; customerClass: CustomerClass }[]; invalid: string[]; coverageFailed: boolean };
  const desired = (s: Scenario) =>
    desiredMonthEntries({ customers: s.customers, invalidVisits: new Map(s.invalid.map((id) => [id, [`v-${id}`]])), coverageFailed: s.coverageFailed, policy });

  it('property: after any sequence of changes the balance equals the sum of the latest desired entries', () => {
    fc.assert(
      fc.property(fc.array(scenario, { minLength: 1, maxLength: 8 }), (steps) => {
        const ledger: NewEntry[] = [];
        for (const step of steps) ledger.push(...ledgerDelta(desired(step), ledger));
        expect(balance(ledger)).toBe(balance(desired(steps.at(-1)!)));
      }),
    );
  });

  it('property: a change followed by its reversal returns every balance to where it was', () => {
    fc.assert(
      fc.property(scenario, scenario, (first, changed) => {
        const ledger: NewEntry[] = [...ledgerDelta(desired(first), [])];
        const perKey = (entries: NewEntry[]) => {
          const m = new Map<string, number>();
          for (const e of entries) m.set(e.key, (m.get(e.key) ?? 0) + e.points);
          return [...m.entries()].filter(([, v]) => v !== 0).sort();
        };
        const start = perKey(ledger);
        ledger.push(...ledgerDelta(desired(changed), ledger));
        ledger.push(...ledgerDelta(desired(first), ledger));
        expect(perKey(ledger)).toEqual(start);
      }),
    );
  });

  it('property: recomputing with no change appends nothing', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const ledger = ledgerDelta(desired(s), []);
        expect(ledgerDelta(desired(s), ledger)).toEqual([]);
      }),
    );
  });
});
