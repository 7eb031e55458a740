import { ensureDatabase, migrateDatabase } from '@/db/migrate';
import { createDb } from '@/db/client';
import { env } from '@/lib/platform/config/env';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { runScript } from './support/run-script';

runScript(async () => {
  const { DATABASE_URL } = env();
  if (await ensureDatabase(DATABASE_URL)) console.log(`Created database ${new URL(DATABASE_URL).pathname.slice(1)}`);
  await migrateDatabase(DATABASE_URL);
  console.log('Migrations applied.');
  // The shipped callback scripts exist in every database (idempotent).
  const handle = createDb(DATABASE_URL, { max: 1 });
  try {
    const { created } = await ensureDefaultScript(handle.db);
    if (created.length > 0) console.log(`Callback scripts published: ${created.join(', ')}.`);
  } finally {
    await handle.close();
  }
});
