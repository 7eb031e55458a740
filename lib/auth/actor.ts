import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/platform/core/context';

/** The columns of a user an Actor is made of (for selects that load one). */
export const actorColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
};

/** The Actor a user row stands for: who a verb acts for, as the row says now. */
export function actorOf(user: Actor): Actor {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId };
}

/** The active user signing in by this name (any case), as an Actor; null when none. */
export async function activeActorByUsername(db: DbOrTx, username: string): Promise<Actor | null> {
  const [user] = await db
    .select(actorColumns)
    .from(users)
    .where(and(eq(users.username, username.toLowerCase()), eq(users.active, true)));
  return user ? actorOf(user) : null;
}
