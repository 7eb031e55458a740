import { expect, test } from '@playwright/test';
import { signIn, signOut } from './support';

/**
 * One phone rule, as people meet it: the manager who claims the customer sees the contact's number
 * in full (report form and visit page); the unit's supervisor sees it masked; staff see it masked
 * and click 显示完整号码 to see it (the reveal is written to the audit log — checked in
 * tests/integration/phone-visibility.test.ts, there is no audit page).
 */
test('the claiming manager sees full numbers, the supervisor masked, staff reveal one with 显示完整号码', async ({ page }) => {
  await signIn(page, 'mgr08');
  await page.goto('/visits/new');
  const customer = page.getByTestId('visit-customer');
  await customer.selectOption((await customer.locator('option').nth(1).getAttribute('value'))!);
  const firstContact = page.getByTestId('visit-contacts').locator('label').first();
  await expect(firstContact).toContainText(/1\d{10}/);
  await expect(firstContact).not.toContainText('****');
  await page.getByTestId('visit-contacts').getByRole('checkbox').first().check();
  await page.getByLabel('电话拜访').check();
  await page.getByTestId('visit-purpose').fill('端到端测试：号码显示规则');
  await page.getByTestId('visit-save').click();
  await expect(page.getByTestId('visit-saved')).toBeVisible();
  const visitUrl = new URL(page.url()).pathname;

  const phoneCell = page.getByTestId('visit-contacts').getByTestId('contact-phone').first();
  const full = (await phoneCell.textContent())!.trim();
  expect(full).toMatch(/^1\d{10}$/);
  await expect(page.getByTestId('reveal-phone')).toHaveCount(0);
  await signOut(page);

  const masked = `${full.slice(0, 3)}****${full.slice(-4)}`;
  await signIn(page, 'sup2');
  await page.goto(visitUrl);
  await expect(page.getByTestId('visit-contacts').getByTestId('contact-phone').first()).toHaveText(masked);
  await expect(page.getByTestId('reveal-phone')).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'staff2');
  await page.goto(visitUrl);
  const staffCell = page.getByTestId('visit-contacts').getByTestId('contact-phone').first();
  await expect(staffCell).toContainText(masked);
  await staffCell.getByRole('button', { name: '显示完整号码' }).click();
  await expect(staffCell).toContainText(full);
  await expect(staffCell).toContainText('查看已记录');
  await expect(staffCell.getByRole('button', { name: '显示完整号码' })).toHaveCount(0);
});
