import { eq, sql } from 'drizzle-orm';
import { decode, encode } from 'next-auth/jwt';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { env } from '@/lib/platform/config/env';
import type { Actor } from '@/lib/platform/core/context';
import { readSessionClaims, SESSION_LIFETIME_SECONDS, sessionState, type SessionClaims, type SessionState } from './session-claims';
import { actorOf } from './actor';

/**
 * Server-side sessions on top of next-auth's signed JWT cookie: the cookie names the user, the
 * session version it was issued under and when the user signed in; every request compares them
 * with the user's row (sessionState). Ending a user's sessions is raising the version.
 */

const DEVELOPMENT_SECRET = 'huifang-development-secret-not-for-production';

export function sessionSecret(): string {
  return env().NEXTAUTH_SECRET ?? DEVELOPMENT_SECRET;
}

/** Cookies are `Secure` (and `__Secure-` named) when the site is served over https. */
export function secureCookies(): boolean {
  return new URL(env().PUBLIC_BASE_URL).protocol === 'https:';
}

/** The one cookie a session lives in; the other name is never read (a plain-http cookie on an https site). */
export function sessionCookieName(): string {
  return secureCookies() ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
}

/** The claims a new session starts with. */
export function newSessionClaims(user: { id: string; sessionVersion: number }, now: Date): SessionClaims {
  return { uid: user.id, sv: user.sessionVersion, sat: Math.floor(now.getTime() / 1000) };
}

/** A session token as next-auth issues it (same secret and lifetime); for re-issuing after a password change, and tests. */
export function encodeSessionToken(claims: SessionClaims & Record<string, unknown>): Promise<string> {
  return encode({ secret: sessionSecret(), token: { sub: claims.uid, ...claims }, maxAge: SESSION_LIFETIME_SECONDS });
}

async function sessionHolder(db: DbOrTx, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return user;
}

/** The state of the session these claims describe, against the user's row now. */
export async function checkSession(db: DbOrTx, claims: SessionClaims, now: Date): Promise<{ state: SessionState; actor: Actor | null }> {
  const user = await sessionHolder(db, claims.uid);
  const state = sessionState(claims, user, now);
  if (state !== 'current' || !user) return { state, actor: null };
  return { state, actor: actorOf(user) };
}

/**
 * The actor a session cookie's token stands for, re-read from the database — role and unit as they
 * are now — or null when the token is missing, forged, expired, or its session was ended.
 */
export async function actorForSessionToken(db: DbOrTx, token: string | undefined, now: Date): Promise<Actor | null> {
  if (!token) return null;
  const payload = await decode({ token, secret: sessionSecret() }).catch(() => null);
  const claims = readSessionClaims(payload);
  if (!claims) return null;
  if (typeof payload?.exp === 'number' && payload.exp * 1000 <= now.getTime()) return null;
  return (await checkSession(db, claims, now)).actor;
}

/**
 * For a stream that outlives the request that checked it: has this token's session ended, or come
 * to stand for someone other than `userId`?
 */
export async function sessionHasEnded(db: DbOrTx, token: string | undefined, userId: string, now: Date): Promise<boolean> {
  return (await actorForSessionToken(db, token, now))?.id !== userId;
}

/**
 * Ends every session of the user at once (every device, every tab): sign-out, deactivation, a
 * password or role change. Returns the new version, under which a session may be issued again.
 */
export async function endSessions(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  return row?.sessionVersion ?? 0;
}

/**
 * 退出: ends the user's sessions when the token signing out is a current one. A stale or ended
 * token signing out changes nothing, so a copied old cookie cannot keep signing its owner out.
 */
export async function signOutSession(db: DbOrTx, payload: unknown, now: Date): Promise<boolean> {
  const claims = readSessionClaims(payload);
  if (!claims) return false;
  const { state } = await checkSession(db, claims, now);
  if (state !== 'current') return false;
  await endSessions(db, claims.uid);
  return true;
}
