import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser) against the built app and
 * worker on port 3100, using the `huifang_e2e` database that scripts/test.ts prepares with the
 * demo data. Run through `npm test` (or `npm run test:e2e`), which prepares everything first.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${port}`;
/** E2E_PORT and E2E_DATABASE_URL let a second run (another checkout's CI) share the machine. */
export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/huifang_e2e';
export const E2E_QUEUE_PREFIX = `{huifang-e2e-${port}}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: E2E_BASE_URL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `npx tsx scripts/serve.ts --port ${port}`,
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: E2E_DATABASE_URL,
      QUEUE_PREFIX: E2E_QUEUE_PREFIX,
      PUBLIC_BASE_URL: E2E_BASE_URL,
      NEXTAUTH_URL: E2E_BASE_URL,
      NEXTAUTH_SECRET: 'e2e-secret-not-for-production-0123456789',
      UPLOAD_DIR: 'var/e2e-uploads',
      LOG_LEVEL: 'warn',
    },
  },
});
