import { env } from '@/lib/platform/config/env';
import { redisAddresses } from '@/lib/platform/redis/connection';
import { ensureDatabase, migrateDatabase } from '@/db/migrate';
import { runScript } from './support/run-script';
import { checkServices } from './support/services';
import { ensureBuild, startStack, superviseStack } from './support/stack';

/**
 * Runs the built system (web + worker) against DATABASE_URL/REDIS_URL as configured — what the
 * end-to-end tests start. `--port N` (default 3000), `--build` to build first if stale.
 */
runScript(async () => {
  const config = env();
  const missing = await checkServices({ postgres: config.DATABASE_URL, redis: redisAddresses(config) });
  if (missing.length > 0) {
    missing.forEach((line) => console.error(line));
    return 3;
  }
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 3000;
  await ensureDatabase(config.DATABASE_URL);
  await migrateDatabase(config.DATABASE_URL);
  if (process.argv.includes('--build')) await ensureBuild(process.env);
  return superviseStack(startStack({ port, env: process.env }));
});
