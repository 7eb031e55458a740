import { customerBehaviour, TIMINGS } from './behaviour';
import { baseParams, endAfterHangUp, finish, FINAL, HungUp, newLeg, progress, sleep, track } from './legs';
import { recordingDone } from './recordings';
import type { EmulatorState, Leg } from './state';
import { deliver } from './webhooks';
import { parseXml, type XmlElement } from './xml';

/**
 * What the emulated phone network does with our TwiML: the agent's leg rings and answers, fetches
 * the TwiML from the call's `Url` and runs <Say>/<Pause>/<Play>/<Hangup>/<Reject>/<Redirect>/
 * <Dial><Number>; a <Dial> rings the contact, who does what the number's last two digits say
 * (behaviour.ts), with answering-machine detection and the dial's recording. Verbs not listed are
 * logged and skipped.
 */

export async function runAgentLeg(state: EmulatorState, leg: Leg, twimlUrl: string, ringTimeoutSeconds: number): Promise<void> {
  const signal = leg.abort.signal;
  try {
    await sleep(state, 50, signal);
    await progress(state, leg, 'initiated', 'initiated');
    await sleep(state, TIMINGS.setup, signal);
    await progress(state, leg, 'ringing', 'ringing');
    await sleep(state, Math.min(TIMINGS.agentAnswers, ringTimeoutSeconds * 1000), signal);
    leg.startTime = Date.now();
    await progress(state, leg, 'in-progress', 'answered');
    const twiml = await fetchTwiml(state, leg, twimlUrl, 'twiml');
    if (twiml) await execute(state, leg, twiml, 0);
    await finish(state, leg, 'completed');
  } catch (error) {
    if (!(error instanceof HungUp)) throw error;
    await endAfterHangUp(state, leg);
  }
}

async function execute(state: EmulatorState, leg: Leg, verbs: XmlElement[], depth: number): Promise<'hangup' | 'done'> {
  const signal = leg.abort.signal;
  for (const verb of verbs) {
    switch (verb.name) {
      case 'Say':
        await sleep(state, Math.max(TIMINGS.sayMin, verb.text.trim().length * TIMINGS.sayPerChar), signal);
        break;
      case 'Play':
        await sleep(state, 2000, signal);
        break;
      case 'Pause':
        await sleep(state, Number(verb.attrs.length ?? 1) * 1000, signal);
        break;
      case 'Hangup':
      case 'Reject':
        return 'hangup';
      case 'Redirect': {
        if (depth > 10) return 'hangup';
        const next = await fetchTwiml(state, leg, verb.text.trim(), 'twiml');
        return next ? execute(state, leg, next, depth + 1) : 'hangup';
      }
      case 'Dial': {
        const result = await dial(state, leg, verb, depth);
        if (result === 'hangup') return 'hangup';
        break;
      }
      default:
        state.log('TwiML verb not emulated', { verb: verb.name });
    }
  }
  return 'done';
}

async function dial(state: EmulatorState, parent: Leg, dial: XmlElement, depth: number): Promise<'hangup' | 'done'> {
  const numberEl = dial.children.find((c) => c.name === 'Number');
  const number = (numberEl?.text ?? dial.text).trim();
  const noun = numberEl?.attrs ?? {};
  const timeoutSeconds = clamp(Number(dial.attrs.timeout ?? 30), 5, 600);
  const timeLimitSeconds = clamp(Number(dial.attrs.timeLimit ?? 14_400), 1, 14_400);
  const record = dial.attrs.record ?? 'do-not-record';
  const child = newLeg(state, {
    direction: 'outbound-dial',
    to: number,
    from: dial.attrs.callerId ?? parent.from,
    parent,
    statusCallback: noun.statusCallback ?? null,
    events: noun.statusCallbackEvent ? [noun.statusCallbackEvent] : [],
    behaviour: customerBehaviour(number),
  });
  parent.child = child;
  parent.dialing = true;
  const childSignal = child.abort.signal;
  const machineDetection = noun.machineDetection === 'Enable' || noun.machineDetection === 'DetectMessageEnd';
  let bridgedAt: number | null = null;
  let dialStatus = 'failed';
  try {
    await progress(state, child, 'initiated', 'initiated');
    if (!/^\+[1-9]\d{6,14}$/.test(number) || child.behaviour === 'failed') {
      await sleep(state, 200, childSignal);
      dialStatus = 'failed';
      await finish(state, child, 'failed');
    } else {
      await sleep(state, TIMINGS.setup, childSignal);
      await progress(state, child, 'ringing', 'ringing');
      if (child.behaviour === 'busy') {
        await sleep(state, TIMINGS.busyAfter, childSignal);
        dialStatus = 'busy';
        await finish(state, child, 'busy');
      } else if (child.behaviour === 'no-answer' || timeoutSeconds * 1000 <= TIMINGS.customerAnswers) {
        await sleep(state, timeoutSeconds * 1000, childSignal);
        dialStatus = 'no-answer';
        await finish(state, child, 'no-answer');
      } else {
        await sleep(state, TIMINGS.customerAnswers, childSignal);
        child.startTime = Date.now();
        if (machineDetection) child.answeredBy = child.behaviour === 'machine' ? 'machine_start' : 'human';
        await progress(state, child, 'in-progress', 'answered');
        if (noun.url) {
          const whisper = await fetchTwiml(state, child, noun.url, 'twiml');
          if (whisper && (await execute(state, child, whisper, depth + 1)) === 'hangup') throw new HungUp('whisper hung up');
        }
        bridgedAt = Date.now();
        dialStatus = 'completed';
        if (machineDetection && noun.amdStatusCallback) track(state, reportAmd(state, child, noun.amdStatusCallback));
        const talk = child.behaviour === 'machine' ? Math.min(TIMINGS.machineRecords, timeLimitSeconds * 1000) : timeLimitSeconds * 1000;
        await sleep(state, talk, childSignal).catch((error: unknown) => {
          if (!(error instanceof HungUp)) throw error;
        });
        if (parent.abort.signal.aborted) throw new HungUp();
        await finish(state, child, 'completed');
      }
    }
  } catch (error) {
    if (!(error instanceof HungUp)) throw error;
    if (parent.abort.signal.aborted) {
      await recordingDone(state, parent, dial, record, bridgedAt);
      throw error; // the agent's leg is ending: endAfterHangUp reports both legs
    }
    if (!FINAL.has(child.status)) await finish(state, child, child.status === 'in-progress' ? 'completed' : 'canceled');
    dialStatus = child.status;
  } finally {
    parent.dialing = false;
  }
  await recordingDone(state, parent, dial, record, bridgedAt);

  if (dial.attrs.action) {
    const next = await fetchTwiml(state, parent, dial.attrs.action, 'action', {
      DialCallStatus: dialStatus,
      DialCallSid: child.sid,
      DialCallDuration: String(bridgedAt ? Math.round((Date.now() - bridgedAt) / 1000) : 0),
      DialBridged: String(bridgedAt !== null),
    });
    return next ? execute(state, parent, next, depth + 1) : 'hangup';
  }
  return 'done';
}

async function reportAmd(state: EmulatorState, child: Leg, url: string): Promise<void> {
  const detected = await sleep(state, TIMINGS.amdAfter, child.abort.signal).then(
    () => true,
    () => false,
  );
  if (!detected || !child.answeredBy) return;
  await deliver(state, child, url, 'amd', {
    AccountSid: state.options.accountSid,
    CallSid: child.sid,
    AnsweredBy: child.answeredBy,
    MachineDetectionDuration: String(Math.round(TIMINGS.amdAfter * state.timeScale)),
  });
}

async function fetchTwiml(state: EmulatorState, leg: Leg, url: string, kind: 'twiml' | 'action', extra: Record<string, string> = {}): Promise<XmlElement[] | null> {
  const answer = await deliver(state, leg, url, kind, { ...baseParams(state, leg), ...extra });
  if (!answer || answer.status < 200 || answer.status >= 300) {
    state.log('TwiML not fetched; the call ends (Twilio: "an application error has occurred")', { sid: leg.sid, status: answer?.status });
    return null;
  }
  try {
    const root = parseXml(answer.body);
    if (root.name !== 'Response') throw new Error(`root is <${root.name}>`);
    return root.children;
  } catch (err) {
    state.log('TwiML unreadable; the call ends', { sid: leg.sid, err: String(err) });
    return null;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}
