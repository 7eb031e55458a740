import crypto from 'node:crypto';

// One-shot crypto.hash (Node ≥ 20.12) is about twice as fast as createHash for short inputs; a
// batch draws a million times.
const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string) => string }).hash;
const sha256Hex: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text)
  : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The draw for a visit: a number in [0, 1) that is a pure function of the policy version's seed
 * and the visit id, so deciding again (a re-run, the other path, an auditor) always gets the same.
 *
 * Recipe (documented so anyone can recompute it, e.g. in psql — see `DRAW_SQL`):
 *   sha256 of the UTF-8 text `${seed}:${visitId}` (visit id in lower-case canonical uuid form),
 *   its first 6 bytes read as an unsigned big-endian 48-bit integer, divided by 2^48.
 * 48 bits fit a double exactly, so the SQL and TypeScript values are bit-for-bit equal.
 */
export function samplingDraw(seed: string, visitId: string): number {
  // 12 hex digits = 48 bits: parseInt reads them exactly.
  return parseInt(sha256Hex(`${seed}:${visitId.toLowerCase()}`).slice(0, 12), 16) / 2 ** 48;
}

/**
 * The same draw in PostgreSQL, for audits and ad-hoc checks: `$1` is the seed, `$2` the visit id
 * (a uuid column or text). Proved equal to `samplingDraw` by tests/integration/sampling-draw.test.ts.
 */
export const DRAW_SQL = `(('x' || left(encode(sha256(convert_to($1::text || ':' || $2::text, 'UTF8')), 'hex'), 12))::bit(48)::bigint::float8 / 281474976710656.0)`;

/** Shown in reasons: cut (never rounded up) to 4 places, so a draw never reads as its threshold. */
export function formatDraw(draw: number): string {
  return (Math.floor(draw * 10_000) / 10_000).toFixed(4);
}

/** The threshold a draw is compared with, for reasons: rate 50 % → '0.5000'. */
export function formatThreshold(ratePercent: number): string {
  return (ratePercent / 100).toFixed(4);
}
