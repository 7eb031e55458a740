import { expect, test } from '@playwright/test';
import { signIn } from './support';

test('a supervisor approves a submitted visit plan from the approval queue', async ({ page }) => {
  await signIn(page, 'sup1');
  await page.goto('/plans');
  // The demo has mgr01's plan for next month waiting for sup1.
  const row = page.getByTestId('plans-table').getByRole('row').filter({ hasText: '陈志强' }).first();
  await row.getByRole('link', { name: '审批' }).click();
  await expect(page.getByTestId('plan-status')).toHaveAttribute('data-status', 'submitted');
  // The planned visits are listed (waits for them: a count read at once could see the page loading).
  await expect(page.getByTestId('plan-item-row')).not.toHaveCount(0);
  // The planned visits read in date order.
  const planned = await page.getByTestId('plan-item-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-planned-at')!));
  expect(planned.length).toBeGreaterThan(1);
  expect(planned).toEqual([...planned].sort());
  await page.getByTestId('plan-approve').click();
  await expect(page.getByTestId('plan-status')).toHaveAttribute('data-status', 'approved');
  await expect(page.getByTestId('plan-history')).toContainText('赵建国');
});

test('a supervisor cannot open a plan of another unit', async ({ page }) => {
  await signIn(page, 'sup2');
  await page.goto('/plans?status=all');
  // sup2 sees only 东部营销中心's managers (mgr05–mgr08), never mgr01 (城区).
  await expect(page.getByTestId('plans-table')).not.toContainText('陈志强');
});
