import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/platform/core/context';

export const SYSTEM_USERNAME = 'system';

/**
 * The actor that scheduled jobs and operator commands run as when no person is named. It cannot
 * sign in (inactive, unusable password hash) but gives the audit log a real author.
 */
export async function systemActor(db: DbOrTx): Promise<Actor> {
  await db
    .insert(users)
    .values({ username: SYSTEM_USERNAME, displayName: '系统 (system)', passwordHash: '!', role: 'admin', active: false })
    .onConflictDoNothing({ target: users.username });
  const [row] = await db.select().from(users).where(eq(users.username, SYSTEM_USERNAME));
  return { id: row.id, username: row.username, displayName: row.displayName, role: 'admin', unitId: null };
}

/** The system user if it exists, else the same actor without a row — for a command that writes nothing (a dry run). */
export async function existingSystemActor(db: DbOrTx): Promise<Actor> {
  const [row] = await db.select().from(users).where(eq(users.username, SYSTEM_USERNAME));
  return { id: row?.id ?? '00000000-0000-0000-0000-000000000000', username: SYSTEM_USERNAME, displayName: row?.displayName ?? SYSTEM_USERNAME, role: 'admin', unitId: null };
}
