import { env } from '@/lib/platform/config/env';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoDatabase } from '@/lib/demo/seed';
import { loadLocalEnv } from './support/local-env';
import { runScript } from './support/run-script';
import { checkServices } from './support/services';
import { ensureBuild, startStack, superviseStack, waitForHttp } from './support/stack';

/**
 * `npm run demo`: the whole system with demo data — database created and migrated, demo data
 * seeded (idempotent), web app built and started on port 3000 with the worker. Ctrl-C stops both.
 */
runScript(async () => {
  loadLocalEnv();
  const config = env();
  const missing = await checkServices({ postgres: config.DATABASE_URL, redis: config.REDIS_URL });
  if (missing.length > 0) {
    missing.forEach((line) => console.error(line));
    return 3;
  }
  await seedDemoDatabase((line) => console.log(line));
  await ensureBuild(process.env);
  const port = Number(process.env.PORT ?? 3000);
  const baseUrl = `http://localhost:${port}`;
  // A person watches the demo's terminal: readable lines, not JSON (LOG_FORMAT=json to override).
  const services = startStack({ port, env: { LOG_FORMAT: 'pretty', ...process.env, NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? baseUrl } });
  const supervised = superviseStack(services);
  await waitForHttp(`${baseUrl}/api/health`).catch(() => undefined);
  console.log(`
Huifang (回访) is running at ${baseUrl}
Demo accounts (password "${DEMO_PASSWORD}"):
${DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(8)} ${a.description}`).join('\n')}
Press Ctrl-C to stop.`);
  return supervised;
});
