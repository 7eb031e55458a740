import { ensureDatabase, migrateDatabase } from '@/db/migrate';
import { env } from '@/lib/config/env';
import { runScript } from './support/run-script';

runScript(async () => {
  const { DATABASE_URL } = env();
  if (await ensureDatabase(DATABASE_URL)) console.log(`Created database ${new URL(DATABASE_URL).pathname.slice(1)}`);
  await migrateDatabase(DATABASE_URL);
  console.log('Migrations applied.');
});
