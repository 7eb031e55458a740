import type { Command } from 'commander';
import { seedDemoDatabase } from '@/lib/demo/seed';

export function register(program: Command) {
  program
    .command('seed-demo')
    .description('Create the database if needed, migrate it and seed the demo data (idempotent: a second run adds nothing)')
    .action(async () => {
      await seedDemoDatabase((line) => console.log(line));
    });
}
