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
  /** Per chart: whether it has something to draw (else the page says so instead). */
  draws: Record<string, boolean>;
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

/** Each chart drawn (one canvas) when it has something to draw, else its empty state and no canvas. */
async function expectCharts(page: Page, figures: Figures) {
  for (const id of CHARTS) {
    if (figures.draws[id]) {
      await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1);
      await expect(page.getByTestId(`${id}-empty`)).toHaveCount(0);
    } else {
      await expect(page.getByTestId(`${id}-empty`)).toBeVisible();
      await expect(page.getByTestId(id)).toHaveCount(0);
    }
  }
}

test('staff read the dashboard: every chart drawn, the funnel table matches the figures, no console errors', async ({ page }) => {
  const errors = consoleErrors(page);
  await signIn(page, 'staff1');
  await page.getByRole('link', { name: '看板', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: '回访看板' })).toBeVisible();

  // The demo's last month is worked and closed: its funnel has something real in it.
  const now = runFixture('dashboard.ts', 'figures', 'now') as Figures;
  await expectCharts(page, now);
  const lastMonth = now.trend.at(-2)!;
  const last = runFixture('dashboard.ts', 'figures', lastMonth) as Figures;
  expect(last.funnel.sampled).toBeGreaterThan(0);
  expect(last.draws).toMatchObject({ 'chart-funnel': true, 'chart-units': true, 'chart-trend': true });

  for (const figures of [now, last]) {
    await page.goto(`/dashboard?month=${figures.month}`);
    await expectCharts(page, figures);
    if (!figures.draws['chart-funnel']) continue;
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
  const figures = month === now.month ? now : last;
  await page.goto(`/dashboard?month=${month}`);
  await expectCharts(page, figures);
  // The README's screenshot is refreshed on request (UPDATE_SCREENSHOTS=1), so a test run leaves the tree as it found it.
  const shot = await page.screenshot({ fullPage: true, path: process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots/staff-dashboard.png' : undefined });
  await test.info().attach('dashboard-1280', { body: shot, contentType: 'image/png' });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/dashboard?month=${month}`);
  await expectCharts(page, figures);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  const chartWidth = await page.getByTestId('chart-trend').evaluate((e) => e.getBoundingClientRect().width);
  expect(chartWidth).toBeLessThanOrEqual(390);

  expect(errors).toEqual([]);
});

test('a month with nothing in it: the funnel, units and trend say so instead of drawing bands and bars of nothing', async ({ page }) => {
  const errors = consoleErrors(page);
  await signIn(page, 'staff1');
  await page.goto('/dashboard');
  // Chosen with the page's own month filter: a month long before the demo's data.
  await page.getByTestId('dashboard-filters').locator('input[name="month"]').fill('2020-01');
  await page.getByTestId('dashboard-filters').getByRole('button').click();
  await expect(page).toHaveURL(/month=2020-01/);
  const empty = runFixture('dashboard.ts', 'figures', '2020-01') as Figures;
  expect(empty.funnel).toEqual({ sampled: 0, attempted: 0, reached: 0, verdict: 0 });
  expect(empty.draws).toMatchObject({ 'chart-funnel': false, 'chart-units': false, 'chart-trend': false });
  await expect(page.getByTestId('chart-funnel-empty')).toHaveText('本月尚无抽样回访');
  await expect(page.getByTestId('chart-funnel')).toHaveCount(0);
  await expect(page.getByTestId('table-funnel')).toHaveCount(0);
  await expect(page.getByTestId('chart-units-empty')).toBeVisible();
  await expect(page.getByTestId('chart-trend-empty')).toBeVisible();
  // Today's calls are today's whatever the month: drawn or said empty by today's figures.
  await expectCharts(page, empty);
  // The month's rates still read 未测 in the tiles.
  await expect(page.getByTestId('kpi-callback-rate')).toHaveText('未测');
  expect(errors).toEqual([]);
});

test('a manager gets the forbidden page', async ({ page }) => {
  await signIn(page, 'mgr01');
  await expect(page.getByRole('link', { name: '看板', exact: true })).toHaveCount(0);
  const response = await page.goto('/dashboard');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '403' })).toBeVisible();
});
