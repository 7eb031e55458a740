import { createDb, sharedDb, type Db, type DbHandle } from '@/db/client';
import { ensureDatabase, migrateDatabase } from '@/db/migrate';
import { env } from '@/lib/platform/config/env';

export type { Db, DbHandle };

/** The process-wide database handle for the web app and workers. */
export function appDb() {
  return sharedDb(env().DATABASE_URL).db;
}

const globalForReplica = globalThis as unknown as { __huifangReplicaDb?: DbHandle };

/**
 * The handle for reads that tolerate a replica's lag: the figures a person looks at — dashboards,
 * reports, exports — where a second-old answer is as good as the latest (docs/DEPLOYMENT.md, "A read
 * replica"). With DATABASE_REPLICA_URL set it is a pool of its own on that replica; unset, the
 * primary's pool (`appDb()`). Never for a read whose answer a write then acts on, never inside a
 * transaction of the primary, never where the person just changed what is read and expects to see
 * it (a queue, a desk, a form): those read `appDb()`.
 */
export function reportsDb(): Db {
  const url = env().DATABASE_REPLICA_URL;
  if (!url) return appDb();
  globalForReplica.__huifangReplicaDb ??= createDb(url);
  return globalForReplica.__huifangReplicaDb.db;
}

/** Closes the replica's pool, if one was opened (a process shutting down, a test done with it). */
export async function closeReportsDb(): Promise<void> {
  const handle = globalForReplica.__huifangReplicaDb;
  globalForReplica.__huifangReplicaDb = undefined;
  await handle?.close();
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
