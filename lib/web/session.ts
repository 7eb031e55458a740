import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { actorForSessionToken, sessionCookieName, sessionHasEnded } from '@/lib/auth/sessions';
import type { Actor, Ctx, Role } from '@/lib/platform/core/context';
import { appDb, reportsDb } from '@/lib/platform/db';

/**
 * The signed-in actor for this request, re-read from the database (role or deactivation apply at
 * once); null when the session was ended (退出, deactivation, a password or role change) or expired.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  // Decoding the session cookie is all a request needs; getServerSession would also re-encrypt
  // and re-send it on every request, which costs more than the work most requests do.
  const store = await cookies();
  return actorForSessionToken(appDb(), store.get(sessionCookieName())?.value, new Date());
});

/**
 * For a stream that outlives its request: has the session this request was signed in with ended
 * (or come to stand for someone else)? Read from the request's own cookie, as currentActor reads it.
 */
export function sessionEndedCheck(request: Request, actor: Actor): () => Promise<boolean> {
  const token = requestCookie(request, sessionCookieName());
  return () => sessionHasEnded(appDb(), token, actor.id, new Date());
}

/** A cookie's value as the request sent it. */
export function requestCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function ctxFor(actor: Actor): Ctx {
  return { db: appDb(), actor, now: () => new Date() };
}

/**
 * The same request's context reading through `reportsDb()` — the read replica when one is
 * configured. The mark of a page or route whose verb only reads figures that may lag by a second
 * (dashboards, reports, exports): a verb that writes, or whose reads decide a write, never gets it.
 */
export function reportsCtx(ctx: Ctx): Ctx {
  return { ...ctx, db: reportsDb() };
}

export const ROLE_HOME: Record<Role, string> = {
  admin: '/admin/users',
  // The department's day starts on the callback dashboard (issue 14: "staff home").
  staff: '/dashboard',
  supervisor: '/unit',
  manager: '/visits',
  agent: '/desk',
};
