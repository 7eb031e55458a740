import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support';

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

test('a supervisor’s pages fit a phone', async ({ page }) => {
  await signIn(page, 'sup1');
  for (const path of ['/unit', '/plans', '/visits', '/customers', '/disputes']) {
    await expectNoSidewaysScroll(page, path);
  }
});
