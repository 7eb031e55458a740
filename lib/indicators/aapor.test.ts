import { describe, expect, it } from 'vitest';
import { CALL_OUTCOMES } from '@/lib/calling/outcomes';
import { AAPOR_DISPOSITIONS, aaporRates, dispositionCounts, noDispositions, type DispositionCounts } from './aapor';

const counts = (c: Partial<DispositionCounts>): DispositionCounts => ({ ...noDispositions(), ...c });

/**
 * Worked by hand from AAPOR's Standard Definitions (Final Dispositions of Case Codes and Outcome
 * Rates for Surveys), with the formulas written out in each row:
 *   RR1   = I / ((I+P) + (R+NC+O) + (UH+UO))
 *   COOP1 = I / ((I+P) + R + O)
 *   REF1  = R / ((I+P) + (R+NC+O) + (UH+UO))
 *   CON1  = ((I+P) + R + O) / ((I+P) + R + O + NC + (UH+UO))
 * Known ineligibles (NE) are in no denominator.
 */
describe('AAPOR rates against worked examples', () => {
  it.each([
    {
      why: 'every disposition present: 45 + 30 + 25 = 100 cases; contacted 45 + 10 + 5 = 60',
      c: counts({ I: 40, P: 5, R: 10, NC: 15, O: 5, UH: 20, UO: 5, NE: 7 }),
      rr1: 40 / 100,
      coop1: 40 / 60,
      ref1: 10 / 100,
      con1: 60 / 100,
    },
    {
      why: 'a small month: (3+1) + (2+4+0) + (6+0) = 16; contacted 3 + 1 + 2 + 0 = 6',
      c: counts({ I: 3, P: 1, R: 2, NC: 4, UH: 6 }),
      rr1: 3 / 16,
      coop1: 3 / 6,
      ref1: 2 / 16,
      con1: 6 / 16,
    },
    {
      why: 'nobody reached: 5 non-contacts; COOP1 has no contacted case to measure',
      c: counts({ NC: 5 }),
      rr1: 0,
      coop1: null,
      ref1: 0,
      con1: 0,
    },
    {
      why: 'only ineligible numbers: every rate not measured, never 0 % or 100 %',
      c: counts({ NE: 7 }),
      rr1: null,
      coop1: null,
      ref1: null,
      con1: null,
    },
    {
      why: 'all complete: 100 % by the definitions',
      c: counts({ I: 4 }),
      rr1: 1,
      coop1: 1,
      ref1: 0,
      con1: 1,
    },
  ])('$why', ({ c, rr1, coop1, ref1, con1 }) => {
    const r = aaporRates(c);
    expect(r.rr1.value).toBe(rr1);
    expect(r.coop1.value).toBe(coop1);
    expect(r.ref1.value).toBe(ref1);
    expect(r.con1.value).toBe(con1);
  });

  it('keeps the counts each rate is made of', () => {
    const r = aaporRates(counts({ I: 40, P: 5, R: 10, NC: 15, O: 5, UH: 20, UO: 5, NE: 7 }));
    expect(r.con1).toEqual({ numerator: 60, denominator: 100, value: 0.6 });
    expect(r.coop1).toMatchObject({ numerator: 40, denominator: 60 });
  });
});

describe('outcome codes onto final dispositions', () => {
  it('maps every outcome code exactly once', () => {
    expect(Object.keys(AAPOR_DISPOSITIONS).sort()).toEqual([...CALL_OUTCOMES].sort());
  });

  it.each([
    ['completed', 'I'],
    ['partial', 'P'],
    ['refused', 'R'],
    ['answering_machine', 'NC'],
    ['appointment', 'NC'],
    ['no_answer', 'UH'],
    ['busy', 'UH'],
    ['technical_failure', 'UH'],
    ['wrong_person', 'NE'],
    ['number_invalid', 'NE'],
  ] as const)('%s → %s', (outcome, disposition) => {
    expect(AAPOR_DISPOSITIONS[outcome].disposition).toBe(disposition);
  });

  it('sums a month of final outcomes per disposition', () => {
    expect(
      dispositionCounts({ completed: 2, partial: 1, refused: 1, no_answer: 2, busy: 1, answering_machine: 1, wrong_person: 1, number_invalid: 1, technical_failure: 1 }),
    ).toEqual(counts({ I: 2, P: 1, R: 1, NC: 1, UH: 4, NE: 2 }));
  });
});
