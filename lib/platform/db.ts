import { createDb, sharedDb, type Db, type DbHandle } from '@/db/client';
import { ensureDatabase, migrateDatabase } from '@/db/migrate';
import { env } from '@/lib/platform/config/env';

export type { Db, DbHandle };

/** The process-wide database handle for the web app and workers. */
export function appDb() {
  return sharedDb(env().DATABASE_URL).db;
}

/** A handle of the process's own, closed by its owner when done (a CLI command, the demo's seed). */
export function ownDb(options: { max?: number } = {}): DbHandle {
  return createDb(env().DATABASE_URL, options);
}

/** Creates the configured database when missing and applies the migrations; true when it was created. */
export async function prepareDatabase(): Promise<boolean> {
  const created = await ensureDatabase(env().DATABASE_URL);
  await migrateDatabase(env().DATABASE_URL);
  return created;
}
