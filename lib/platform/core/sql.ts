import { sql, type SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';

/**
 * Low-level SQL helpers shared by the assessment modules (checks, verdicts, points, close). A
 * month close reads and writes a million rows, so rows go in as one JSON parameter per batch and
 * ids as one array parameter — never one statement per row.
 */

/** uuids as one array parameter ('{…}' literal; uuids need no quoting). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/**
 * Text values as one array parameter (a quoted '{"…","…"}' literal): a lookup of a batch's group
 * codes or usernames is one statement of one parameter, prepared once, whatever the batch holds.
 * Every element is quoted, so commas, braces, quotes and spaces in people's data stay text.
 */
export function textArray(values: readonly string[]): SQL {
  return sql`${textArrayLiteral(values)}::text[]`;
}

export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/**
 * Rows of a raw query, cast to `T` unchecked (drizzle's execute returns the postgres.js result, an
 * array): for display lists, where a wrong column shows as a blank cell. What the evaluation and
 * the month close decide from is read with `decodedRows`, so a renamed column fails loudly.
 */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

/**
 * Rows of a raw statement run as a prepared statement of its connection. drizzle's `execute` sends
 * every raw statement unnamed: a statement with parameters then costs two round trips (parse and
 * describe, then bind and execute) and is parsed and planned again each time. Prepared, the
 * driver keeps it per connection by its text, so the next run is one round trip of bind and execute.
 * For the hot statements only, whose text is one of a few fixed shapes (every value a parameter):
 * each distinct text stays prepared on its connection for the connection's life.
 */
export async function preparedRows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  // The database's own dialect (its casing), which drizzle keeps on the instance but does not type.
  const { dialect } = db as unknown as { dialect: PgDialect };
  const statement = db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, 'prepared', false);
  return (await statement.execute()) as T[];
}

/** A raw query's row did not fit the schema its reader declared: a bug (SQL and code disagree), never bad input. */
export class RowShapeError extends Error {
  constructor(
    readonly row: number,
    readonly column: string,
    readonly problem: string,
    readonly columns: readonly string[],
  ) {
    super(`row ${row} of a raw query does not fit its schema: column "${column}": ${problem} (the row has ${columns.map((c) => `"${c}"`).join(', ') || 'no columns'})`);
    this.name = 'RowShapeError';
  }
}

/** Rows as read, each parsed with `schema`; throws `RowShapeError` naming the first row and column that do not fit. */
export function decodeRows<S extends z.ZodType>(schema: S, found: readonly unknown[]): z.output<S>[] {
  const out: z.output<S>[] = new Array(found.length);
  for (let i = 0; i < found.length; i++) {
    const parsed = schema.safeParse(found[i]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const row = found[i];
      throw new RowShapeError(i, issue.path.map(String).join('.') || '(row)', issue.message, row && typeof row === 'object' ? Object.keys(row) : []);
    }
    out[i] = parsed.data;
  }
  return out;
}

/**
 * Rows of a raw query, decoded: each row parsed with a zod object schema of its columns. Every
 * read the evaluation and the month close decide from goes through it (one object parse per row
 * costs little beside the query), so SQL and code that drift apart fail at the read.
 */
export async function decodedRows<S extends z.ZodType>(db: DbOrTx, schema: S, query: SQL): Promise<z.output<S>[]> {
  return decodeRows(schema, (await db.execute(query)) as unknown as unknown[]);
}

/**
 * `decodedRows` of a statement run prepared (`preparedRows`): one round trip from its second run
 * on a connection, and several sent together go out in one write. For the reads of the real-time
 * re-evaluation of one manager's month (lib/assessment/evaluate.ts), whose texts are a few fixed
 * shapes; not for a month close's chunks, whose plans should stay custom to each chunk.
 */
export async function decodedPreparedRows<S extends z.ZodType>(db: DbOrTx, schema: S, query: SQL): Promise<z.output<S>[]> {
  return decodeRows(schema, await preparedRows<unknown>(db, query));
}

/** How a loader reads its decoded rows: prepared (`decodedPreparedRows`) when the caller asks. */
export interface ReadOptions {
  prepared?: boolean;
}

export const decodedReader = (options: ReadOptions | undefined): typeof decodedRows => (options?.prepared ? decodedPreparedRows : decodedRows);

/** Column schemas the decoded reads share. */
export const column = {
  /** A timestamptz as the driver hands it to raw queries (text; a Date through some paths). */
  instant: z.union([z.date(), z.string()]),
};

export const toDate = (value: Date | string | number): Date => (value instanceof Date ? value : new Date(value));

/**
 * Runs a statement that reads `rows` as one JSON parameter (`jsonb_to_recordset($1)` in the
 * query, passed here as the `x` alias): the whole batch goes in one round trip, so the statement
 * can be sent and left to run while this process decides the next chunk. Batches of 50,000 keep
 * each parameter to a few megabytes. Returns the statement's promise, already started.
 */
export function insertJson(db: DbOrTx, rowsOf: readonly Record<string, unknown>[], statement: (source: SQL) => SQL, batch = 50_000): Promise<unknown> {
  const running: Promise<unknown>[] = [];
  for (let i = 0; i < rowsOf.length; i += batch) {
    const payload = JSON.stringify(rowsOf.slice(i, i + batch));
    // drizzle queries run when awaited or then'd: then() starts it now.
    running.push(db.execute(statement(sql`${payload}::jsonb`)).then((r) => r));
  }
  return Promise.all(running);
}

/**
 * Rows as JSON arrays of at most `maxChars` characters each, for statements that read one JSON
 * parameter (jsonb_to_recordset): a batch's rows in pieces rather than one string of megabytes.
 * A string that large is allocated outside V8's young generation, and the driver flattens it into
 * another: an import of 100,000 rows made hundreds of megabytes of them, and its process's heap
 * grew to four times what it held. Rows keep their order across the pieces.
 */
export function jsonChunks(rowsOf: readonly unknown[], maxChars = 40_000): string[] {
  const out: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const row of rowsOf) {
    const json = JSON.stringify(row);
    if (parts.length > 0 && size + json.length + 1 > maxChars) {
      out.push(jsonArray(parts));
      parts = [];
      size = 2;
    }
    parts.push(json);
    size += json.length + 1;
  }
  if (parts.length > 0) out.push(jsonArray(parts));
  return out;
}

/** Joined, so the array is one flat string: a template would hand the driver a tree to flatten. */
const jsonArray = (parts: string[]) => ['[', parts.join(','), ']'].join('');

/** Lets the driver put queued statements on the wire before a stretch of computation. */
export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * JSON with object keys sorted: jsonb hands keys back in its own order, so two equal values are
 * compared by this text, never by JSON.stringify of what the database returned.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A value as PostgreSQL prints it from jsonb (`value::jsonb::text`): object keys shorter first,
 * then in byte order; ", " and ": " between items. Lets a stored verdict or finding be compared
 * with a fresh one as text, without reading and parsing a million stored values. Exact for what
 * verdicts and findings hold (strings, integers, booleans, nested objects and arrays).
 */
export function jsonbText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText(record[k])}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}
