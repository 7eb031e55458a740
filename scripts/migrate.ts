import { env } from '@/lib/platform/config/env';
import { ownDb, prepareDatabase } from '@/lib/platform/db';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { runScript } from './support/run-script';

runScript(async () => {
  if (await prepareDatabase()) console.log(`Created database ${new URL(env().DATABASE_URL).pathname.slice(1)}`);
  console.log('Migrations applied.');
  // The shipped callback scripts exist in every database (idempotent).
  const handle = ownDb({ max: 1 });
  try {
    const { created } = await ensureDefaultScript(handle.db);
    if (created.length > 0) console.log(`Callback scripts published: ${created.join(', ')}.`);
  } finally {
    await handle.close();
  }
});
