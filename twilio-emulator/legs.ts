import { newSid, rfc2822, type EmulatedCall, type EmulatorState, type Leg } from './state';
import { deliver, isHttpUrl } from './webhooks';

/**
 * Call legs and their states: queued → initiated → ringing → in-progress → a final status, each
 * step reported to the leg's status callback when it subscribed to the event. A leg ends by
 * aborting its AbortController; the contact's leg ends with the agent's.
 */

export class HungUp extends Error {}

export const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

export function newLeg(
  state: EmulatorState,
  init: {
    direction: Leg['direction'];
    to: string;
    from: string;
    parent: Leg | null;
    statusCallback: string | null;
    events: string[];
    behaviour: Leg['behaviour'];
  },
): Leg {
  const leg: Leg = {
    sid: newSid('CA'),
    parentCallSid: init.parent?.sid ?? null,
    direction: init.direction,
    to: init.to,
    from: init.from,
    status: 'queued',
    answeredBy: null,
    behaviour: init.behaviour,
    createdAt: Date.now(),
    startTime: null,
    endTime: null,
    history: ['queued'],
    deliveries: [],
    statusCallback: init.statusCallback && isHttpUrl(init.statusCallback) ? init.statusCallback : null,
    // Twilio sends only "completed" unless told otherwise.
    events: new Set(init.events.length > 0 ? init.events.flatMap((e) => e.split(/\s+/)).filter(Boolean) : ['completed']),
    sequence: 0,
    abort: new AbortController(),
    child: null,
    dialing: false,
    recordingSid: null,
  };
  if (init.parent) {
    // The contact's leg ends when the agent's does.
    init.parent.abort.signal.addEventListener('abort', () => leg.abort.abort(init.parent!.abort.signal.reason), { once: true });
  }
  state.legs.set(leg.sid, leg);
  forgetOldEndedLegs(state);
  return leg;
}

// Nothing in the product reads a call back after it ended (hanging up reads it only while it
// lasts); the emulator keeps the latest thousand for tests and /__emulator/calls, so a day of
// calls does not grow it.
const DEFAULT_KEEP_ENDED_CALLS = 1_000;

/** Drops the oldest ended legs beyond `keepEndedCalls` (a Map iterates in insertion order: oldest first). */
function forgetOldEndedLegs(state: EmulatorState): void {
  const keep = state.options.keepEndedCalls ?? DEFAULT_KEEP_ENDED_CALLS;
  let ended = 0;
  for (const l of state.legs.values()) if (FINAL.has(l.status)) ended++;
  if (ended <= keep) return;
  for (const [sid, l] of state.legs) {
    if (ended <= keep) break;
    if (!FINAL.has(l.status)) continue;
    state.legs.delete(sid);
    ended--;
  }
}

/** What the tests and /__emulator/calls see of a leg: a copy. */
export function snapshot(leg: Leg): EmulatedCall {
  return {
    sid: leg.sid,
    parentCallSid: leg.parentCallSid,
    direction: leg.direction,
    to: leg.to,
    from: leg.from,
    status: leg.status,
    answeredBy: leg.answeredBy,
    behaviour: leg.behaviour,
    createdAt: leg.createdAt,
    startTime: leg.startTime,
    endTime: leg.endTime,
    history: [...leg.history],
    deliveries: [...leg.deliveries],
  };
}

export function listCalls(state: EmulatorState): EmulatedCall[] {
  return [...state.legs.values()].map(snapshot);
}

/** Ends every call still on (tests, between cases; `reason` for a stopping emulator). */
export function hangUpAll(state: EmulatorState, reason = 'hung up by the party'): void {
  for (const leg of state.legs.values()) if (!FINAL.has(leg.status)) leg.abort.abort(new HungUp(reason));
}

/** The contact (or the agent, for an agent leg) puts the phone down. */
export function hangUpLeg(state: EmulatorState, sid: string): boolean {
  const leg = state.legs.get(sid);
  if (!leg || FINAL.has(leg.status)) return false;
  leg.abort.abort(new HungUp('hung up by the party'));
  return true;
}

/** Keeps a call flow where settle() can wait for it; its failure is logged, never thrown. */
export function track(state: EmulatorState, flow: Promise<void>): void {
  const tracked = flow.catch((err: unknown) => state.log('call flow failed', { err: String(err) }));
  state.running.add(tracked);
  void tracked.finally(() => state.running.delete(tracked));
}

/** Waits `ms` at the emulator's time scale; rejects with HungUp when the leg ends first. */
export function sleep(state: EmulatorState, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new HungUp());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms * state.timeScale));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new HungUp());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Moves a leg to a status and reports the event if the leg's callback subscribed to it. */
export async function progress(state: EmulatorState, leg: Leg, status: string, event: string): Promise<void> {
  if (FINAL.has(leg.status)) return;
  leg.status = status;
  leg.history.push(status);
  if (leg.statusCallback && leg.events.has(event)) await deliver(state, leg, leg.statusCallback, 'status', statusParams(state, leg));
}

export async function finish(state: EmulatorState, leg: Leg, status: string): Promise<void> {
  if (FINAL.has(leg.status)) return;
  leg.status = status;
  leg.endTime = Date.now();
  leg.history.push(status);
  if (!leg.abort.signal.aborted) leg.abort.abort(new HungUp('ended'));
  // Every final status is reported under the "completed" event.
  if (leg.statusCallback && leg.events.has('completed') && state.server !== null) {
    await deliver(state, leg, leg.statusCallback, 'status', { ...statusParams(state, leg), CallDuration: String(durationOf(leg)), Duration: String(Math.ceil(durationOf(leg) / 60)) });
  }
}

/** After an abort: the contact's leg first (if any), then this one, as Twilio reports them. */
export async function endAfterHangUp(state: EmulatorState, leg: Leg): Promise<void> {
  if (state.server === null) return; // stopped: no more callbacks
  const child = leg.child;
  if (child && !FINAL.has(child.status)) await finish(state, child, child.status === 'in-progress' ? 'completed' : 'canceled');
  if (!FINAL.has(leg.status)) await finish(state, leg, leg.status === 'in-progress' ? 'completed' : 'canceled');
}

/** The parameters Twilio posts with every request about a leg. */
export function baseParams(state: EmulatorState, leg: Leg): Record<string, string> {
  return {
    AccountSid: state.options.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: leg.sid,
    CallStatus: leg.status,
    Called: leg.to,
    Caller: leg.from,
    Direction: leg.direction,
    From: leg.from,
    To: leg.to,
    ...(leg.parentCallSid ? { ParentCallSid: leg.parentCallSid } : {}),
    ...(leg.answeredBy ? { AnsweredBy: leg.answeredBy } : {}),
  };
}

function statusParams(state: EmulatorState, leg: Leg): Record<string, string> {
  return { ...baseParams(state, leg), CallbackSource: 'call-progress-events', SequenceNumber: String(leg.sequence++), Timestamp: rfc2822(Date.now()) };
}

export function durationOf(leg: Leg): number {
  if (!leg.startTime) return 0;
  return Math.max(0, Math.round(((leg.endTime ?? Date.now()) - leg.startTime) / 1000));
}
