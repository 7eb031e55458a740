import { migrateDatabase } from '@/db/migrate';
import { adminSql, TEMPLATE_DB, urlForDatabase } from './test-db';

/**
 * Builds a migrated template database once per run; each vitest worker clones it (see
 * worker-setup.ts), so integration tests use the real PostgreSQL without sharing state.
 */
export default async function setup() {
  const sql = adminSql();
  try {
    await sql.unsafe(`drop database if exists "${TEMPLATE_DB}" with (force)`);
    await sql.unsafe(`create database "${TEMPLATE_DB}"`);
  } finally {
    await sql.end();
  }
  await migrateDatabase(urlForDatabase(TEMPLATE_DB));
}
