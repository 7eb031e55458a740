import { CALL_OUTCOMES, type CallOutcome } from '@/lib/calling/outcomes';
import { average, rate, type Rate } from './rate';

/**
 * An agent's productivity over a month: calls per hour on duty, talk time, wrap-up time and the mix
 * of outcomes recorded. Pure; the sums come from lib/indicators/daily-queries.ts.
 *
 * "On duty" is not clocked anywhere, so it is read from what is stored: on each local day, from the
 * agent's first take of a callback (an attempt's start) to the last outcome they recorded (an
 * attempt's end). A day with one attempt counts that attempt's own span. Breaks inside the span count
 * as on duty; time before the first take and after the last outcome does not.
 */
export interface ProductivityCounts {
  /** Calls placed through the telephony, plus manual calls (人工拨打: an attempt with no call record). */
  calls: number;
  /** Summed spans of the days on duty. */
  dutySeconds: number;
  /** Calls a person answered, and their summed talk time (the contact's leg). */
  answeredCalls: number;
  talkSeconds: number;
  /** Attempts resting on a call that ended: from the call's end to the outcome recorded. */
  wrapUps: number;
  wrapUpSeconds: number;
  /** Attempts recorded per outcome. */
  outcomes: Partial<Record<CallOutcome, number>>;
}

export interface Productivity {
  calls: number;
  dutyHours: number;
  /** Null when no time on duty was recorded. */
  callsPerHour: number | null;
  answeredCalls: number;
  talkSeconds: number;
  averageTalkSeconds: number | null;
  averageWrapUpSeconds: number | null;
  attempts: number;
  /** Every outcome code, with its count and share of the attempts. */
  outcomesMix: { outcome: CallOutcome; count: number; share: Rate }[];
}

export function productivity(c: ProductivityCounts): Productivity {
  const dutyHours = c.dutySeconds / 3600;
  const attempts = CALL_OUTCOMES.reduce((n, o) => n + (c.outcomes[o] ?? 0), 0);
  return {
    calls: c.calls,
    dutyHours,
    callsPerHour: dutyHours > 0 ? c.calls / dutyHours : null,
    answeredCalls: c.answeredCalls,
    talkSeconds: c.talkSeconds,
    averageTalkSeconds: average(c.talkSeconds, c.answeredCalls),
    averageWrapUpSeconds: average(c.wrapUpSeconds, c.wrapUps),
    attempts,
    outcomesMix: CALL_OUTCOMES.map((outcome) => ({ outcome, count: c.outcomes[outcome] ?? 0, share: rate(c.outcomes[outcome] ?? 0, attempts) })),
  };
}
