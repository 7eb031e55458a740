import { expect, test } from '@playwright/test';
import { signIn, signOut } from './support';

test('a manager files a visit report, and another manager cannot open it by URL', async ({ page }) => {
  await signIn(page, 'mgr04');
  await page.goto('/visits/new');
  const customer = page.getByTestId('visit-customer');
  const firstCustomer = await customer.locator('option').nth(1).getAttribute('value');
  await customer.selectOption(firstCustomer!);
  await page.getByTestId('visit-contacts').getByRole('checkbox').first().check();
  await page.getByLabel('电话拜访').check();
  await expect(page.getByTestId('visit-purpose-count')).toHaveText('0 / 500 字');
  await page.getByTestId('visit-purpose').fill('端到端测试：了解专线续约意向');
  await expect(page.getByTestId('visit-purpose-count')).toHaveText('14 / 500 字');
  await expect(page.getByTestId('visit-summary-count')).toHaveText('0 / 4000 字');
  await page.getByTestId('visit-save').click();

  await expect(page.getByTestId('visit-saved')).toBeVisible();
  await expect(page.getByTestId('visit-facts')).toContainText('端到端测试：了解专线续约意向');
  const visitUrl = new URL(page.url()).pathname;
  expect(visitUrl).toMatch(/^\/visits\/[0-9a-f-]{36}$/);

  // It is in the manager's own list.
  await page.goto('/visits?q=端到端测试');
  await expect(page.getByText('端到端测试：了解专线续约意向')).toBeVisible();
  await signOut(page);

  // Another manager gets "not found", and none of the report's content.
  await signIn(page, 'mgr05');
  const response = await page.goto(visitUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByText('端到端测试：了解专线续约意向')).toHaveCount(0);
});

test('the report form refuses a visit with no contact, naming the field', async ({ page }) => {
  await signIn(page, 'mgr06');
  await page.goto('/visits/new');
  const customer = page.getByTestId('visit-customer');
  await customer.selectOption((await customer.locator('option').nth(1).getAttribute('value'))!);
  await page.getByTestId('visit-purpose').fill('没有选联系人');
  await page.getByTestId('visit-save').click();
  await expect(page.getByTestId('visit-form').locator('.field-error').first()).toBeVisible();
  await expect(page).toHaveURL(/\/visits\/new/);
});
