import type { Db } from '@/db/client';
import { encodeSessionToken, newSessionClaims, sessionCookieName } from '@/lib/auth/sessions';
import type { Role } from '@/lib/platform/core/context';
import { makeUser } from './factories';

/**
 * The cookies of the request a test plays, for the pages, routes and actions it calls outside a
 * Next server: only Next's request-scoped store is stood in for; the session cookie in it is a
 * real token, read by the real currentActor. In the test file:
 *   vi.mock('server-only', () => ({}));
 *   vi.mock('next/headers', async () => (await import('../support/request-cookies')).nextHeadersStandIn);
 * and `requestCookies.clear()` before each test.
 */
export const requestCookies = new Map<string, string>();

export const nextHeadersStandIn = {
  cookies: async () => ({ get: (name: string) => (requestCookies.has(name) ? { name, value: requestCookies.get(name)! } : undefined) }),
  headers: async () => new Headers(),
};

/** The request carries a fresh session of this user (as after signing in). */
export async function signInAs(user: { id: string; sessionVersion: number }): Promise<void> {
  requestCookies.set(sessionCookieName(), await encodeSessionToken({ ...newSessionClaims(user, new Date()) }));
}

/** A new user of this role, signed in on the request. */
export async function signedInAs(db: Db, role: Role) {
  const user = await makeUser(db, role);
  await signInAs(user);
  return user;
}

export function signOutRequest(): void {
  requestCookies.delete(sessionCookieName());
}
