import { createDb } from '@/db/client';
import { migrateDatabase } from '@/db/migrate';
import { seedDemo } from '@/lib/demo/seed';
import { run } from './support/processes';
import { runScript } from './support/run-script';
import { checkServices } from './support/services';
import { ensureBuild } from './support/stack';
import { adminSql } from '../tests/support/test-db';

/**
 * `npm test`: every test — lint and types (the layer order of lib/ included), unit, integration
 * (real PostgreSQL and Redis), end-to-end (Chromium). Checks first that the services are there and
 * says what to install when one is missing. `--only lint|unit|integration|e2e` runs one layer.
 */
// E2E_DATABASE_URL / E2E_PORT let a second run (another checkout's CI) share the machine.
const E2E_URL = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/huifang_e2e';
const E2E_DB = new URL(E2E_URL).pathname.slice(1);

async function prepareE2eDatabase() {
  const sql = adminSql();
  try {
    await sql.unsafe(`drop database if exists "${E2E_DB}" with (force)`);
    await sql.unsafe(`create database "${E2E_DB}"`);
  } finally {
    await sql.end();
  }
  await migrateDatabase(E2E_URL);
  const handle = createDb(E2E_URL);
  try {
    await seedDemo(handle.db, { log: () => {}, databaseUrl: E2E_URL });
  } finally {
    await handle.close();
  }
}

runScript(async () => {
  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;
  // `npm run test:e2e -- e2e/desk.spec.ts`: the files named after the options run alone.
  const files = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && all[i - 1] !== '--only');
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const missing = await checkServices({
    postgres: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    chromium: !only || only === 'e2e' ? chromium : undefined,
  });
  if (missing.length > 0) {
    missing.forEach((line) => console.error(line));
    return 3;
  }
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const results: [string, number][] = [];
  if (!only || only === 'lint') {
    const eslint = await run('eslint', ['.'], env);
    results.push(['lint', eslint !== 0 ? eslint : await run('tsc', ['--noEmit'], env)]);
  }
  if (!only || only === 'unit') results.push(['unit', await run('vitest', ['run', '--project', 'unit', ...files], env)]);
  if (!only || only === 'integration') results.push(['integration', await run('vitest', ['run', '--project', 'integration', ...files], env)]);
  if (!only || only === 'e2e') {
    console.log('Preparing the end-to-end database and build…');
    await prepareE2eDatabase();
    await ensureBuild(env);
    results.push(['e2e', await run('playwright', ['test', ...files], env)]);
  }
  const failed = results.filter(([, code]) => code !== 0);
  console.log(results.map(([name, code]) => `${name}: ${code === 0 ? 'passed' : 'FAILED'}`).join(' · '));
  return failed.length > 0 ? 1 : 0;
});
