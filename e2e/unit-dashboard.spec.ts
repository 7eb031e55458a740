import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

/**
 * 单元看板 on /unit: sup1 (城区营销中心, the demo) lands on the unit view and reads the pace table
 * worst first, the trend charts with their tables one click away and the customers still
 * uncovered; the page fits a 390 px phone; a manager is refused.
 */

/** Collects what the browser reports as errors (CSP violations among them). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** The pace table's gaps in the order shown; '' where not measured. */
async function gaps(page: Page): Promise<(number | null)[]> {
  const values = await page.getByTestId('unit-pace-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-gap') ?? ''));
  return values.map((v) => (v === '' ? null : Number(v)));
}

test('sup1 reads the unit dashboard: pace worst first, the trend and its table, the uncovered customers', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signIn(page, 'sup1');
  await expect(page).toHaveURL(/\/unit$/);
  await expect(page.getByRole('heading', { name: '单元看板' })).toBeVisible();
  await expect(page.getByTestId('unit-pace-hint')).toContainText('已过天数（含今天）÷ 本月天数');

  // The pace table: the unit's four managers, the furthest behind first, 未测 last.
  const rows = page.getByTestId('unit-pace-row');
  await expect(rows).toHaveCount(4);
  const shown = await gaps(page);
  const measured = shown.filter((g): g is number => g !== null);
  expect(measured).toEqual([...measured].sort((a, b) => a - b));
  expect(shown.slice(measured.length).every((g) => g === null)).toBe(true);
  await expect(page.getByTestId('unit-pace-sort-gap')).toHaveText(/差距 ▲/);

  // Sorted by name instead, then back to worst first.
  await page.getByTestId('unit-pace-sort-name').click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page.getByTestId('unit-pace-sort-name')).toHaveText(/▲/);
  const names = await rows.evaluateAll((list) => list.map((r) => r.querySelector('td a')!.textContent!));
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));

  // The trend: two charts drawn, each with its table one click away (the unit's total, then each manager).
  await page.goto('/unit');
  for (const id of ['chart-unit-valid', 'chart-unit-points']) await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1);
  const table = page.getByTestId('table-unit-valid');
  await expect(table.getByRole('table')).toBeHidden();
  await table.getByText('查看数据表').click();
  await expect(table.getByRole('table')).toBeVisible();
  await expect(table.getByRole('columnheader')).toHaveCount(8);
  await expect(table.getByTestId('unit-trend-total')).toContainText('本单位合计');
  await expect(table.getByTestId('unit-trend-manager')).toHaveCount(4);
  // A rate over nothing reads 未测 (never 0 % or 100 %); the demo's oldest months have no visits.
  await expect(table.getByTestId('unit-trend-total').getByRole('cell').nth(1)).toHaveText('未测');

  // The customers still uncovered: a page of them, as many in all as the tile says.
  const total = Number(await page.getByTestId('unit-tile-uncovered').textContent());
  if (total === 0) {
    await expect(page.getByTestId('unit-uncovered-empty')).toBeVisible();
  } else {
    const listed = await page.getByTestId('unit-uncovered-row').count();
    expect(listed).toBe(Math.min(total, 15));
    await expect(page.getByTestId('unit-uncovered').getByRole('columnheader')).toHaveText(['客户', '等级', '客户经理', '尚缺']);
    await expect(page.getByTestId('unit-uncovered-row').first().getByRole('cell').nth(3)).toContainText(/拜访/);
  }

  // The unit view's tables and the ledger's export stay.
  await expect(page.getByTestId('unit-managers')).toBeVisible();
  await expect(page.getByTestId('unit-ledger-export-xlsx')).toHaveAttribute('href', /\/api\/exports\/points-ledger\?format=xlsx&month=\d{4}-\d{2}&unitId=/);
  expect(errors).toEqual([]);
});

test('at 390 px the unit dashboard has no sideways scroll', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signIn(page, 'sup1');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/unit');
  for (const id of ['chart-unit-valid', 'chart-unit-points']) await expect(page.getByTestId(id).locator('canvas')).toHaveCount(1);
  await page.getByTestId('table-unit-valid').getByText('查看数据表').click();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});

test('a manager is refused', async ({ page }) => {
  await signIn(page, 'mgr01');
  const response = await page.goto('/unit');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '403' })).toBeVisible();
});

test('seven months with nothing judged read as a sentence, not empty axes', async ({ page }) => {
  await signIn(page, 'sup1');
  await page.goto('/unit?month=2020-01');
  await expect(page.getByTestId('chart-unit-valid-empty')).toHaveText('这七个月本单位没有已核查的拜访，有效率均为未测。');
  await expect(page.getByTestId('chart-unit-valid')).toHaveCount(0);
});
