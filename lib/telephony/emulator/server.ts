import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { parseRangeHeader, resolveRange } from '../byte-range';
import { customerBehaviour, TIMINGS, type CustomerBehaviour } from './behaviour';
import { generateWav, WAV_CONTENT_TYPE } from './wav';
import { parseXml, type XmlElement } from './xml';

/**
 * A local stand-in for the part of Twilio's Voice REST API Huifang uses, for the demo and the
 * tests — the app talks to it with the real `twilio` SDK (see EmulatorRequestClient):
 *
 *   POST /2010-04-01/Accounts/{AccountSid}/Calls.json            create a call (form-encoded)
 *   GET  /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json  fetch it
 *   POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json  Status=completed|canceled hangs up
 *   GET  /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}[.wav|.json]  a recording's media
 *        (WAV, audio/x-wav; one Range of bytes honoured) or its resource
 *
 * Basic auth must be the configured Account SID and auth token. A created call rings the `To`
 * phone (the agent's, who answers after ~1 s), fetches the TwiML from `Url` (POST, signed),
 * runs <Say>/<Pause>/<Play>/<Hangup>/<Redirect>/<Dial><Number>, plays the dialled contact per
 * the number's last two digits (behaviour.ts), and posts the status callbacks of both legs,
 * answering-machine detection and recording callbacks, with Twilio's parameter names and
 * signed exactly as Twilio signs them (the SDK's own getExpectedTwilioSignature).
 *
 * A <Dial record="record-from-answer…"> that bridged leaves a recording, as Twilio does: its
 * status callback (RecordingSid, RecordingUrl, RecordingDuration, …) once the dial ends, and its
 * media at RecordingUrl behind the same basic auth — a tone generated in code (wav.ts), as long as
 * the conversation (at most 5 minutes), one or two channels like the recording.
 *
 * Not Twilio: no real audio (the recording is a tone, .mp3 is not offered), GET callbacks are
 * sent as POST, and extra endpoints under /__emulator/ list the calls and let the contact hang up
 * (for tests and demos).
 */
export interface EmulatorOptions {
  accountSid: string;
  authToken: string;
  /** 0 = any free port. */
  port?: number;
  host?: string;
  /** Multiplies every delay (0.05 makes a 2 s answer 100 ms). */
  timeScale?: number;
  /** When set, `From` must be one of these (Twilio: a Twilio number or a verified caller ID). */
  callerIds?: readonly string[];
  log?: (line: string, data?: Record<string, unknown>) => void;
}

export interface Delivery {
  url: string;
  kind: 'twiml' | 'status' | 'amd' | 'recording' | 'action';
  params: Record<string, string>;
  status: number | 'error';
  at: number;
}

export interface EmulatedCall {
  sid: string;
  parentCallSid: string | null;
  direction: 'outbound-api' | 'outbound-dial';
  to: string;
  from: string;
  status: string;
  answeredBy: string | null;
  behaviour: CustomerBehaviour | 'agent';
  createdAt: number;
  startTime: number | null;
  endTime: number | null;
  /** Status values in the order this leg went through them. */
  history: string[];
  deliveries: Delivery[];
}

interface Leg extends EmulatedCall {
  statusCallback: string | null;
  events: Set<string>;
  sequence: number;
  /** Aborted when this leg is hung up (by the API, the other party, or the end of the TwiML). */
  abort: AbortController;
  child: Leg | null;
  /** Set on the agent leg while its <Dial> runs. */
  dialing: boolean;
  recordingSid: string | null;
}

export interface EmulatedRecording {
  sid: string;
  callSid: string;
  channels: 1 | 2;
  durationSeconds: number;
  startTime: number;
}

class HungUp extends Error {}

const API = '/2010-04-01';
const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');
const newSid = (prefix: string) => prefix + randomBytes(16).toString('hex');

export class TwilioEmulator {
  private server: http.Server | null = null;
  private readonly legs = new Map<string, Leg>();
  private readonly recordingStore = new Map<string, EmulatedRecording>();
  /** The media of the last few recordings played (generated on first request). */
  private readonly mediaCache = new Map<string, Buffer>();
  private readonly running = new Set<Promise<void>>();
  private readonly timeScale: number;
  private readonly log: NonNullable<EmulatorOptions['log']>;
  /** Arrival time (ms) of every accepted create request — the calls-per-second evidence. */
  readonly createdAt: number[] = [];
  url = '';

  constructor(private readonly options: EmulatorOptions) {
    this.timeScale = options.timeScale ?? 1;
    this.log = options.log ?? (() => undefined);
  }

  async start(): Promise<string> {
    const server = http.createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        this.log('request failed', { err: String(err) });
        if (!res.headersSent) this.json(res, 500, { code: 20500, message: 'Internal Server Error', status: 500 });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    this.url = `http://${this.options.host ?? '127.0.0.1'}:${address.port}`;
    return this.url;
  }

  /** Stops listening and ends every call in flight (without further callbacks). */
  async stop(): Promise<void> {
    for (const leg of this.legs.values()) if (!FINAL.has(leg.status)) leg.abort.abort(new HungUp('emulator stopped'));
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Waits until every call flow started so far has finished (tests). */
  /**
   * Waits until no emulated call is in progress. With `hangUp`, every leg still talking is hung
   * up on each pass — including a customer leg dialled after an earlier hang-up, which would
   * otherwise talk forever.
   */
  async settle(options: { hangUp?: boolean } = {}): Promise<void> {
    while (this.running.size > 0) {
      if (options.hangUp) this.hangUpAll();
      await Promise.race([Promise.allSettled([...this.running]), new Promise((resolve) => setTimeout(resolve, 200))]);
    }
  }

  calls(): EmulatedCall[] {
    return [...this.legs.values()].map((leg) => ({
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
    }));
  }

  call(sid: string): EmulatedCall | undefined {
    return this.calls().find((c) => c.sid === sid);
  }

  recordings(): EmulatedRecording[] {
    return [...this.recordingStore.values()].map((r) => ({ ...r }));
  }

  /** Ends every call still on (tests, between cases). */
  hangUpAll(): void {
    for (const leg of this.legs.values()) if (!FINAL.has(leg.status)) leg.abort.abort(new HungUp('hung up by the party'));
  }

  /** The contact (or the agent, for an agent leg) puts the phone down. */
  hangUpLeg(sid: string): boolean {
    const leg = this.legs.get(sid);
    if (!leg || FINAL.has(leg.status)) return false;
    leg.abort.abort(new HungUp('hung up by the party'));
    return true;
  }

  // ---------------------------------------------------------------- HTTP

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const arrivedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const body = await readBody(req);
    if (url.pathname === '/' || url.pathname === '/health') return this.json(res, 200, { ok: true, emulator: 'twilio', calls: this.legs.size });
    if (!this.authorised(req)) return this.error(res, 401, 20003, 'Authenticate');

    if (url.pathname === '/__emulator/calls' && req.method === 'GET') return this.json(res, 200, { calls: this.calls() });
    const control = /^\/__emulator\/calls\/(CA[0-9a-f]{32})\/hangup$/.exec(url.pathname);
    if (control && req.method === 'POST') return this.json(res, this.hangUpLeg(control[1]) ? 200 : 404, { sid: control[1] });

    const list = new RegExp(`^${API}/Accounts/([^/]+)/Calls\\.json$`).exec(url.pathname);
    const item = new RegExp(`^${API}/Accounts/([^/]+)/Calls/([^/]+)\\.json$`).exec(url.pathname);
    const recording = new RegExp(`^${API}/Accounts/([^/]+)/Recordings/([^/.]+)(\\.[a-z0-9]+)?$`).exec(url.pathname);
    const account = list?.[1] ?? item?.[1] ?? recording?.[1];
    if (account !== undefined && account !== this.options.accountSid) return this.error(res, 401, 20003, 'Authenticate');
    const form = new URLSearchParams(body);

    if (list && req.method === 'POST') return this.create(res, form, arrivedAt);
    if (item && req.method === 'GET') {
      const leg = this.legs.get(item[2]);
      return leg ? this.json(res, 200, this.resource(leg)) : this.notFound(res, url.pathname);
    }
    if (item && req.method === 'POST') return this.update(res, item[2], form, url.pathname);
    if (recording && req.method === 'GET') return this.recordingMedia(req, res, recording[2], recording[3] ?? '', url.pathname);
    return this.notFound(res, url.pathname);
  }

  /** A recording's media (no extension or .wav: WAV, honouring one byte range) or its resource (.json). */
  private recordingMedia(req: http.IncomingMessage, res: http.ServerResponse, sid: string, extension: string, path: string): void {
    const rec = this.recordingStore.get(sid);
    if (!rec) return this.notFound(res, path);
    if (extension === '.json') return this.json(res, 200, this.recordingResource(rec));
    if (extension !== '' && extension !== '.wav') return this.error(res, 404, 20404, `The emulator serves recordings as WAV only (no extension or .wav), not ${extension}`);
    let media = this.mediaCache.get(sid);
    if (!media) {
      media = generateWav(rec.durationSeconds, rec.channels);
      this.mediaCache.set(sid, media);
      for (const key of this.mediaCache.keys()) if (this.mediaCache.size > 8) this.mediaCache.delete(key);
    }
    const headers = { 'Content-Type': WAV_CONTENT_TYPE, 'Accept-Ranges': 'bytes' };
    const asked = parseRangeHeader(req.headers.range);
    if (!asked) {
      res.writeHead(200, { ...headers, 'Content-Length': String(media.length) });
      return void res.end(media);
    }
    const range = resolveRange(asked, media.length);
    if (!range) {
      res.writeHead(416, { 'Content-Range': `bytes */${media.length}` });
      return void res.end();
    }
    res.writeHead(206, { ...headers, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${media.length}` });
    res.end(media.subarray(range.start, range.end + 1));
  }

  private recordingResource(rec: EmulatedRecording) {
    const uri = `${API}/Accounts/${this.options.accountSid}/Recordings/${rec.sid}.json`;
    return {
      sid: rec.sid,
      account_sid: this.options.accountSid,
      call_sid: rec.callSid,
      conference_sid: null,
      api_version: '2010-04-01',
      date_created: rfc2822(rec.startTime),
      date_updated: rfc2822(rec.startTime),
      start_time: rfc2822(rec.startTime),
      duration: String(rec.durationSeconds),
      channels: rec.channels,
      source: 'DialVerb',
      status: 'completed',
      price: null,
      price_unit: 'USD',
      error_code: null,
      media_url: `${this.url}${uri.replace('.json', '')}`,
      uri,
    };
  }

  private authorised(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return decoded.slice(0, colon) === this.options.accountSid && decoded.slice(colon + 1) === this.options.authToken;
  }

  private create(res: http.ServerResponse, form: URLSearchParams, arrivedAt: number): void {
    const to = form.get('To');
    const from = form.get('From');
    const twimlUrl = form.get('Url');
    if (!to) return this.error(res, 400, 21201, "No 'To' number is specified");
    if (!from) return this.error(res, 400, 21213, "No 'From' number is specified");
    if (!twimlUrl) return this.error(res, 400, 21205, 'Url parameter is required.');
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return this.error(res, 400, 21211, `Invalid 'To' Phone Number: ${maskForLog(to)}`);
    if (this.options.callerIds && !this.options.callerIds.includes(from)) return this.error(res, 400, 21210, "'From' phone number not verified");
    if (!isHttpUrl(twimlUrl)) return this.error(res, 400, 21205, 'Url is not a valid URL.');
    const leg = this.newLeg({
      direction: 'outbound-api',
      to,
      from,
      parent: null,
      statusCallback: form.get('StatusCallback'),
      events: form.getAll('StatusCallbackEvent'),
      behaviour: 'agent',
    });
    this.createdAt.push(arrivedAt);
    this.log('call created', { sid: leg.sid });
    this.json(res, 201, this.resource(leg));
    const timeout = Number(form.get('Timeout') ?? 60);
    this.track(this.runAgentLeg(leg, twimlUrl, Number.isFinite(timeout) ? timeout : 60));
  }

  private update(res: http.ServerResponse, sid: string, form: URLSearchParams, path: string): void {
    const leg = this.legs.get(sid);
    if (!leg) return this.notFound(res, path);
    const status = form.get('Status');
    if (status === 'completed' || status === 'canceled') {
      if (status === 'canceled' && leg.status === 'in-progress') {
        // Twilio: "canceled" only applies to a call that is queued or ringing.
        return this.json(res, 200, this.resource(leg));
      }
      if (!FINAL.has(leg.status)) leg.abort.abort(new HungUp('hung up through the API'));
      return this.json(res, 200, this.resource(leg));
    }
    if (status) return this.error(res, 400, 21218, `Invalid Status: ${status}`);
    return this.json(res, 200, this.resource(leg));
  }

  private resource(leg: Leg) {
    const uri = `${API}/Accounts/${this.options.accountSid}/Calls/${leg.sid}.json`;
    return {
      sid: leg.sid,
      date_created: rfc2822(leg.createdAt),
      date_updated: rfc2822(Date.now()),
      parent_call_sid: leg.parentCallSid,
      account_sid: this.options.accountSid,
      to: leg.to,
      to_formatted: leg.to,
      from: leg.from,
      from_formatted: leg.from,
      phone_number_sid: null,
      status: leg.status,
      start_time: leg.startTime ? rfc2822(leg.startTime) : null,
      end_time: leg.endTime ? rfc2822(leg.endTime) : null,
      duration: leg.endTime ? String(durationOf(leg)) : null,
      price: null,
      price_unit: 'USD',
      direction: leg.direction,
      answered_by: leg.answeredBy,
      api_version: '2010-04-01',
      forwarded_from: null,
      group_sid: null,
      caller_name: null,
      queue_time: '0',
      trunk_sid: null,
      uri,
      subresource_uris: { recordings: uri.replace('.json', '/Recordings.json'), events: uri.replace('.json', '/Events.json') },
    };
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private error(res: http.ServerResponse, status: number, code: number, message: string): void {
    this.json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }

  private notFound(res: http.ServerResponse, path: string): void {
    this.error(res, 404, 20404, `The requested resource ${path} was not found`);
  }

  // ---------------------------------------------------------------- call flows

  private newLeg(init: {
    direction: Leg['direction'];
    to: string;
    from: string;
    parent: Leg | null;
    statusCallback: string | null;
    events: string[];
    behaviour: Leg['behaviour'];
  }): Leg {
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
    this.legs.set(leg.sid, leg);
    return leg;
  }

  private track(flow: Promise<void>): void {
    const tracked = flow.catch((err: unknown) => this.log('call flow failed', { err: String(err) }));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new HungUp());
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms * this.timeScale));
      const onAbort = () => {
        clearTimeout(timer);
        reject(new HungUp());
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private async runAgentLeg(leg: Leg, twimlUrl: string, ringTimeoutSeconds: number): Promise<void> {
    const signal = leg.abort.signal;
    try {
      await this.sleep(50, signal);
      await this.progress(leg, 'initiated', 'initiated');
      await this.sleep(TIMINGS.setup, signal);
      await this.progress(leg, 'ringing', 'ringing');
      await this.sleep(Math.min(TIMINGS.agentAnswers, ringTimeoutSeconds * 1000), signal);
      leg.startTime = Date.now();
      await this.progress(leg, 'in-progress', 'answered');
      const twiml = await this.fetchTwiml(leg, twimlUrl, 'twiml');
      if (twiml) await this.execute(leg, twiml, 0);
      await this.finish(leg, 'completed');
    } catch (error) {
      if (!(error instanceof HungUp)) throw error;
      await this.endAfterHangUp(leg);
    }
  }

  /** After an abort: the contact's leg first (if any), then this one, as Twilio reports them. */
  private async endAfterHangUp(leg: Leg): Promise<void> {
    if (this.server === null) return; // stopped: no more callbacks
    const child = leg.child;
    if (child && !FINAL.has(child.status)) await this.finish(child, child.status === 'in-progress' ? 'completed' : 'canceled');
    if (!FINAL.has(leg.status)) await this.finish(leg, leg.status === 'in-progress' ? 'completed' : 'canceled');
  }

  private async execute(leg: Leg, verbs: XmlElement[], depth: number): Promise<'hangup' | 'done'> {
    const signal = leg.abort.signal;
    for (const verb of verbs) {
      switch (verb.name) {
        case 'Say':
          await this.sleep(Math.max(TIMINGS.sayMin, verb.text.trim().length * TIMINGS.sayPerChar), signal);
          break;
        case 'Play':
          await this.sleep(2000, signal);
          break;
        case 'Pause':
          await this.sleep(Number(verb.attrs.length ?? 1) * 1000, signal);
          break;
        case 'Hangup':
        case 'Reject':
          return 'hangup';
        case 'Redirect': {
          if (depth > 10) return 'hangup';
          const next = await this.fetchTwiml(leg, verb.text.trim(), 'twiml');
          return next ? this.execute(leg, next, depth + 1) : 'hangup';
        }
        case 'Dial': {
          const result = await this.dial(leg, verb, depth);
          if (result === 'hangup') return 'hangup';
          break;
        }
        default:
          this.log('TwiML verb not emulated', { verb: verb.name });
      }
    }
    return 'done';
  }

  private async dial(parent: Leg, dial: XmlElement, depth: number): Promise<'hangup' | 'done'> {
    const numberEl = dial.children.find((c) => c.name === 'Number');
    const number = (numberEl?.text ?? dial.text).trim();
    const noun = numberEl?.attrs ?? {};
    const timeoutSeconds = clamp(Number(dial.attrs.timeout ?? 30), 5, 600);
    const timeLimitSeconds = clamp(Number(dial.attrs.timeLimit ?? 14_400), 1, 14_400);
    const record = dial.attrs.record ?? 'do-not-record';
    const child = this.newLeg({
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
      await this.progress(child, 'initiated', 'initiated');
      if (!/^\+[1-9]\d{6,14}$/.test(number) || child.behaviour === 'failed') {
        await this.sleep(200, childSignal);
        dialStatus = 'failed';
        await this.finish(child, 'failed');
      } else {
        await this.sleep(TIMINGS.setup, childSignal);
        await this.progress(child, 'ringing', 'ringing');
        if (child.behaviour === 'busy') {
          await this.sleep(TIMINGS.busyAfter, childSignal);
          dialStatus = 'busy';
          await this.finish(child, 'busy');
        } else if (child.behaviour === 'no-answer' || timeoutSeconds * 1000 <= TIMINGS.customerAnswers) {
          await this.sleep(timeoutSeconds * 1000, childSignal);
          dialStatus = 'no-answer';
          await this.finish(child, 'no-answer');
        } else {
          await this.sleep(TIMINGS.customerAnswers, childSignal);
          child.startTime = Date.now();
          if (machineDetection) child.answeredBy = child.behaviour === 'machine' ? 'machine_start' : 'human';
          await this.progress(child, 'in-progress', 'answered');
          if (noun.url) {
            const whisper = await this.fetchTwiml(child, noun.url, 'twiml');
            if (whisper && (await this.execute(child, whisper, depth + 1)) === 'hangup') throw new HungUp('whisper hung up');
          }
          bridgedAt = Date.now();
          dialStatus = 'completed';
          if (machineDetection && noun.amdStatusCallback) this.track(this.reportAmd(child, noun.amdStatusCallback));
          const talk = child.behaviour === 'machine' ? Math.min(TIMINGS.machineRecords, timeLimitSeconds * 1000) : timeLimitSeconds * 1000;
          await this.sleep(talk, childSignal).catch((error: unknown) => {
            if (!(error instanceof HungUp)) throw error;
          });
          if (parent.abort.signal.aborted) throw new HungUp();
          await this.finish(child, 'completed');
        }
      }
    } catch (error) {
      if (!(error instanceof HungUp)) throw error;
      if (parent.abort.signal.aborted) {
        await this.recordingDone(parent, dial, record, bridgedAt);
        throw error; // the agent's leg is ending: endAfterHangUp reports both legs
      }
      if (!FINAL.has(child.status)) await this.finish(child, child.status === 'in-progress' ? 'completed' : 'canceled');
      dialStatus = child.status;
    } finally {
      parent.dialing = false;
    }
    await this.recordingDone(parent, dial, record, bridgedAt);

    if (dial.attrs.action) {
      const next = await this.fetchTwiml(parent, dial.attrs.action, 'action', {
        DialCallStatus: dialStatus,
        DialCallSid: child.sid,
        DialCallDuration: String(bridgedAt ? Math.round((Date.now() - bridgedAt) / 1000) : 0),
        DialBridged: String(bridgedAt !== null),
      });
      return next ? this.execute(parent, next, depth + 1) : 'hangup';
    }
    return 'done';
  }

  private async reportAmd(child: Leg, url: string): Promise<void> {
    const detected = await this.sleep(TIMINGS.amdAfter, child.abort.signal).then(
      () => true,
      () => false,
    );
    if (!detected || !child.answeredBy) return;
    await this.deliver(child, url, 'amd', {
      AccountSid: this.options.accountSid,
      CallSid: child.sid,
      AnsweredBy: child.answeredBy,
      MachineDetectionDuration: String(Math.round(TIMINGS.amdAfter * this.timeScale)),
    });
  }

  private async recordingDone(parent: Leg, dial: XmlElement, record: string, bridgedAt: number | null): Promise<void> {
    if (!record.startsWith('record-from') || bridgedAt === null || parent.recordingSid || this.server === null) return;
    parent.recordingSid = newSid('RE');
    const durationSeconds = Math.max(0, Math.round((Date.now() - bridgedAt) / 1000));
    const channels = record.endsWith('-dual') ? 2 : 1;
    this.recordingStore.set(parent.recordingSid, { sid: parent.recordingSid, callSid: parent.sid, channels, durationSeconds, startTime: bridgedAt });
    const url = dial.attrs.recordingStatusCallback;
    const events = (dial.attrs.recordingStatusCallbackEvent ?? 'completed').split(/\s+/);
    if (!url || !events.includes('completed')) return;
    await this.deliver(parent, url, 'recording', {
      AccountSid: this.options.accountSid,
      CallSid: parent.sid,
      RecordingSid: parent.recordingSid,
      RecordingUrl: `${this.url}${API}/Accounts/${this.options.accountSid}/Recordings/${parent.recordingSid}`,
      RecordingStatus: 'completed',
      RecordingDuration: String(durationSeconds),
      RecordingChannels: String(channels),
      RecordingStartTime: rfc2822(bridgedAt),
      RecordingSource: 'DialVerb',
      RecordingTrack: 'both',
    });
  }

  /** Moves a leg to a status and reports the event if the leg's callback subscribed to it. */
  private async progress(leg: Leg, status: string, event: string): Promise<void> {
    if (FINAL.has(leg.status)) return;
    leg.status = status;
    leg.history.push(status);
    if (leg.statusCallback && leg.events.has(event)) await this.deliver(leg, leg.statusCallback, 'status', this.statusParams(leg));
  }

  private async finish(leg: Leg, status: string): Promise<void> {
    if (FINAL.has(leg.status)) return;
    leg.status = status;
    leg.endTime = Date.now();
    leg.history.push(status);
    if (!leg.abort.signal.aborted) leg.abort.abort(new HungUp('ended'));
    // Every final status is reported under the "completed" event.
    if (leg.statusCallback && leg.events.has('completed') && this.server !== null) {
      await this.deliver(leg, leg.statusCallback, 'status', { ...this.statusParams(leg), CallDuration: String(durationOf(leg)), Duration: String(Math.ceil(durationOf(leg) / 60)) });
    }
  }

  private baseParams(leg: Leg): Record<string, string> {
    return {
      AccountSid: this.options.accountSid,
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

  private statusParams(leg: Leg): Record<string, string> {
    return { ...this.baseParams(leg), CallbackSource: 'call-progress-events', SequenceNumber: String(leg.sequence++), Timestamp: rfc2822(Date.now()) };
  }

  private async fetchTwiml(leg: Leg, url: string, kind: 'twiml' | 'action', extra: Record<string, string> = {}): Promise<XmlElement[] | null> {
    const answer = await this.deliver(leg, url, kind, { ...this.baseParams(leg), ...extra });
    if (!answer || answer.status < 200 || answer.status >= 300) {
      this.log('TwiML not fetched; the call ends (Twilio: "an application error has occurred")', { sid: leg.sid, status: answer?.status });
      return null;
    }
    try {
      const root = parseXml(answer.body);
      if (root.name !== 'Response') throw new Error(`root is <${root.name}>`);
      return root.children;
    } catch (err) {
      this.log('TwiML unreadable; the call ends', { sid: leg.sid, err: String(err) });
      return null;
    }
  }

  /** POSTs a signed webhook, as Twilio does; returns the answer (or null when unreachable). */
  private async deliver(leg: Leg, url: string, kind: Delivery['kind'], params: Record<string, string>): Promise<{ status: number; body: string } | null> {
    if (this.server === null) return null; // stopped: Twilio is "down", nothing more is sent
    const record: Delivery = { url, kind, params, status: 'error', at: Date.now() };
    leg.deliveries.push(record);
    if (!isHttpUrl(url)) return null;
    const signature = twilio.getExpectedTwilioSignature(this.options.authToken, url, params);
    try {
      const target = new URL(url);
      // Connect over IPv4 for "localhost" (the web app listens on 127.0.0.1); the signed URL stays as given.
      if (target.hostname === 'localhost') target.hostname = '127.0.0.1';
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
          'X-Twilio-Signature': signature,
          'I-Twilio-Idempotency-Token': randomUUID(),
          'User-Agent': 'TwilioProxy/1.1 (huifang-emulator)',
        },
        body: new URLSearchParams(params).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(15_000),
      });
      const body = await response.text();
      record.status = response.status;
      if (response.status >= 400) this.log('webhook answered with an error', { kind, status: response.status, sid: leg.sid });
      return { status: response.status, body };
    } catch (err) {
      this.log('webhook not delivered', { kind, sid: leg.sid, err: String(err) });
      return null;
    }
  }
}

export function createTwilioEmulator(options: EmulatorOptions): TwilioEmulator {
  return new TwilioEmulator(options);
}

function durationOf(leg: Leg): number {
  if (!leg.startTime) return 0;
  return Math.max(0, Math.round(((leg.endTime ?? Date.now()) - leg.startTime) / 1000));
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Phone numbers in emulator logs keep only their last 4 digits. */
function maskForLog(value: string): string {
  return value.length > 4 ? `…${value.slice(-4)}` : value;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
