import { expect, test } from '@playwright/test';
import { signIn, signOut } from './support';

/**
 * 操作记录 as people meet it: staff reveal a contact's full number and find that very reveal on
 * the audit page, as a Chinese sentence, with the person and action filters (on a phone too, as
 * cards without sideways scrolling); a manager reads the trail of the visit they just reported;
 * a manager cannot open the audit page.
 */
test('staff reveal a full number and find it on 操作记录, filtered by person and action', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.goto('/customers');
  await page.getByTestId('customer-list').getByRole('link').first().click();
  await expect(page.getByTestId('contacts-table')).toBeVisible();
  const customerName = (await page.getByRole('heading', { level: 1 }).textContent())!;
  const row = page.getByTestId('contacts-table').locator('tbody tr').first();
  const contactName = (await row.locator('td').first().textContent())!.trim().split(/\s/)[0];
  await row.getByTestId('contact-phone').getByRole('button', { name: '显示完整号码' }).click();
  await expect(row.getByTestId('contact-phone')).toContainText('查看已记录');

  await page.getByRole('link', { name: '操作记录' }).first().click();
  await expect(page).toHaveURL(/\/audit$/);
  const filters = page.getByTestId('audit-filters');
  const person = filters.getByTestId('audit-filter-person');
  await person.selectOption({ label: (await person.locator('option', { hasText: '（staff1）' }).first().textContent())! });
  await filters.getByTestId('audit-filter-action').selectOption({ label: '查看完整号码' });
  await filters.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/action=phone\.revealed/);

  const first = page.getByTestId('audit-row').first();
  await expect(first.getByTestId('audit-sentence')).toContainText(new RegExp(`（staff1） 看了 .+ 联系人 ${contactName} 的完整号码`));
  expect(customerName).toContain((await first.getByTestId('audit-sentence').textContent())!.split(' 看了 ')[1].split(' 联系人 ')[0]);
  // Every row is staff1's reveal; none shows a number.
  for (const sentence of await page.getByTestId('audit-sentence').allTextContents()) {
    expect(sentence).toContain('（staff1） 看了');
    expect(sentence).not.toMatch(/1\d{10}/);
  }
  // The record's own entries, then the customer page itself.
  await first.getByTestId('audit-record-entries').click();
  await expect(page.getByTestId('audit-record-filter')).toBeVisible();
  await expect(page.getByTestId('audit-row').first().getByTestId('audit-sentence')).toContainText(`联系人 ${contactName} 的完整号码`);
  await page.getByTestId('audit-row').first().getByTestId('audit-record-link').click();
  await expect(page.getByTestId('contacts-table')).toBeVisible();

  // On a phone: the table reads as cards, nothing scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/audit?action=phone.revealed');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await test.info().attach('audit-390', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('a manager reads the 操作记录 of the visit they reported, and cannot open the audit page', async ({ page }) => {
  await signIn(page, 'mgr08');
  await page.goto('/visits/new');
  const customer = page.getByTestId('visit-customer');
  await customer.selectOption((await customer.locator('option').nth(1).getAttribute('value'))!);
  await page.getByTestId('visit-contacts').getByRole('checkbox').first().check();
  await page.getByLabel('电话拜访').check();
  await page.getByTestId('visit-purpose').fill('端到端测试：操作记录');
  await page.getByTestId('visit-save').click();
  await expect(page.getByTestId('visit-saved')).toBeVisible();

  const trail = page.getByTestId('record-trail');
  await expect(trail.getByRole('heading', { name: '操作记录' })).toBeVisible();
  await expect(trail.getByTestId('record-trail-entry').first()).toContainText(/（mgr08） 填报了对 .+ 的拜访（\d{4}-\d{2}-\d{2}）/);
  await test.info().attach('visit-trail', { body: await trail.screenshot(), contentType: 'image/png' });

  await expect(page.getByRole('link', { name: '操作记录' })).toHaveCount(0);
  const response = await page.goto('/audit');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '403' })).toBeVisible();
  await signOut(page);
});
