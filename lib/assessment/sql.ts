import type { Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * Low-level SQL helpers shared by the assessment modules (checks, verdicts, points, close). A
 * month close reads and writes a million rows, so rows go in by COPY and ids as one array
 * parameter — never one statement per row.
 */

/** uuids as one array parameter ('{…}' literal; uuids need no quoting). */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}

/** Rows of a raw query (drizzle's execute returns the postgres.js result, an array). */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  return (await db.execute(query)) as unknown as T[];
}

export const toDate = (value: Date | string | number): Date => (value instanceof Date ? value : new Date(value));

type CopyClient = { unsafe: (query: string) => { writable: () => Promise<Writable> } };

/** The postgres.js connection under a drizzle transaction, which COPY needs. */
function copyClient(db: DbOrTx): CopyClient | undefined {
  const client = (db as unknown as { session?: { client?: { unsafe?: unknown } } }).session?.client;
  return client && typeof client.unsafe === 'function' ? (client as CopyClient) : undefined;
}

/** One COPY text-format field: NULL as \N; backslash, tab and newlines escaped. */
export function copyField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Streams rows into a temporary staging table (created once per connection, emptied at commit)
 * with COPY, then runs `then` (which reads the table) and empties it. Must run in a transaction.
 * `columns` is the staging table's column list with types, e.g. 'v uuid, c text'.
 */
export async function viaStage(
  tx: DbOrTx,
  stage: { name: string; columns: string },
  data: readonly (readonly (string | number | boolean | null | undefined)[])[],
  then: () => Promise<unknown>,
): Promise<void> {
  if (data.length === 0) return;
  const client = copyClient(tx);
  if (!client) throw new Error('viaStage needs a transaction (COPY runs on its connection)');
  await tx.execute(sql.raw(`create temporary table if not exists ${stage.name} (${stage.columns}) on commit delete rows`));
  const stream = await client.unsafe(`copy ${stage.name} from stdin`).writable();
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
    for (let i = 0; i < data.length; i += 5000) {
      let text = '';
      const end = Math.min(data.length, i + 5000);
      for (let j = i; j < end; j++) text += `${data[j].map(copyField).join('\t')}\n`;
      stream.write(text);
    }
    stream.end();
  });
  await then();
  await tx.execute(sql.raw(`truncate ${stage.name}`));
}

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
 * Advisory-lock keys. Every writer of a manager's month (findings, verdicts, ledger) holds the
 * month lock shared and the manager-month lock exclusively; a close holds the month lock
 * exclusively, so it sees no writer half-way and no writer sees a close half-way.
 */
export const monthLockKey = (month: string) => sql`hashtextextended(${`assessment-month:${month}`}, 0)`;

export async function lockMonthExclusive(tx: DbOrTx, month: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${monthLockKey(month)})`);
}

export async function lockManagerMonth(tx: DbOrTx, managerId: string, month: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${monthLockKey(month)})`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`assessment:${managerId}:${month}`}, 0))`);
}
