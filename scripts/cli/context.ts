import type { Ctx } from '@/lib/platform/core/context';
import { isDomainError, ValidationError } from '@/lib/platform/core/errors';
import { translateError } from '@/lib/platform/i18n/translate';
import { ownDb, type Db, type DbHandle } from '@/lib/platform/db';
import { existingSystemActor, systemActor } from '@/lib/users/system-user';
import { activeActorByUsername } from '@/lib/auth/actor';

/** A command's context: its database is a handle of its own (not a transaction), which imports need. */
export type CliCtx = Ctx & { db: Db };

/**
 * What a CLI command runs with: a database handle and an actor — the user named by --as, or the
 * system actor. Commands call domain verbs with it, exactly as the web app does.
 */
export async function cliContext(asUsername?: string, options: { readOnly?: boolean } = {}): Promise<{ ctx: CliCtx; handle: DbHandle }> {
  const handle = ownDb({ max: 4 });
  // A read-only command (a dry run) must not even create the system user on a fresh database.
  let actor = asUsername ? undefined : options.readOnly ? await existingSystemActor(handle.db) : await systemActor(handle.db);
  if (asUsername) {
    const named = await activeActorByUsername(handle.db, asUsername);
    if (!named) {
      await handle.close();
      throw new CliError(`No active user "${asUsername}" (--as).`);
    }
    actor = named;
  }
  return { ctx: { db: handle.db, actor: actor!, now: () => new Date() }, handle };
}

export class CliError extends Error {}

/** Runs a command body with a context, closing the pool and mapping domain errors to readable lines. */
export async function withCli<T>(asUsername: string | undefined, body: (ctx: CliCtx) => Promise<T>): Promise<T> {
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
