import { isMachine, PROVIDER_ERRORS } from './call-record';
import type { CallOutcome } from './outcomes';

/**
 * Whether an attempt's outcome rests on evidence: what the telephony provider recorded of the
 * calls placed for that attempt. An agent's word alone never makes a visit valid or invalid.
 *
 * - Outcomes that say the contact was reached (completed, partial, refused, wrong person, an
 *   appointment the contact agreed to) need a call whose contact leg the provider reports
 *   answered — and answered by a person, unless answering-machine detection has not said
 *   otherwise (it reports a few seconds after the answer; "machine" is never a person).
 * - Outcomes that say nobody was reached must agree with the provider's record: a call of the
 *   attempt must exist, none of them answered by a person, and the record must fit the outcome
 *   (no answer = the contact's phone was dialled and not answered; busy = dialled; answering
 *   machine = a machine, or an answer detection could not attribute; number invalid = the
 *   number failed, or the person who answered said so through the script).
 * - 人工拨打 (a manual call from a desk phone, when the calling rules allow it) stands in for the
 *   missing call record; it still cannot contradict a call the provider recorded.
 *
 * Pure: the caller reads the attempt's calls (with the answering-machine result of each).
 */

/** A call of the attempt as the provider recorded it. */
export interface AttemptCall {
  id: string;
  /** The agent leg. */
  status: string;
  customerLegStatus: string | null;
  answeredAt: Date | string | null;
  /** Twilio's AnsweredBy from answering-machine detection, when it reported. */
  answeredBy: string | null;
  errorCode: string | null;
  createdAt: Date | string;
}

/** What one call tells about the contact. */
export type ContactEvidence =
  /** The contact's leg was answered, by a person as far as the provider can tell. */
  | 'person'
  /** Answered, and detection reported a machine (or fax). */
  | 'machine'
  /** The contact's phone was dialled and not answered (rang out, or hung up while ringing), or is still ringing. */
  | 'rang'
  | 'busy'
  /** The contact's number failed (unreachable, not in service). */
  | 'failed'
  /** The contact was never dialled: the agent's own phone did not answer, the line was busy, or the call was cancelled first. */
  | 'not_dialled'
  /** The provider did not place the call at all (down or refusing). */
  | 'provider_error';

const ANSWERED_STATUSES = ['in-progress', 'completed'];

export function contactEvidence(call: AttemptCall): ContactEvidence {
  if (call.errorCode) return PROVIDER_ERRORS.includes(call.errorCode) ? 'provider_error' : 'not_dialled';
  const leg = call.customerLegStatus;
  const answered = call.answeredAt != null || (leg != null && ANSWERED_STATUSES.includes(leg));
  if (answered) return isMachine(call.answeredBy) ? 'machine' : 'person';
  if (leg == null) return 'not_dialled';
  if (leg === 'busy') return 'busy';
  if (leg === 'failed') return 'failed';
  // no-answer, canceled, or still queued / ringing when the agent records.
  return 'rang';
}

/** Whether the contact's phone was rung for this call (what stops "put back": the attempt has begun). */
export function contactWasDialled(call: Pick<AttemptCall, 'customerLegStatus' | 'answeredAt'>): boolean {
  return call.customerLegStatus != null || call.answeredAt != null;
}

export const REACHED_OUTCOMES = ['completed', 'partial', 'refused', 'wrong_person', 'appointment'] as const satisfies readonly CallOutcome[];

/** Which calls' evidence supports each outcome. */
const SUPPORTED_BY: Record<CallOutcome, readonly ContactEvidence[]> = {
  completed: ['person'],
  partial: ['person'],
  refused: ['person'],
  wrong_person: ['person'],
  appointment: ['person'],
  // The script can end a conversation with "not this number"; else the provider's failure says so.
  number_invalid: ['failed', 'person'],
  no_answer: ['rang'],
  // A carrier's "the line is busy" announcement is heard while the provider still reports ringing.
  busy: ['busy', 'rang'],
  answering_machine: ['machine', 'person'],
  technical_failure: ['provider_error', 'not_dialled', 'failed', 'rang', 'busy', 'machine'],
};

export type EvidenceDecision =
  | { ok: true; callId: string | null; manual: boolean }
  | { ok: false; code: EvidenceRefusal; params: { outcome: CallOutcome } };

export type EvidenceRefusal =
  | 'callbacks.evidence.noCall'
  | 'callbacks.evidence.noCallManualOff'
  | 'callbacks.evidence.notAnswered'
  | 'callbacks.evidence.machineAnswered'
  | 'callbacks.evidence.contactAnswered'
  | 'callbacks.evidence.disagrees'
  | 'callbacks.evidence.manualOff';

const isNoContact = (o: CallOutcome) => !(REACHED_OUTCOMES as readonly string[]).includes(o) && o !== 'number_invalid';

const time = (v: Date | string) => (typeof v === 'string' ? Date.parse(v) : v.getTime());

/** Whether one call's record supports the outcome. */
function supports(outcome: CallOutcome, call: AttemptCall, what: ContactEvidence): boolean {
  if (!SUPPORTED_BY[outcome].includes(what)) return false;
  // A machine detection could not attribute may be what answered; one it reported human is not.
  return !(outcome === 'answering_machine' && what === 'person' && call.answeredBy === 'human');
}

/**
 * Decides whether `outcome` may be recorded for an attempt whose calls are `calls`. `manual` is
 * the agent's "人工拨打" tick; `manualAllowed` the calling rules' switch in force. On success,
 * `callId` is the call the outcome rests on (the latest that supports it) and `manual` is false;
 * a manual result is one no call supports (callId null). A refusal's code is an `errors.*` key
 * whose message names the outcome (params.outcome, translated by the caller).
 */
export function judgeOutcomeEvidence(input: { outcome: CallOutcome; calls: readonly AttemptCall[]; manual: boolean; manualAllowed: boolean }): EvidenceDecision {
  const { outcome, manual, manualAllowed } = input;
  const refuse = (code: EvidenceRefusal): EvidenceDecision => ({ ok: false, code, params: { outcome } });
  if (manual && !manualAllowed) return refuse('callbacks.evidence.manualOff');

  const evidence = [...input.calls].sort((a, b) => time(b.createdAt) - time(a.createdAt)).map((call) => ({ call, what: contactEvidence(call) }));
  // Nobody reached: never when the provider recorded a person answering this attempt — not even
  // on a desk phone afterwards (the person was reached; record what they said).
  if (isNoContact(outcome) && evidence.some((e) => e.what === 'person' && !supports(outcome, e.call, e.what))) {
    return refuse('callbacks.evidence.contactAnswered');
  }
  const supporting = evidence.find((e) => supports(outcome, e.call, e.what));
  if (supporting) return { ok: true, callId: supporting.call.id, manual: false };
  if (manual) return { ok: true, callId: null, manual: true };
  if (evidence.length === 0) return refuse(manualAllowed ? 'callbacks.evidence.noCall' : 'callbacks.evidence.noCallManualOff');
  if (isNoContact(outcome) || outcome === 'number_invalid') return refuse('callbacks.evidence.disagrees');
  return refuse(evidence.some((e) => e.what === 'machine') ? 'callbacks.evidence.machineAnswered' : 'callbacks.evidence.notAnswered');
}

/**
 * An attempt nobody finished: the desk's lease lapsed, or staff pulled the callback back, after a
 * call of the attempt had dialled the contact. The system (not an agent) records it as a technical
 * failure resting on that call, so it uses an attempt and the retry spacing like any other —
 * else a contact could be rung again and again by letting the desk go. Null when no call of the
 * attempt dialled the contact: then the attempt never began and the task goes back unworked.
 */
export function abandonedAttemptEvidence(calls: readonly AttemptCall[]): EvidenceDecision | null {
  const dialled = [...calls].sort((a, b) => time(b.createdAt) - time(a.createdAt)).find(contactWasDialled);
  return dialled ? { ok: true, callId: dialled.id, manual: false } : null;
}
