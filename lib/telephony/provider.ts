/**
 * What the app needs from a telephony provider: place a call (to the agent's phone, whose TwiML
 * then dials the contact), read it back, hang it up. Two implementations, chosen by TELEPHONY:
 * real Twilio and the local emulator — both the real `twilio` SDK (see twilio-provider.ts).
 */
export interface PlaceCallRequest {
  /** The agent's phone (E.164): Twilio rings it first. */
  to: string;
  /** The department's caller number. */
  from: string;
  /** Our TwiML webhook, fetched when the agent answers. */
  url: string;
  /** Our status webhook for the agent leg. */
  statusCallback: string;
  /** How long the agent's phone rings before Twilio gives up. */
  timeoutSeconds: number;
  /** Hard cap on the whole call. */
  timeLimitSeconds: number;
}

export interface ProviderCall {
  sid: string;
  status: string;
  durationSeconds: number | null;
}

export interface TelephonyProvider {
  readonly name: 'emulator' | 'twilio';
  placeCall(request: PlaceCallRequest): Promise<ProviderCall>;
  fetchCall(sid: string): Promise<ProviderCall>;
  /** Ends the call: cancels it while it rings, completes it once answered. */
  hangUp(sid: string): Promise<ProviderCall>;
}

/** The provider could not be reached, timed out, or answered with a server error: try later. */
export class ProviderUnavailableError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

/** The provider answered and said no (bad number, unverified caller ID, credentials, …). */
export class ProviderRefusedError extends Error {
  constructor(
    message: string,
    /** Twilio's error code, e.g. 21211 (invalid 'To' number). */
    readonly code: number | null,
    readonly httpStatus: number,
  ) {
    super(message);
    this.name = 'ProviderRefusedError';
  }
}

export type ProviderError = ProviderUnavailableError | ProviderRefusedError;
