/**
 * What a session token says about its session, and whether that session is still current — pure,
 * so the rule is tested by itself (session-claims.test.ts) and applied the same way by the page and
 * route guards (lib/auth/sessions.ts) and by next-auth's own /api/auth/session (lib/auth/options.ts).
 */

/**
 * A session lasts at most this long from sign-in, however often it is used: the sign-in is not
 * extended by activity (a token copied off a machine dies with the shift it was issued for).
 */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;

/** Tolerance for a token issued by another web process whose clock runs slightly ahead. */
const CLOCK_SKEW_SECONDS = 60;

export interface SessionClaims {
  /** The user's id. */
  uid: string;
  /** The user's session version when the session was issued (users.session_version). */
  sv: number;
  /** Signed in at, in seconds since the epoch. */
  sat: number;
}

/** The claims of a decoded token, or null when any is missing or malformed (an older token format). */
export function readSessionClaims(payload: unknown): SessionClaims | null {
  if (!payload || typeof payload !== 'object') return null;
  const { uid, sv, sat } = payload as Record<string, unknown>;
  if (typeof uid !== 'string' || uid.length === 0) return null;
  if (typeof sv !== 'number' || !Number.isSafeInteger(sv) || sv < 0) return null;
  if (typeof sat !== 'number' || !Number.isFinite(sat)) return null;
  return { uid, sv, sat };
}

export interface SessionHolder {
  active: boolean;
  sessionVersion: number;
}

export type SessionState = 'current' | 'unknownUser' | 'inactive' | 'revoked' | 'expired';

/**
 * Whether a session may act now: its user exists and is active, nothing ended the user's sessions
 * since it was issued (sign-out, deactivation, a password or role change raise the version), and
 * it is younger than SESSION_LIFETIME_SECONDS.
 */
export function sessionState(claims: SessionClaims, user: SessionHolder | undefined, now: Date): SessionState {
  if (!user) return 'unknownUser';
  if (!user.active) return 'inactive';
  if (claims.sv !== user.sessionVersion) return 'revoked';
  const nowSeconds = now.getTime() / 1000;
  if (claims.sat > nowSeconds + CLOCK_SKEW_SECONDS || nowSeconds - claims.sat >= SESSION_LIFETIME_SECONDS) return 'expired';
  return 'current';
}
