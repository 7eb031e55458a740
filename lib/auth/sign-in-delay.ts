/**
 * How long a client must wait before its next sign-in to an account, after failing to sign in to
 * that account from that address (the pair) `failures` times in a row. Growing delays per pair
 * instead of an account lock: wrong passwords typed elsewhere never keep the owner out, while
 * guessing from one address slows to one try per MAX_DELAY_SECONDS.
 */
export const FREE_FAILURES = 2;
export const FIRST_DELAY_SECONDS = 1;
export const MAX_DELAY_SECONDS = 15 * 60;

export function signInDelaySeconds(failures: number): number {
  if (!Number.isFinite(failures) || failures <= FREE_FAILURES) return 0;
  const steps = Math.min(failures - FREE_FAILURES - 1, 30);
  return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** steps);
}
