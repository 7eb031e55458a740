import 'server-only';
import { cookies } from 'next/headers';
import type { Actor } from '@/lib/platform/core/context';
import { SESSION_LIFETIME_SECONDS } from './session-claims';
import { encodeSessionToken, newSessionClaims, secureCookies, sessionCookieName } from './sessions';

/**
 * Re-issues this browser's session under the user's new session version (after they changed their
 * own password, which ended every session): the person who changed it stays signed in, with the
 * same cookie attributes next-auth gives a new session (httpOnly, SameSite=Lax, Secure on https).
 */
export async function reissueSessionCookie(actor: Actor, sessionVersion: number, now: Date): Promise<void> {
  const token = await encodeSessionToken({
    ...newSessionClaims({ id: actor.id, sessionVersion }, now),
    name: actor.displayName,
    role: actor.role,
    unitId: actor.unitId,
    username: actor.username,
  });
  const store = await cookies();
  store.set(sessionCookieName(), token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secureCookies(),
    maxAge: SESSION_LIFETIME_SECONDS,
  });
}
