/**
 * Reason codes of sampling decisions. Each is a catalogue key (messages/<locale>/sampling.json
 * → reason.*) filled with the decision's parameters: the readable "why". No server imports, so
 * forms and pages in the browser can use them too.
 */
export const REASONS = {
  /** Drawn by the class rate: "class B rate 50 %: draw 0.3100 < 0.5000". */
  rate: 'sampling.reason.rate',
  /** Not drawn: "class B rate 50 %: draw 0.7100 ≥ 0.5000". */
  notDrawn: 'sampling.reason.notDrawn',
  /** A data-check flag (e.g. a late report) and "always sample flagged visits" is on. */
  flagged: 'sampling.reason.flagged',
  /** The manager had fewer sampled visits in the month than the minimum: topped up by draw order. */
  topUp: 'sampling.reason.topUp',
  /** Excluded: the visit was older than the policy's limit when it was decided. */
  excludedOld: 'sampling.reason.excludedOld',
  /** Excluded: the customer has no active contact with a phone number to call. */
  excludedNoPhone: 'sampling.reason.excludedNoPhone',
} as const;
export type ReasonCode = (typeof REASONS)[keyof typeof REASONS];
export const REASON_CODES = Object.values(REASONS) as ReasonCode[];
export const EXCLUSION_REASONS: readonly ReasonCode[] = [REASONS.excludedOld, REASONS.excludedNoPhone];

export type ReasonParams = Record<string, string | number>;

