import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { CustomerBehaviour } from './behaviour';

/** What one emulator holds and the shapes it speaks in; every concern's functions take the state first. */
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
  /**
   * How many ended calls it remembers (default 5,000); the oldest ended ones are forgotten beyond
   * that, so a long-running emulator (the demo, the soak) does not grow without bound. Calls still
   * going are never forgotten.
   */
  keepEndedCalls?: number;
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

export interface Leg extends EmulatedCall {
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

export interface EmulatorState {
  readonly options: EmulatorOptions;
  readonly timeScale: number;
  readonly log: NonNullable<EmulatorOptions['log']>;
  readonly legs: Map<string, Leg>;
  readonly recordings: Map<string, EmulatedRecording>;
  /** The media of the last few recordings played (generated on first request). */
  readonly mediaCache: Map<string, Buffer>;
  /** The call flows still running (settle waits for them). */
  readonly running: Set<Promise<void>>;
  /** Arrival time (ms) of every accepted create request — the calls-per-second evidence. */
  readonly createdAt: number[];
  /** Null before start and after stop: a stopped emulator sends no more callbacks. */
  server: http.Server | null;
  url: string;
}

export function emulatorState(options: EmulatorOptions): EmulatorState {
  return {
    options,
    timeScale: options.timeScale ?? 1,
    log: options.log ?? (() => undefined),
    legs: new Map(),
    recordings: new Map(),
    mediaCache: new Map(),
    running: new Set(),
    createdAt: [],
    server: null,
    url: '',
  };
}

export const API = '/2010-04-01';

export const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');
export const newSid = (prefix: string) => prefix + randomBytes(16).toString('hex');
