import postgres from 'postgres';

/** The PostgreSQL server tests use (the database part of the URL is replaced per run and worker). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/huifang_test';

export function urlForDatabase(name: string): string {
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export function adminSql() {
  return postgres(urlForDatabase('postgres'), { max: 1, onnotice: () => {} });
}

/** Drops every database whose name starts with the prefix (a finished or crashed run's leftovers). */
export async function dropDatabases(prefix: string) {
  const sql = adminSql();
  try {
    const rows = await sql<{ datname: string }[]>`select datname from pg_database where datname like ${prefix + '%'}`;
    for (const { datname } of rows) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await sql.end();
  }
}
