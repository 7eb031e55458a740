import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { E2E_DATABASE_URL, E2E_QUEUE_PREFIX } from '../playwright.config';

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

/** Runs an e2e fixture (e2e/fixtures/NAME) with tsx against this run's database and queue namespace; its last output line is JSON. */
export function runFixture(name: string, ...args: string[]): unknown {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.resolve('e2e/fixtures', name), ...args], {
    env: {
      ...process.env,
      DATABASE_URL: E2E_DATABASE_URL,
      QUEUE_PREFIX: E2E_QUEUE_PREFIX,
      LOG_LEVEL: 'warn',
    },
  }).toString();
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

/** The desk-call fixture (e2e/fixtures/desk-call.ts): setup, held USER, result TASK. */
export function deskCallFixture(...args: string[]): unknown {
  return runFixture('desk-call.ts', ...args);
}

/** Opens the desk until the worker's due timers have made a callback ready. */
export async function waitForDueCallbacks(page: Page) {
  await expect
    .poll(
      async () => {
        await page.goto('/desk');
        return Number(await page.getByTestId('desk-due-count').textContent());
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
}

function setCookies(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]!);
}

/** Signs in through next-auth's own endpoints, as the form does, for plain HTTP requests; returns the Cookie header. */
export async function apiSessionCookie(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: setCookies(csrf).join('; '), origin: baseUrl },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
  });
  const session = setCookies(res).find((c) => c.includes('next-auth.session-token='));
  if (!session) throw new Error(`${username} could not sign in (${res.status})`);
  return session;
}

/** Opens a part of 我的考核 (coverage, visits, ledger …) as a person does, by its summary, if it is folded. */
export async function openMonthSection(page: Page, id: 'coverage' | 'visits' | 'ledger' | 'disputes' | 'points' | 'grades') {
  const section = page.getByTestId(`my-month-${id}`);
  if (!(await section.evaluate((e) => (e as HTMLDetailsElement).open))) await section.locator('summary').click();
  await expect(section).toHaveAttribute('open', '');
}

/** A day in Beijing time, `days` from today ('YYYY-MM-DD'). */
export function dayInBeijing(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * 86_400_000));
}

/** Last month in Beijing time ('YYYY-MM'): the demo's closed month. */
export function lastMonth(): string {
  const [y, m] = dayInBeijing(0).split('-').map(Number);
  const total = y * 12 + m - 2;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The demo closes last month; close it through 月度考核 if a run has not yet. */
export async function ensureLastMonthClosed(page: Page) {
  const month = lastMonth();
  await page.goto('/assessment');
  const row = page.getByTestId(`month-row-${month}`);
  await expect(row).toBeVisible();
  if ((await row.innerText()).includes('已结账')) return;
  await row.getByTestId(`close-month-${month}`).click();
  await page.getByTestId('close-confirm').getByTestId('close-confirm-button').click();
  await expect(page.getByTestId('close-result')).toContainText(`${month} 已结账`, { timeout: 60_000 });
}
