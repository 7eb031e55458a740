import { DomainError } from '@/lib/platform/core/errors';

/**
 * The telephony provider could not be reached (or answered with a server error). The attempt was
 * recorded as a technical failure; the callback comes back per the retry rules.
 */
export class TelephonyUnavailableError extends DomainError {
  readonly status = 503;
  constructor(readonly callId: string) {
    super('telephony.providerDown');
  }
}

/** The provider refused the call (its error code in `providerCode`); recorded as a technical failure. */
export class TelephonyRefusedError extends DomainError {
  readonly status = 502;
  constructor(
    readonly callId: string,
    readonly providerCode: number | null,
  ) {
    super('telephony.providerRefused', { code: providerCode ?? '—' });
  }
}

/** Hanging up through the provider failed; the agent can still hang up their own phone. */
export class HangUpFailedError extends DomainError {
  readonly status = 503;
  constructor() {
    super('telephony.hangUpFailed');
  }
}
