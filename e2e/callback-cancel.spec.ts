import { expect, test } from '@playwright/test';
import { signIn } from './support';

test('staff cancel an open callback from the visit page, with a reason; the visit then counts as unverified', async ({ page }) => {
  await signIn(page, 'staff1');
  // A sampled class D visit of this month: its callback is still open in the demo.
  await page.goto('/settings/sampling?sampled=yes#decisions');
  const classD = page
    .getByTestId('sampling-decisions')
    .locator('tbody tr')
    .filter({ has: page.locator('td:nth-child(3)', { hasText: /^D$/ }) })
    .first();
  await classD.getByRole('link').click();
  await expect(page.getByTestId('visit-sampling-decision')).toHaveAttribute('data-sampled', 'true');

  await page.getByTestId('callback-cancel').click();
  // No reason, no cancel.
  await page.getByTestId('callback-cancel-confirm').click();
  await expect(page.getByTestId('visit-callback-cancel').getByRole('alert')).toHaveText('请填写原因。');
  await page.getByTestId('callback-cancel-reason').fill('客户已注销，无法回访');
  await page.getByTestId('callback-cancel-confirm').click();
  await expect(page.getByTestId('visit-callback-cancel')).toHaveCount(0);

  // The worker re-evaluates the visit: no deduction, and the manager reads why.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('visit-verdict-reason')).toContainText('回访已取消，按未核实计', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
});
