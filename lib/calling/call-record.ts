/**
 * How a call's stored record reads, for the calling rules (an attempt's evidence) and the callback
 * outcome as much as for telephony, which writes it: the answering-machine detection is an event of
 * the contact's leg whose status is AMD_STATUS_PREFIX + Twilio's AnsweredBy, and a call the provider
 * did not place carries one of PROVIDER_ERRORS as its errorCode.
 */

/** Prefix of the answering-machine-detection events of the contact's leg. */
export const AMD_STATUS_PREFIX = 'answered-by:';

/** Twilio's AnsweredBy values that are not a person. */
export function isMachine(answeredBy: string | null | undefined): boolean {
  return !!answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax');
}

/** errorCode of a call the provider did not place; 'line_busy' = never sent (calls-per-second saturated). */
export const PROVIDER_ERRORS: readonly string[] = ['provider_unavailable', 'provider_refused'];
