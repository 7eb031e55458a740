import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import { decode } from 'next-auth/jwt';
import { authOptions } from '@/lib/auth/options';
import { loadActor } from '@/lib/auth/sign-in';
import type { Actor, Ctx, Role } from '@/lib/core/context';
import { appDb } from '@/lib/db';

/** The signed-in actor for this request, re-read from the database (role or deactivation apply at once). */
export const currentActor = cache(async (): Promise<Actor | null> => {
  // Decoding the session cookie is all a request needs; getServerSession would also re-encrypt
  // and re-send it on every request, which costs more than the work most requests do.
  const store = await cookies();
  const token = store.get('__Secure-next-auth.session-token')?.value ?? store.get('next-auth.session-token')?.value;
  if (!token) return null;
  const payload = await decode({ token, secret: authOptions().secret! }).catch(() => null);
  const id = typeof payload?.uid === 'string' ? payload.uid : undefined;
  if (!id || (typeof payload?.exp === 'number' && payload.exp * 1000 < Date.now())) return null;
  return loadActor(appDb(), id);
});

export function ctxFor(actor: Actor): Ctx {
  return { db: appDb(), actor, now: () => new Date() };
}

export const ROLE_HOME: Record<Role, string> = {
  admin: '/admin/users',
  staff: '/customers',
  supervisor: '/unit',
  manager: '/visits',
  agent: '/desk',
};
