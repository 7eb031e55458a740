import { formatLocal, isWithinCallingHours, nextCallingInstant, type CallingCalendar } from './calendar';
import { nextRetryInstant, type RetryRules } from './retry';

/** Call-attempt outcomes (DOMAIN: outcome codes, after the AAPOR final dispositions). */
export const CALL_OUTCOMES = [
  'completed',
  'partial',
  'refused',
  'no_answer',
  'busy',
  'answering_machine',
  'wrong_person',
  'number_invalid',
  'appointment',
  'technical_failure',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Nobody was reached: the callback is tried again later (and never makes a visit invalid). */
export const NO_CONTACT_OUTCOMES = ['no_answer', 'busy', 'answering_machine', 'technical_failure'] as const satisfies readonly CallOutcome[];
/** The callback is over, whatever attempts remain. */
export const FINAL_OUTCOMES = ['completed', 'partial', 'refused', 'wrong_person', 'number_invalid'] as const satisfies readonly CallOutcome[];

export type OutcomeClass = 'no_contact' | 'final' | 'appointment';

export function outcomeClass(outcome: CallOutcome): OutcomeClass {
  if (outcome === 'appointment') return 'appointment';
  return (NO_CONTACT_OUTCOMES as readonly string[]).includes(outcome) ? 'no_contact' : 'final';
}

export interface CallingRules extends RetryRules {
  maxAttempts: number;
}

export interface PastAttempt {
  outcome: CallOutcome;
  at: Date;
}

/** What happens to a callback after an attempt: the task's next state and when it comes back. */
export type AttemptDecision =
  | { kind: 'retry'; nextAttemptAt: Date }
  | { kind: 'appointment'; nextAttemptAt: Date }
  | { kind: 'closed'; outcome: CallOutcome }
  | { kind: 'unreachable' }
  | { kind: 'invalid'; field: string; code: string; params?: Record<string, string | number> };

/** An appointment further ahead than this is a typing mistake, not a plan (input sanity, not a rule). */
const APPOINTMENT_HORIZON_DAYS = 366;

/**
 * Applies the retry rules to the attempt just made (`attempt`, at `now`) given the earlier ones:
 * - final outcomes close the callback;
 * - an appointment reschedules it at the agreed time, which must be ahead and inside calling hours
 *   (the contact was reached, so it does not use up the no-contact attempts);
 * - a no-contact outcome retries after the spacing, in another half-day when that rule is on,
 *   until `maxAttempts` no-contact attempts were made — then the callback is "unreachable".
 */
export function decideAfterAttempt(input: {
  attempt: { outcome: CallOutcome; appointmentAt?: Date | null };
  earlier: readonly PastAttempt[];
  now: Date;
  calendar: CallingCalendar;
  rules: CallingRules;
  timeZone: string;
}): AttemptDecision {
  const { attempt, earlier, now, calendar, rules, timeZone } = input;
  switch (outcomeClass(attempt.outcome)) {
    case 'final':
      return { kind: 'closed', outcome: attempt.outcome };
    case 'appointment': {
      const at = attempt.appointmentAt;
      if (!at) return { kind: 'invalid', field: 'appointmentAt', code: 'calling.appointmentRequired' };
      if (at.getTime() <= now.getTime()) return { kind: 'invalid', field: 'appointmentAt', code: 'calling.appointmentInPast' };
      if (at.getTime() - now.getTime() > APPOINTMENT_HORIZON_DAYS * 86_400_000) {
        return { kind: 'invalid', field: 'appointmentAt', code: 'calling.appointmentTooFar', params: { days: APPOINTMENT_HORIZON_DAYS } };
      }
      if (!isWithinCallingHours(at, calendar, timeZone)) {
        const opening = nextCallingInstant(at, calendar, timeZone);
        return {
          kind: 'invalid',
          field: 'appointmentAt',
          code: 'calling.appointmentOutsideHours',
          params: { opening: opening ? formatLocal(opening, timeZone) : '—' },
        };
      }
      return { kind: 'appointment', nextAttemptAt: at };
    }
    case 'no_contact': {
      const noContact = earlier.filter((a) => outcomeClass(a.outcome) === 'no_contact').length + 1;
      if (noContact >= rules.maxAttempts) return { kind: 'unreachable' };
      const next = nextRetryInstant([...earlier.map((a) => a.at), now], calendar, rules, timeZone);
      if (!next) return { kind: 'invalid', field: '', code: 'calling.noOpening' };
      return { kind: 'retry', nextAttemptAt: next };
    }
  }
}
