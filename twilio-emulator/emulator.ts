import { close, listen } from './http';
import { hangUpAll, hangUpLeg, listCalls } from './legs';
import { emulatorState, type EmulatedCall, type EmulatedRecording, type EmulatorOptions, type EmulatorState } from './state';

/** One emulator: its HTTP server, calls and recordings, and what tests ask of it. */
export class TwilioEmulator {
  private readonly state: EmulatorState;
  /** Arrival time (ms) of every accepted create request — the calls-per-second evidence. */
  readonly createdAt: number[];

  constructor(options: EmulatorOptions) {
    this.state = emulatorState(options);
    this.createdAt = this.state.createdAt;
  }

  /** Where it listens, once started. */
  get url(): string {
    return this.state.url;
  }

  start(): Promise<string> {
    return listen(this.state);
  }

  /** Stops listening and ends every call in flight (without further callbacks). */
  async stop(): Promise<void> {
    hangUpAll(this.state, 'emulator stopped');
    await close(this.state);
  }

  /**
   * Waits until no emulated call is in progress. With `hangUp`, every leg still talking is hung
   * up on each pass — including a customer leg dialled after an earlier hang-up, which would
   * otherwise talk forever.
   */
  async settle(options: { hangUp?: boolean } = {}): Promise<void> {
    while (this.state.running.size > 0) {
      if (options.hangUp) this.hangUpAll();
      await Promise.race([Promise.allSettled([...this.state.running]), new Promise((resolve) => setTimeout(resolve, 200))]);
    }
  }

  calls(): EmulatedCall[] {
    return listCalls(this.state);
  }

  call(sid: string): EmulatedCall | undefined {
    return this.calls().find((c) => c.sid === sid);
  }

  recordings(): EmulatedRecording[] {
    return [...this.state.recordings.values()].map((r) => ({ ...r }));
  }

  /** Ends every call still on (tests, between cases). */
  hangUpAll(): void {
    hangUpAll(this.state);
  }

  /** The contact (or the agent, for an agent leg) puts the phone down. */
  hangUpLeg(sid: string): boolean {
    return hangUpLeg(this.state, sid);
  }
}

export function createTwilioEmulator(options: EmulatorOptions): TwilioEmulator {
  return new TwilioEmulator(options);
}
