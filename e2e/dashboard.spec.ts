import { expect, test, type Page } from '@playwright/test';
import { runFixture, signIn } from './support';

/**
 * 回访看板: staff open the dashboard and read charts drawn from the demo's data, each with its table
 * one click away and the same figures as the verb; a manager is refused.
 */

interface Figures {
  month: string;
  funnel: { sampled: number; attempted: number; reached: number; verdict: number };
  units: number;
  trend: string[];
}

/** Collects what the browser reports as errors (CSP violations among them). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

const CHARTS = ['chart-calls', 'chart-funnel', 'chart-units', 'chart-trend'];

test('staff read the dashboard: every chart drawn, the funnel table matches the figures, no console errors', async ({ page }) => {
  const errors = consoleErrors(page);
  await signIn(page, 'staff1');
  await page.getByRole('link', { name: '看板', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: '回访看板' })).toBeVisible();
  for (const id of CHARTS) await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1);

  // The demo's last month is worked and closed: its funnel has something real in it.
  const now = runFixture('dashboard.ts', 'figures', 'now') as Figures;
  const lastMonth = now.trend.at(-2)!;
  const last = runFixture('dashboard.ts', 'figures', lastMonth) as Figures;
  expect(last.funnel.sampled).toBeGreaterThan(0);

  for (const figures of [now, last]) {
    await page.goto(`/dashboard?month=${figures.month}`);
    for (const id of CHARTS) await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1);
    const table = page.getByTestId('table-funnel');
    await expect(table.getByRole('table')).toBeHidden();
    await table.getByText('查看数据表').click();
    for (const stage of ['sampled', 'attempted', 'reached', 'verdict'] as const) {
      await expect(page.getByTestId(`funnel-${stage}-count`)).toHaveText(String(figures.funnel[stage]));
    }
  }
  // A month with nothing sampled reads 未测, never 0 % or 100 %.
  await page.goto('/dashboard?month=2020-01');
  await expect(page.getByTestId('kpi-callback-rate')).toHaveText('未测');
  await expect(page.getByTestId('kpi-valid-rate')).toHaveText('未测');

  expect(errors).toEqual([]);
});

test('the dashboard at 1280 px (the README screenshot) and at 390 px without sideways scrolling', async ({ page }) => {
  const errors = consoleErrors(page);
  await signIn(page, 'staff1');
  const now = runFixture('dashboard.ts', 'figures', 'now') as Figures;
  const lastMonth = now.trend.at(-2)!;
  const last = runFixture('dashboard.ts', 'figures', lastMonth) as Figures;
  // The month with the most to show: the one with more callbacks carried to a verdict (the demo's
  // last month is worked and closed; this one is barely begun early in a month).
  const month = now.funnel.verdict > last.funnel.verdict ? now.month : last.month;

  // Charts drawn at once, with no opening animation to catch half-way.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/dashboard?month=${month}`);
  for (const id of CHARTS) await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1);
  // The README's screenshot is refreshed on request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree as it found it.
  const shot = await page.screenshot({ fullPage: true, path: process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots/staff-dashboard.png' : undefined });
  await test.info().attach('dashboard-1280', { body: shot, contentType: 'image/png' });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/dashboard?month=${month}`);
  for (const id of CHARTS) await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  const chartWidth = await page.getByTestId('chart-trend').evaluate((e) => e.getBoundingClientRect().width);
  expect(chartWidth).toBeLessThanOrEqual(390);

  expect(errors).toEqual([]);
});

test('a manager gets the forbidden page', async ({ page }) => {
  await signIn(page, 'mgr01');
  await expect(page.getByRole('link', { name: '看板', exact: true })).toHaveCount(0);
  const response = await page.goto('/dashboard');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '403' })).toBeVisible();
});
