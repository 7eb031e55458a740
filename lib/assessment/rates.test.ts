import { describe, expect, it } from 'vitest';
import { coverageRate, measureRate, onTimeRate, ratesOf, storedRate, unmeasuredOf, validRate } from './rates';

describe('a rate whose denominator is 0 is not measured, with its reason', () => {
  it.each([
    ['part of a whole', 2, 3, { value: 2 / 3, reason: null }],
    ['none of a whole', 0, 3, { value: 0, reason: null }],
    ['all of a whole', 3, 3, { value: 1, reason: null }],
    ['nothing to measure', 0, 0, { value: null, reason: 'noJudgedVisits' }],
  ] as const)('%s: %d / %d', (_label, part, whole, expected) => {
    expect(measureRate(part, whole, 'noJudgedVisits')).toEqual(expected);
  });

  it.each([
    ['valid: nothing judged (unverified and pending are no judgement)', validRate({ valid: 0, invalid: 0 }), { value: null, reason: 'noJudgedVisits' }],
    ['valid: one of two judged', validRate({ valid: 1, invalid: 1 }), { value: 0.5, reason: null }],
    ['valid: all judged invalid is 0 %, measured', validRate({ valid: 0, invalid: 4 }), { value: 0, reason: null }],
    ['coverage: nothing required', coverageRate({ required: 0, done: 0 }), { value: null, reason: 'noRequiredVisits' }],
    ['coverage: failed with nothing done is 0 %, measured', coverageRate({ required: 3, done: 0 }), { value: 0, reason: null }],
    ['on time: no report', onTimeRate({ visits: 0, late: 0 }), { value: null, reason: 'noVisits' }],
    ['on time: one late of four', onTimeRate({ visits: 4, late: 1 }), { value: 0.75, reason: null }],
  ] as const)('%s', (_label, got, expected) => {
    expect(got).toEqual(expected);
  });

  it('names the reason of each rate not measured, and nothing for those measured', () => {
    expect(unmeasuredOf({ required: 6, done: 2, valid: 0, invalid: 0, visits: 4, late: 1 })).toEqual({ validRate: 'noJudgedVisits' });
    expect(unmeasuredOf({ required: 0, done: 0, valid: 0, invalid: 0, visits: 0, late: 0 })).toEqual({
      coverageRate: 'noRequiredVisits',
      validRate: 'noJudgedVisits',
      onTimeRate: 'noVisits',
    });
    expect(unmeasuredOf({ required: 1, done: 1, valid: 1, invalid: 0, visits: 1, late: 0 })).toEqual({});
  });

  it('stores a measured rate rounded to 4 decimals and an unmeasured one as null (never 0 or 1)', () => {
    const r = ratesOf({ required: 3, done: 1, valid: 0, invalid: 0, visits: 0, late: 0 });
    expect([storedRate(r.coverageRate), storedRate(r.validRate), storedRate(r.onTimeRate)]).toEqual([0.3333, null, null]);
  });
});
