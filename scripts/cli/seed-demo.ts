import type { Command } from 'commander';
import { createDb } from '@/db/client';
import { ensureDatabase, migrateDatabase } from '@/db/migrate';
import { env } from '@/lib/config/env';
import { seedDemo } from '@/lib/demo/seed';

export function register(program: Command) {
  program
    .command('seed-demo')
    .description('Create the database if needed, migrate it and seed the demo data (idempotent: a second run adds nothing)')
    .action(async () => {
      const url = env().DATABASE_URL;
      await ensureDatabase(url);
      await migrateDatabase(url);
      const handle = createDb(url);
      try {
        await seedDemo(handle.db, { log: (line) => console.log(line) });
      } finally {
        await handle.close();
      }
    });
}
