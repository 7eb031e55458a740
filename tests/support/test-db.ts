import postgres from 'postgres';

/** Base URL of the PostgreSQL server tests use (database part is replaced). */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/huifang_test';
export const TEMPLATE_DB = `${new URL(TEST_PG_URL).pathname.slice(1)}_template`;

export function urlForDatabase(name: string): string {
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export function adminSql() {
  return postgres(urlForDatabase('postgres'), { max: 1, onnotice: () => {} });
}
