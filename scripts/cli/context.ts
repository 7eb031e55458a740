import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { createDb, type DbHandle } from '@/db/client';
import { env } from '@/lib/config/env';
import type { Actor, Ctx } from '@/lib/core/context';
import { isDomainError, ValidationError } from '@/lib/core/errors';
import { translateError } from '@/lib/i18n/translate';
import { SYSTEM_USERNAME, systemActor } from '@/lib/users/system-user';
import { actorOf } from '@/lib/users/actor';

/**
 * What a CLI command runs with: a database handle and an actor — the user named by --as, or the
 * system actor. Commands call domain verbs with it, exactly as the web app does.
 */
export async function cliContext(asUsername?: string, options: { readOnly?: boolean } = {}): Promise<{ ctx: Ctx; handle: DbHandle }> {
  const handle = createDb(env().DATABASE_URL, { max: 4 });
  // A read-only command (a dry run) must not even create the system user on a fresh database.
  let actor = asUsername ? undefined : options.readOnly ? await existingSystemActor(handle.db) : await systemActor(handle.db);
  if (asUsername) {
    const [u] = await handle.db.select().from(users).where(eq(users.username, asUsername.toLowerCase()));
    if (!u || !u.active) {
      await handle.close();
      throw new CliError(`No active user "${asUsername}" (--as).`);
    }
    actor = actorOf(u);
  }
  return { ctx: { db: handle.db, actor: actor!, now: () => new Date() }, handle };
}

/** The system user if it exists, else the same actor without a row (nothing it does is written). */
async function existingSystemActor(db: DbHandle['db']): Promise<Actor> {
  const [row] = await db.select().from(users).where(eq(users.username, SYSTEM_USERNAME));
  return { id: row?.id ?? '00000000-0000-0000-0000-000000000000', username: SYSTEM_USERNAME, displayName: row?.displayName ?? SYSTEM_USERNAME, role: 'admin', unitId: null };
}

export class CliError extends Error {}

/** Runs a command body with a context, closing the pool and mapping domain errors to readable lines. */
export async function withCli<T>(asUsername: string | undefined, body: (ctx: Ctx) => Promise<T>): Promise<T> {
  const { ctx, handle } = await cliContext(asUsername);
  try {
    return await body(ctx);
  } catch (error) {
    if (error instanceof ValidationError) {
      const lines = error.issues.map((i) => `  ${i.field}: ${translateError(i.code, i.params)}`);
      throw new CliError([translateError(error.code, error.params), ...lines].join('\n'));
    }
    if (isDomainError(error)) throw new CliError(translateError(error.code, error.params));
    throw error;
  } finally {
    await handle.close();
  }
}
