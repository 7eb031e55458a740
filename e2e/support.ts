import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'huifang-demo';

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Runs the desk-call fixture (e2e/fixtures/desk-call.ts) against the e2e database; its last output line is JSON. */
export function deskCallFixture(...args: string[]): unknown {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.resolve('e2e/fixtures/desk-call.ts'), ...args], {
    env: {
      ...process.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/huifang_e2e',
      QUEUE_PREFIX: '{huifang-e2e}',
      LOG_LEVEL: 'warn',
    },
  }).toString();
  return JSON.parse(out.trim().split('\n').at(-1)!);
}
