import 'server-only';
import { cache } from 'react';
import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth/options';
import { loadActor } from '@/lib/auth/sign-in';
import type { Actor, Ctx, Role } from '@/lib/core/context';
import { appDb } from '@/lib/db';

/** The signed-in actor for this request, re-read from the database (role or deactivation apply at once). */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  return loadActor(appDb(), id);
});

export function ctxFor(actor: Actor): Ctx {
  return { db: appDb(), actor, now: () => new Date() };
}

export const ROLE_HOME: Record<Role, string> = {
  admin: '/admin/users',
  staff: '/customers',
  supervisor: '/plans',
  manager: '/visits',
  agent: '/desk',
};
