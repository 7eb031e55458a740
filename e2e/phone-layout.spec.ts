import { expect, test, type Page } from '@playwright/test';
import { lastMonth, signIn } from './support';

/**
 * Managers report visits from their phones and supervisors look at their unit on them: at
 * 390 × 844 no page of theirs is wider than the screen, the menu folds into a drawer that opens
 * from the header and closes once a page is chosen, and list tables read as labelled cards.
 */
test.use({ viewport: { width: 390, height: 844 } });

async function expectNoSidewaysScroll(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('main h1').first()).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
}

test('a manager’s pages fit a phone; the menu is a drawer', async ({ page }) => {
  await signIn(page, 'mgr03');
  const nav = page.getByTestId('sidenav');
  // Folded away until asked for.
  await expect(nav).not.toBeInViewport();
  await page.getByTestId('menu-button').click();
  await expect(nav).toBeInViewport();
  await nav.getByRole('link', { name: '拜访记录' }).click();
  await expect(page).toHaveURL(/\/visits$/);
  await expect(nav).not.toBeInViewport();

  // The visit list reads as cards: each cell carries its column's name.
  const firstCell = page.locator('table.data tbody tr').first().locator('td').first();
  await expect(firstCell).toHaveAttribute('data-label', /.+/);

  for (const path of ['/my-month', '/visits', '/visits/new', '/plans', '/disputes', '/notifications', '/profile']) {
    await expectNoSidewaysScroll(page, path);
  }
  // A visit's own page too.
  await page.goto('/visits');
  await page.locator('table.data tbody tr').first().getByRole('link').first().click();
  await expect(page).toHaveURL(/\/visits\/[0-9a-f-]{36}$/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});

test('“my month” on a phone is a page or two long, and each folded list opens to the rows its heading counts', async ({ page }) => {
  await signIn(page, 'mgr03');
  for (const path of ['/my-month', `/my-month?month=${lastMonth()}`]) {
    await page.goto(path);
    await expect(page.getByTestId('month-result')).toBeVisible();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    expect(height, `${path} is ${height} px long`).toBeLessThanOrEqual(6000);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width} px wide`).toBeLessThanOrEqual(390);
  }

  // Last month's visits: the heading gives the count and the verdicts; opening it shows those rows.
  const visits = page.getByTestId('my-month-visits');
  const rows = Number(await visits.getAttribute('data-rows'));
  expect(rows).toBeGreaterThan(5);
  await expect(visits.getByTestId('verdict-row').first()).not.toBeVisible();
  await expect(page.getByTestId('my-month-visits-summary')).toContainText(`${rows} 次拜访`);
  await visits.locator('summary').click();
  await expect(visits.getByTestId('verdict-row')).toHaveCount(rows);
  await expect(visits.getByTestId('verdict-row').first()).toBeVisible();
  const invalid = await visits.locator('[data-testid="verdict-status"][data-status="invalid"]').count();
  await expect(page.getByTestId('my-month-visits-summary')).toContainText(`无效拜访 ${invalid}`);

  // The ledger too: as many entries as its heading says.
  const ledger = page.getByTestId('my-month-ledger');
  const entries = Number(await ledger.getAttribute('data-rows'));
  await expect(page.getByTestId('my-month-ledger-summary')).toContainText(`${entries} 条积分明细`);
  await ledger.locator('summary').click();
  await expect(ledger.getByTestId('ledger-row')).toHaveCount(entries);
});

test('a supervisor’s pages fit a phone', async ({ page }) => {
  await signIn(page, 'sup1');
  for (const path of ['/unit', '/plans', '/visits', '/customers', '/disputes']) {
    await expectNoSidewaysScroll(page, path);
  }
});
