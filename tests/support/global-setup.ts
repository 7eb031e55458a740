import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '@/db/migrate';
import { adminSql, dropDatabases, TEST_PG_URL, urlForDatabase } from './test-db';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string;
  }
}

/**
 * Builds a migrated template database once per run; each vitest worker clones it (see
 * worker-setup.ts), so integration tests use the real PostgreSQL without sharing state — not even
 * with another test run on the same machine (names carry this run's process id).
 */
export default async function setup(project: TestProject) {
  const base = new URL(TEST_PG_URL).pathname.slice(1) || 'huifang_test';
  const run = `${base}_${process.pid}`;
  const template = `${run}_template`;
  const sql = adminSql();
  try {
    await sql.unsafe(`drop database if exists "${template}" with (force)`);
    await sql.unsafe(`create database "${template}"`);
  } finally {
    await sql.end();
  }
  await migrateDatabase(urlForDatabase(template));
  project.provide('templateDb', template);
  return async () => {
    await dropDatabases(`${run}_`);
  };
}
