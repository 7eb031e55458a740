import { isMachine, PROVIDER_ERRORS } from '@/lib/calling/call-record';
import type { CallOutcome } from '@/lib/calling/outcomes';

/**
 * The pure rules of a call's progress, from Twilio's status callbacks. Callbacks arrive late,
 * twice or out of order; a status only ever moves a leg forward by rank, so a late "ringing"
 * after "completed" changes nothing, and the first final status of a leg is the one kept.
 */
export const FINAL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];
export type LegStatus = 'queued' | 'initiated' | 'ringing' | 'in-progress' | FinalStatus;

const RANK: Record<string, number> = { queued: 0, initiated: 1, ringing: 2, 'in-progress': 3 };

/** -1 for a status Twilio does not send (it is stored as received and otherwise ignored). */
export function statusRank(status: string): number {
  if ((FINAL_STATUSES as readonly string[]).includes(status)) return 4;
  return RANK[status] ?? -1;
}

export function isFinal(status: string | null | undefined): boolean {
  return !!status && (FINAL_STATUSES as readonly string[]).includes(status);
}

/** Whether a callback's status moves a leg on from where it is. */
export function advances(current: string | null | undefined, next: string): boolean {
  const to = statusRank(next);
  if (to < 0) return false;
  return current == null || to > statusRank(current);
}

/** What became of a call, as the agent reads it. */
export type CallResult =
  | 'answered'
  | 'no_answer'
  | 'busy'
  | 'failed'
  | 'answering_machine'
  | 'canceled'
  | 'agent_unanswered'
  | 'provider_error';

/** What the desk shows: calling the agent's phone / the contact's, ringing, talking, over. */
export type CallPhase = 'dialling' | 'ringing' | 'in_progress' | 'ended';

export interface CallState {
  /** The agent leg (the call Twilio places to the agent's phone). */
  status: string;
  customerLegStatus: string | null;
  answeredBy: string | null;
  /** Set when placing the call failed (provider down or refusing). */
  errorCode: string | null;
}

export function callPhase(call: CallState): CallPhase {
  if (call.errorCode || isFinal(call.status) || isFinal(call.customerLegStatus)) return 'ended';
  if (call.customerLegStatus === 'in-progress') return 'in_progress';
  if (call.customerLegStatus === 'ringing') return 'ringing';
  return 'dialling';
}

/** Null while the call is on. */
export function callResult(call: CallState): CallResult | null {
  if (call.errorCode) return PROVIDER_ERRORS.includes(call.errorCode) ? 'provider_error' : 'canceled';
  const customer = call.customerLegStatus;
  if (isFinal(customer)) {
    switch (customer as FinalStatus) {
      case 'no-answer':
        return 'no_answer';
      case 'busy':
        return 'busy';
      case 'failed':
        return 'failed';
      case 'canceled':
        return 'canceled';
      case 'completed':
        return isMachine(call.answeredBy) ? 'answering_machine' : 'answered';
    }
  }
  if (!isFinal(call.status)) return null;
  // The agent leg ended first; the contact's final callback may still be on its way.
  if (customer === 'in-progress') return isMachine(call.answeredBy) ? 'answering_machine' : 'answered';
  if (customer) return 'canceled';
  return call.status === 'completed' || call.status === 'canceled' ? 'canceled' : 'agent_unanswered';
}

/**
 * The attempt outcome the call itself decides, recorded without the agent: nobody was reached
 * (no answer, busy, a machine) or the network failed. A person who answered is the agent's to
 * record through the script; a call the agent's own phone never took is no attempt at all.
 */
export function automaticOutcome(call: CallState): CallOutcome | null {
  if (call.errorCode) return PROVIDER_ERRORS.includes(call.errorCode) ? 'technical_failure' : null;
  if (!isFinal(call.customerLegStatus)) return null;
  switch (callResult(call)) {
    case 'no_answer':
      return 'no_answer';
    case 'busy':
      return 'busy';
    case 'failed':
      return 'technical_failure';
    case 'answering_machine':
      return 'answering_machine';
    default:
      return null;
  }
}

/** Largest value of an integer column (call_events.sequence, calls.duration_seconds). */
const INT32_MAX = 2 ** 31 - 1;

/**
 * A whole number a provider sent in a form field (SequenceNumber, CallDuration,
 * RecordingDuration): digits only and small enough for its integer column; anything else —
 * "-1", "1e3", 2^31 or 400 digits — is null, so the caller refuses or ignores it instead of the
 * database refusing it with a 500.
 */
export function providerWholeNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n <= INT32_MAX ? n : null;
}
