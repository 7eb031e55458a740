import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { preparedRows } from '@/lib/platform/core/sql';
import { testDb } from '../support/worker-setup';

/**
 * preparedRows (lib/platform/core/sql.ts): a raw statement run as a prepared statement of its
 * connection — the same rows as drizzle's execute, kept prepared by its text (one round trip of
 * bind and execute from its second run), in a transaction as outside one.
 */
let db: Db;

beforeEach(async () => {
  db = (await testDb()).db;
});

/** The statements prepared on this transaction's connection whose text has `marker`. */
async function preparedOnConnection(tx: Parameters<Parameters<Db['transaction']>[0]>[0], marker: string) {
  return preparedRows<{ statement: string; parameter_types: string[] }>(
    tx,
    sql`select statement, parameter_types::text[] as parameter_types from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`,
  );
}

describe('preparedRows', () => {
  it('answers the rows drizzle execute answers, with every value a parameter', async () => {
    const query = sql`select ${7}::int as n, ${'天津'}::text as city, ${'2026-12-05T02:00:00.000Z'}::timestamptz as at`;
    const viaExecute = (await db.execute(query)) as unknown as unknown[];
    expect(await preparedRows(db, query)).toEqual(viaExecute);
    // As execute hands them: a timestamptz as PostgreSQL's text (the column.instant of the decoded reads).
    const [row] = await preparedRows<{ n: number; city: string; at: string }>(db, query);
    expect(row).toMatchObject({ n: 7, city: '天津' });
    expect(new Date(row.at).toISOString()).toBe('2026-12-05T02:00:00.000Z');
  });

  it('keeps one prepared statement per text on the connection, run again with new values', async () => {
    await db.transaction(async (tx) => {
      const marker = 'prepared_rows_probe';
      for (const n of [1, 2, 3]) expect(await preparedRows(tx, sql`select ${n}::int as prepared_rows_probe`)).toEqual([{ prepared_rows_probe: n }]);
      const found = await preparedOnConnection(tx, marker);
      expect(found).toHaveLength(1);
      expect(found[0].parameter_types).toEqual(['integer']);
    });
  });

  it('is not what drizzle execute does: its statement is never kept', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as executed_rows_probe`);
      await tx.execute(sql`select ${2}::int as executed_rows_probe`);
      expect(await preparedOnConnection(tx, 'executed_rows_probe')).toHaveLength(0);
    });
  });

  it('runs in the transaction it is given: what it writes rolls back with it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`create table if not exists prepared_rows_scratch_t (n int)`);
        await preparedRows(tx, sql`insert into prepared_rows_scratch_t (n) values (${5}) returning n`);
        expect(await preparedRows(tx, sql`select count(*)::int as c from prepared_rows_scratch_t where n = ${5}`)).toEqual([{ c: 1 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await preparedRows(db, sql`select to_regclass('prepared_rows_scratch_t') is null as gone`)).toEqual([{ gone: true }]);
  });
});
