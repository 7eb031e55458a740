import { describe, expect, it } from 'vitest';
import { automaticOutcome } from '@/lib/telephony/status';
import { abandonedAttemptEvidence, contactEvidence, contactWasDialled, judgeOutcomeEvidence, type AttemptCall, type ContactEvidence } from './evidence';
import { CALL_OUTCOMES, type CallOutcome } from './outcomes';

let seq = 0;
const call = (over: Partial<AttemptCall>): AttemptCall => ({
  id: `call-${++seq}`,
  status: 'completed',
  customerLegStatus: null,
  answeredAt: null,
  answeredBy: null,
  errorCode: null,
  createdAt: new Date(Date.UTC(2026, 10, 27, 1, seq)),
  ...over,
});

const ANSWERED = { customerLegStatus: 'completed', answeredAt: '2026-11-27T01:30:00Z' };
const person = (over: Partial<AttemptCall> = {}) => call({ ...ANSWERED, answeredBy: 'human', ...over });
const machine = () => call({ ...ANSWERED, answeredBy: 'machine_start' });
const unattributed = () => call({ ...ANSWERED, answeredBy: null });
const talking = () => call({ status: 'in-progress', customerLegStatus: 'in-progress', answeredAt: '2026-11-27T01:30:00Z' });
const rangOut = () => call({ customerLegStatus: 'no-answer' });
const hungUpRinging = () => call({ customerLegStatus: 'canceled' });
const busy = () => call({ customerLegStatus: 'busy' });
const numberFailed = () => call({ customerLegStatus: 'failed' });
const agentOnly = () => call({ status: 'no-answer' });
const providerDown = () => call({ status: 'failed', errorCode: 'provider_unavailable' });
const lineBusy = () => call({ status: 'canceled', errorCode: 'line_busy' });

describe('contactEvidence: what one call tells about the contact', () => {
  it.each<[string, AttemptCall, ContactEvidence, boolean]>([
    ['answered, detection says human', person(), 'person', true],
    ['answered, detection has not reported yet', unattributed(), 'person', true],
    ['talking now', talking(), 'person', true],
    ['answered, detection says machine', machine(), 'machine', true],
    ['contact rang out', rangOut(), 'rang', true],
    ['agent hung up while the contact rang', hungUpRinging(), 'rang', true],
    ['contact still ringing', call({ status: 'in-progress', customerLegStatus: 'ringing' }), 'rang', true],
    ['contact busy', busy(), 'busy', true],
    ['contact number failed', numberFailed(), 'failed', true],
    ["only the agent's phone rang", agentOnly(), 'not_dialled', false],
    ['agent phone answered, contact not dialled yet', call({ status: 'in-progress' }), 'not_dialled', false],
    ['provider down', providerDown(), 'provider_error', false],
    ['line busy (never sent)', lineBusy(), 'not_dialled', false],
  ])('%s → %s (contact dialled: %s)', (_, c, expected, dialled) => {
    expect(contactEvidence(c)).toBe(expected);
    expect(contactWasDialled(c)).toBe(dialled);
  });
});

const ok = (callId: string | null, manual = false) => ({ ok: true, callId, manual });
const no = (code: string) => expect.objectContaining({ ok: false, code: `callbacks.evidence.${code}` });

describe('judgeOutcomeEvidence', () => {
  const p = person();
  const u = unattributed();
  const m = machine();
  const r = rangOut();
  const h = hungUpRinging();
  const b = busy();
  const f = numberFailed();
  const a = agentOnly();
  const d = providerDown();

  it.each<[string, CallOutcome, AttemptCall[], unknown]>([
    // The contact was reached: only on a call a person answered.
    ['completed on an answered call', 'completed', [p], ok(p.id)],
    ['completed while detection has not reported', 'completed', [u], ok(u.id)],
    ['refused on an answered call', 'refused', [p], ok(p.id)],
    ['appointment on an answered call', 'appointment', [p], ok(p.id)],
    ['wrong person on an answered call', 'wrong_person', [p], ok(p.id)],
    ['partial: the latest answered call is the evidence', 'partial', [r, p], ok(p.id)],
    ['completed with no call at all', 'completed', [], no('noCallManualOff')],
    ['refused with no call at all', 'refused', [], no('noCallManualOff')],
    ['completed on a call nobody answered', 'completed', [r], no('notAnswered')],
    ["completed when only the agent's phone rang", 'completed', [a], no('notAnswered')],
    ['completed on an answering machine', 'completed', [m], no('machineAnswered')],
    ['appointment on an answering machine', 'appointment', [m], no('machineAnswered')],
    // Nobody reached: agrees with the record, never contradicts a person answering.
    ['no answer on a call that rang out', 'no_answer', [r], ok(r.id)],
    ['no answer when the agent hung up on the ringing', 'no_answer', [h], ok(h.id)],
    ['no answer on a call the contact answered', 'no_answer', [p], no('contactAnswered')],
    ['no answer after an answered call in the same attempt', 'no_answer', [p, r], no('contactAnswered')],
    ['no answer without any call', 'no_answer', [], no('noCallManualOff')],
    ["no answer when only the agent's phone rang", 'no_answer', [a], no('disagrees')],
    ['busy on a busy call', 'busy', [b], ok(b.id)],
    ['busy on an answered call', 'busy', [p], no('contactAnswered')],
    ['answering machine on a machine', 'answering_machine', [m], ok(m.id)],
    ['answering machine detection could not attribute', 'answering_machine', [u], ok(u.id)],
    ['answering machine on a call detection says a person answered', 'answering_machine', [p], no('contactAnswered')],
    ['answering machine on a call that rang out', 'answering_machine', [r], no('disagrees')],
    ['technical failure: provider down', 'technical_failure', [d], ok(d.id)],
    ["technical failure: the agent's phone did not answer", 'technical_failure', [a], ok(a.id)],
    ['technical failure on an answered call', 'technical_failure', [p], no('contactAnswered')],
    ['technical failure without any call', 'technical_failure', [], no('noCallManualOff')],
    ['number invalid: the number failed', 'number_invalid', [f], ok(f.id)],
    ['number invalid: the person who answered said so', 'number_invalid', [p], ok(p.id)],
    ['number invalid on a call that rang out', 'number_invalid', [r], no('disagrees')],
  ])('%s', (_, outcome, calls, expected) => {
    expect(judgeOutcomeEvidence({ outcome, calls, manual: false, manualAllowed: false })).toEqual(expected);
  });

  it.each<[string, CallOutcome, AttemptCall[], boolean, boolean, unknown]>([
    ['manual call, switch on: completed without a call', 'completed', [], true, true, ok(null, true)],
    ['manual call, switch on: refused after the provider call rang out', 'refused', [r], true, true, ok(null, true)],
    ['manual call, switch on: a call that supports it is the evidence', 'completed', [p], true, true, ok(p.id)],
    ['manual call, switch on: no answer on the desk phone', 'no_answer', [], true, true, ok(null, true)],
    ['manual call, switch on, still cannot contradict an answered call', 'no_answer', [p], true, true, no('contactAnswered')],
    ['manual call, switch off', 'completed', [], true, false, no('manualOff')],
    ['manual call, switch off, even with a call', 'completed', [p], true, false, no('manualOff')],
    ['no call, switch on, not ticked: says the manual path exists', 'completed', [], false, true, no('noCall')],
  ])('%s', (_, outcome, calls, manual, manualAllowed, expected) => {
    expect(judgeOutcomeEvidence({ outcome, calls, manual, manualAllowed })).toEqual(expected);
  });

  it('accepts every outcome the telephony records by itself, on the call that decided it', () => {
    const cases: AttemptCall[] = [rangOut(), busy(), numberFailed(), machine(), providerDown()];
    for (const c of cases) {
      const outcome = automaticOutcome({ status: c.status, customerLegStatus: c.customerLegStatus, answeredBy: c.answeredBy, errorCode: c.errorCode });
      expect(outcome).not.toBeNull();
      expect(judgeOutcomeEvidence({ outcome: outcome!, calls: [c], manual: false, manualAllowed: false })).toEqual(ok(c.id));
    }
  });

  it('refuses every outcome without a call unless it is a manual call the rules allow', () => {
    for (const outcome of CALL_OUTCOMES) {
      expect(judgeOutcomeEvidence({ outcome, calls: [], manual: false, manualAllowed: true }).ok).toBe(false);
      expect(judgeOutcomeEvidence({ outcome, calls: [], manual: true, manualAllowed: true })).toEqual(ok(null, true));
    }
  });
});

describe('abandonedAttemptEvidence: a desk let go after the contact was dialled', () => {
  it.each<[string, () => AttemptCall[], 'latest dialled' | null]>([
    ['no call', () => [], null],
    ["only the agent's phone rang", () => [agentOnly()], null],
    ['the provider never placed it', () => [providerDown(), lineBusy()], null],
    ['the contact rang out', () => [rangOut()], 'latest dialled'],
    ['the contact answered, then a later call only rang the agent', () => [person(), agentOnly()], 'latest dialled'],
    ['still talking', () => [talking()], 'latest dialled'],
  ])('%s', (_, make, expected) => {
    const calls = make();
    const decision = abandonedAttemptEvidence(calls);
    if (expected === null) return expect(decision).toBeNull();
    const dialled = calls.filter(contactWasDialled).at(-1)!;
    expect(decision).toEqual({ ok: true, callId: dialled.id, manual: false });
  });
});
