import type { SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import type { DbOrTx } from '@/db/client';

/**
 * The rows of one statement, read through a server-side cursor `batch` rows at a time: an export
 * of a million rows holds one batch in memory, and one statement sees one snapshot of the data.
 * Drizzle has no cursor, so the query is compiled by the handle's own dialect (the schema's
 * snake_case names) and run on its postgres.js client (a transaction's, inside one). Values come
 * as drizzle's driver hands them: timestamptz as text, which the export's time cells read.
 * Stopping early (the download cancelled) closes the cursor and gives the connection back.
 */
interface DrizzleInternals {
  dialect: PgDialect;
  _: { session: { client: postgres.Sql } };
}

export async function* cursorRows<T>(db: DbOrTx, query: SQL, batch = 1000): AsyncGenerator<T> {
  for await (const rows of cursorBatches<T>(db, query, batch)) yield* rows;
}

/** The same, a batch at a time: for a kind that completes each batch with one more query (names by id, say). */
export async function* cursorBatches<T>(db: DbOrTx, query: SQL, batch = 1000): AsyncGenerator<T[]> {
  const inner = db as unknown as DrizzleInternals;
  const { sql: text, params } = inner.dialect.sqlToQuery(query);
  const cursor = inner._.session.client.unsafe(text, params as postgres.ParameterOrJSON<never>[]).cursor(batch);
  for await (const rows of cursor) yield rows as unknown as T[];
}
