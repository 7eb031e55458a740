import { describe, expect, it } from 'vitest';
import { formatLocal } from './calendar';
import { CALL_OUTCOMES, decideAfterAttempt, outcomeClass, type CallOutcome, type PastAttempt } from './outcomes';
import { at, DEFAULT_CALENDAR as CALENDAR, DEFAULT_RETRY as RULES, SH } from './test-support';

function decide(outcome: CallOutcome, now: string, earlier: PastAttempt[] = [], appointmentAt?: string, rules = RULES) {
  return decideAfterAttempt({
    attempt: { outcome, appointmentAt: appointmentAt ? at(appointmentAt) : null },
    earlier,
    now: at(now),
    calendar: CALENDAR,
    rules,
    timeZone: SH,
  });
}

describe('outcome classes', () => {
  it.each([
    ['no_answer', 'no_contact'],
    ['busy', 'no_contact'],
    ['answering_machine', 'no_contact'],
    ['technical_failure', 'no_contact'],
    ['appointment', 'appointment'],
    ['completed', 'final'],
    ['partial', 'final'],
    ['refused', 'final'],
    ['wrong_person', 'final'],
    ['number_invalid', 'final'],
  ] as const)('%s is %s', (outcome, expected) => expect(outcomeClass(outcome)).toBe(expected));

  it('classifies every outcome code', () => {
    expect(CALL_OUTCOMES.map(outcomeClass)).not.toContain(undefined);
  });
});

describe('decideAfterAttempt', () => {
  it.each(['completed', 'partial', 'refused', 'wrong_person', 'number_invalid'] as const)('%s closes the callback, even on the first attempt', (outcome) => {
    expect(decide(outcome, '2026-11-27 09:30')).toEqual({ kind: 'closed', outcome });
  });

  it.each(['no_answer', 'busy', 'answering_machine', 'technical_failure'] as const)('%s retries after the spacing in another half-day', (outcome) => {
    const decision = decide(outcome, '2026-11-27 09:30');
    expect(decision.kind).toBe('retry');
    if (decision.kind === 'retry') expect(formatLocal(decision.nextAttemptAt, SH)).toBe('2026-11-27 14:00');
  });

  it('makes a callback unreachable after the last no-contact attempt', () => {
    const earlier: PastAttempt[] = [
      { outcome: 'no_answer', at: at('2026-11-26 09:30') },
      { outcome: 'busy', at: at('2026-11-26 14:30') },
    ];
    expect(decide('no_answer', '2026-11-27 09:30', earlier)).toEqual({ kind: 'unreachable' });
    expect(decide('no_answer', '2026-11-27 09:30', [], undefined, { ...RULES, maxAttempts: 1 })).toEqual({ kind: 'unreachable' });
  });

  it('does not count an appointment (the contact was reached) against the attempts', () => {
    const earlier: PastAttempt[] = [
      { outcome: 'no_answer', at: at('2026-11-26 09:30') },
      { outcome: 'appointment', at: at('2026-11-26 14:30') },
    ];
    expect(decide('no_answer', '2026-11-27 09:30', earlier).kind).toBe('retry');
  });

  it('still closes on a final outcome at the last attempt', () => {
    const earlier: PastAttempt[] = [
      { outcome: 'no_answer', at: at('2026-11-26 09:30') },
      { outcome: 'no_answer', at: at('2026-11-26 14:30') },
    ];
    expect(decide('completed', '2026-11-27 09:30', earlier)).toEqual({ kind: 'closed', outcome: 'completed' });
  });

  it('reschedules an appointment at the agreed time', () => {
    const decision = decide('appointment', '2026-11-27 09:30', [], '2026-11-30 15:30');
    expect(decision).toEqual({ kind: 'appointment', nextAttemptAt: at('2026-11-30 15:30') });
  });

  it.each([
    [undefined, 'calling.appointmentRequired', undefined],
    ['2026-11-27 09:00', 'calling.appointmentInPast', undefined],
    ['2026-11-28 10:00', 'calling.appointmentOutsideHours', '2026-11-30 09:00'],
    ['2026-11-27 12:30', 'calling.appointmentOutsideHours', '2026-11-27 14:00'],
    ['2026-11-27 19:00', 'calling.appointmentOutsideHours', '2026-11-30 09:00'],
    ['2028-01-03 10:00', 'calling.appointmentTooFar', undefined],
  ])('refuses the appointment %s with %s', (when, code, opening) => {
    const decision = decide('appointment', '2026-11-27 09:30', [], when);
    expect(decision).toMatchObject({ kind: 'invalid', field: 'appointmentAt', code });
    if (opening && decision.kind === 'invalid') expect(decision.params?.opening).toBe(opening);
  });
});
