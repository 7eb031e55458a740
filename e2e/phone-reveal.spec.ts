import { expect, test } from '@playwright/test';
import { signIn, signOut } from './support';

/**
 * One phone rule, as people meet it: the manager who claims the customer sees the contact's number
 * in full (report form and visit page); the unit's supervisor sees it masked; staff see it masked
 * and click 显示完整号码 to see it (the reveal is written to the audit log — checked in
 * tests/integration/phone-visibility.test.ts; e2e/audit-trail.spec.ts finds it on 操作记录).
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

test('staff on a customer page: numbers masked, 显示完整号码 reveals one, editing a contact keeps its number when the phone is left blank', async ({ page }) => {
  await signIn(page, 'staff2');
  await page.goto('/customers');
  await page.getByTestId('customer-list').getByRole('link').first().click();
  const table = page.getByTestId('contacts-table');
  const row = table.locator('tbody tr').first();
  const cell = row.getByTestId('contact-phone');
  const masked = (await cell.locator('.num').textContent())!.trim();
  expect(masked).toMatch(/^\d{3}\*{4}\d{4}$/);

  await cell.getByRole('button', { name: '显示完整号码' }).click();
  await expect(cell.locator('.num')).toHaveText(new RegExp(`^${masked.slice(0, 3)}\\d{4}${masked.slice(-4)}$`));
  await expect(cell).toContainText('查看已记录');

  // Editing the title: the phone field starts blank and says a blank keeps the number.
  await row.getByRole('button', { name: '修改' }).click();
  const form = page.getByTestId('contact-edit-form');
  await expect(form.getByLabel('联系电话')).toHaveValue('');
  await expect(form).toContainText('留空则保留原号码');
  await form.getByLabel('职务').fill('端到端测试职务');
  await form.getByRole('button', { name: '保存' }).click();
  const edited = table.locator('tbody tr', { hasText: '端到端测试职务' });
  await expect(edited.getByTestId('contact-phone').locator('.num')).toHaveText(masked);
});
