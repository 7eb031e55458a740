import { expect, test } from '@playwright/test';
import { dayInBeijing, signIn } from './support';

test('staff change the spot-check rules: checks in Chinese beside the field, a scheduled version and its cancellation', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.getByRole('navigation').getByRole('link', { name: '电话抽查规则', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '电话抽查规则' })).toBeVisible();
  await expect(page.getByTestId('spot-check-rules-summary')).toContainText('每人抽');
  await expect(page.getByTestId('spot-check-rules-summary')).toContainText('建议调离');
  await expect(page.getByTestId('spot-check-rules-upcoming')).toHaveCount(0);

  // A share of managers, but more than all of them: refused in Chinese beside the field.
  await page.getByTestId('spot-check-rules-managerSelection-share').check();
  await page.getByTestId('spot-check-rules-managerSharePercent').fill('150');
  await page.getByTestId('spot-check-rules-flagThreshold').fill('0');
  await page.getByTestId('spot-check-rules-save').click();
  await expect(page.getByTestId('spot-check-rules-error-managerSharePercent')).toHaveText('抽查比例须为下方所示范围内的数，最多一位小数。');
  await expect(page.getByTestId('spot-check-rules-error-flagThreshold')).toHaveText('建议调离阈值须为下方所示范围内的整数。');
  await page.getByTestId('spot-check-rules-managerSharePercent').fill('40');
  await page.getByTestId('spot-check-rules-flagThreshold').fill('6');
  await page.getByTestId('spot-check-rules-dueRule-next_morning').check();

  // Saved for a week from now: scheduled, with its summary; the rules in force stay.
  const day = dayInBeijing(7);
  await page.getByTestId('spot-check-rules-effectiveFrom').fill(day);
  await page.getByTestId('spot-check-rules-note').fill('端到端测试：按 40% 抽查');
  await page.getByTestId('spot-check-rules-save').click();
  await expect(page.getByTestId('spot-check-rules-saved')).toContainText(`${day} 起生效`);
  const upcoming = page.getByTestId('spot-check-rules-upcoming');
  await expect(upcoming).toContainText(`将于 ${day} 生效`);
  await expect(upcoming).toContainText('每天按 40% 抽查客户经理（近 90 天有发现的 × 2）');
  await expect(upcoming).toContainText('次一工作日上午外呼');
  await expect(upcoming).toContainText('90 天内 6 次发现建议调离');

  // Cancelled before it takes effect: the demo's rules are as they were.
  await page.getByTestId('spot-check-rules-cancel').click();
  await page.getByTestId('spot-check-rules-cancel-yes').click();
  await expect(page.getByTestId('spot-check-rules-cancel-result')).toContainText(`原定 ${day} 起生效`);
  await expect(upcoming).toHaveCount(0);
});
