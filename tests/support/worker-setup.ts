import { afterAll, beforeEach, inject } from 'vitest';
import { createDb, type DbHandle } from '@/db/client';
import { adminSql, urlForDatabase } from './test-db';

const workerId = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0';
const TEMPLATE_DB = inject('templateDb');
const dbName = `${TEMPLATE_DB.replace(/_template$/, '')}_w${workerId}`;
const url = urlForDatabase(dbName);

// Verbs that read configuration see this worker's own database and Redis namespace.
process.env.DATABASE_URL = url;
process.env.QUEUE_PREFIX = `{${dbName}}`;
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';

let handle: DbHandle | undefined;
let cloned = false;

async function cloneTemplate() {
  const sql = adminSql();
  try {
    await sql.unsafe(`drop database if exists "${dbName}" with (force)`);
    await sql.unsafe(`create database "${dbName}" template "${TEMPLATE_DB}"`);
  } finally {
    await sql.end();
  }
}

/** This worker's database, emptied before each test (see `resetDatabase`). */
export async function testDb(): Promise<DbHandle> {
  if (!cloned) {
    await cloneTemplate();
    cloned = true;
  }
  handle ??= createDb(url, { max: 10 });
  return handle;
}

export async function resetDatabase(h: DbHandle): Promise<void> {
  const tables = await h.sql<{ tablename: string }[]>`
    select tablename from pg_tables where schemaname = 'public' and tablename not like '__drizzle%'`;
  if (tables.length === 0) return;
  const list = tables.map((t) => `"${t.tablename}"`).join(', ');
  // The append-only triggers must not stop a test from starting clean.
  await h.sql.begin(async (tx) => {
    await tx.unsafe(`set local session_replication_role = replica`);
    await tx.unsafe(`truncate ${list} restart identity cascade`);
  });
}

beforeEach(async () => {
  await resetDatabase(await testDb());
});

afterAll(async () => {
  await handle?.close();
});
