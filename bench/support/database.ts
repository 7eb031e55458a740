/**
 * What every bench does before and after its work: its own database and Redis namespace (so a
 * bench never touches the demo's or the tests'), created afresh and migrated, dropped at the end
 * unless kept.
 */

export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Points the configuration at the bench's database and queue prefix; call before anything reads it. */
export function benchEnvironment(database: string, queuePrefix: string): URL {
  const url = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/huifang');
  url.pathname = `/${database}`;
  process.env.DATABASE_URL = url.toString();
  process.env.QUEUE_PREFIX = queuePrefix;
  process.env.LOG_LEVEL ??= 'warn';
  return url;
}

/** Creates the bench database (or, with `reuse`, keeps one left by --keep) and migrates it. */
export async function openBenchDatabase(url: URL, options: { reuse?: boolean } = {}): Promise<{ close: (keep: boolean) => Promise<void> }> {
  const { default: postgres } = await import('postgres');
  const { migrateDatabase } = await import('@/db/migrate');
  const name = url.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const adminSql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  const exists = (await adminSql`select 1 from pg_database where datname = ${name}`).length > 0;
  if (!options.reuse || !exists) {
    await adminSql.unsafe(`drop database if exists ${name} with (force)`);
    await adminSql.unsafe(`create database ${name}`);
  }
  await migrateDatabase(url.toString());
  return {
    close: async (keep) => {
      if (!keep) await adminSql.unsafe(`drop database if exists ${name} with (force)`);
      await adminSql.end();
    },
  };
}
