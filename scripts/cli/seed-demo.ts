import type { Command } from 'commander';
import { ownDb, prepareDatabase } from '@/lib/platform/db';
import { seedDemo } from '@/lib/demo/seed';

export function register(program: Command) {
  program
    .command('seed-demo')
    .description('Create the database if needed, migrate it and seed the demo data (idempotent: a second run adds nothing)')
    .action(async () => {
      await prepareDatabase();
      const handle = ownDb();
      try {
        await seedDemo(handle.db, { log: (line) => console.log(line) });
      } finally {
        await handle.close();
      }
    });
}
