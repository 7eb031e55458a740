import type { CallOutcome } from '@/lib/calling/outcomes';
import { rate, type Rate } from './rate';

/**
 * Response and contact rates after AAPOR's Standard Definitions (The American Association for Public
 * Opinion Research, "Standard Definitions: Final Dispositions of Case Codes and Outcome Rates for
 * Surveys"), from each callback's final disposition. DOMAIN.md, "Response and contact rates".
 *
 * I = complete, P = partial, R = refusal and break-off, NC = non-contact, O = other (contacted, not
 * interviewed for another reason), UH/UO = unknown whether the number reaches the right person,
 * NE = known not eligible (left out of every rate, as the standard does).
 */
export type Disposition = 'I' | 'P' | 'R' | 'NC' | 'O' | 'UH' | 'UO' | 'NE';
export const DISPOSITIONS: readonly Disposition[] = ['I', 'P', 'R', 'NC', 'O', 'UH', 'UO', 'NE'];

/**
 * Huifang's outcome codes onto the AAPOR final dispositions — the one table, shown beside the
 * figures. The codes are AAPOR's telephone case codes; where the standard leaves a choice we follow
 * queXS, which the issue names:
 * - an answering machine on the number the manager gave for the contact is the contact's machine
 *   (2.22, non-contact), while no answer, busy and technical failures leave unknown whether the
 *   number reaches the contact (3.13, 3.12, 3.16);
 * - "wrong person / not at this number" and a number that does not work mean the contact cannot be
 *   reached there at all: not eligible (4.70, 4.30), so they weigh on no rate;
 * - an appointment is never a final disposition here (it keeps the callback open); were a callback
 *   to end on one, the contact was never available: 2.21, non-contact.
 */
export const AAPOR_DISPOSITIONS: Readonly<Record<CallOutcome, { disposition: Disposition; code: string }>> = {
  completed: { disposition: 'I', code: '1.1' },
  partial: { disposition: 'P', code: '1.2' },
  refused: { disposition: 'R', code: '2.11' },
  appointment: { disposition: 'NC', code: '2.21' },
  answering_machine: { disposition: 'NC', code: '2.22' },
  no_answer: { disposition: 'UH', code: '3.13' },
  busy: { disposition: 'UH', code: '3.12' },
  technical_failure: { disposition: 'UH', code: '3.16' },
  wrong_person: { disposition: 'NE', code: '4.70' },
  number_invalid: { disposition: 'NE', code: '4.30' },
};

export type DispositionCounts = Record<Disposition, number>;

export const noDispositions = (): DispositionCounts => ({ I: 0, P: 0, R: 0, NC: 0, O: 0, UH: 0, UO: 0, NE: 0 });

/** Final outcomes counted per code, summed per disposition. */
export function dispositionCounts(byOutcome: Partial<Record<CallOutcome, number>>): DispositionCounts {
  const counts = noDispositions();
  for (const [outcome, n] of Object.entries(byOutcome) as [CallOutcome, number | undefined][]) {
    counts[AAPOR_DISPOSITIONS[outcome].disposition] += n ?? 0;
  }
  return counts;
}

export interface AaporRates {
  /** RR1 = I / ((I+P) + (R+NC+O) + (UH+UO)) */
  rr1: Rate;
  /** COOP1 = I / ((I+P) + R + O) */
  coop1: Rate;
  /** REF1 = R / ((I+P) + (R+NC+O) + (UH+UO)) */
  ref1: Rate;
  /** CON1 = ((I+P) + R + O) / ((I+P) + R + O + NC + (UH+UO)) */
  con1: Rate;
}

export function aaporRates(c: DispositionCounts): AaporRates {
  const all = c.I + c.P + (c.R + c.NC + c.O) + (c.UH + c.UO);
  const contacted = c.I + c.P + c.R + c.O;
  return {
    rr1: rate(c.I, all),
    coop1: rate(c.I, contacted),
    ref1: rate(c.R, all),
    con1: rate(contacted, contacted + c.NC + (c.UH + c.UO)),
  };
}
