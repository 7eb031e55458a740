import { expect, test } from '@playwright/test';
import { dayInBeijing, ensureLastMonthClosed, lastMonth, signIn } from './support';

test('staff change the assessment rules: checks in Chinese, the effect on last month, a scheduled version and its cancellation', async ({ page }) => {
  await signIn(page, 'staff1');
  await ensureLastMonthClosed(page);

  await page.getByRole('navigation').getByRole('link', { name: '考核规则', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '考核规则' })).toBeVisible();
  await expect(page.getByTestId('assessment-rules-summary')).toContainText('维系积分 A 10 · B 8 · C 5 · D 3 分/户/月');
  await expect(page.getByTestId('assessment-rules-upcoming')).toHaveCount(0);

  // Checked in the browser, in Chinese, beside the field.
  await page.getByTestId('assessment-rules-basePoints.A').fill('-1');
  await page.getByTestId('assessment-rules-gradeBands.good').fill('95');
  await page.getByTestId('assessment-rules-save').click();
  await expect(page.getByTestId('assessment-rules-error-basePoints.A')).toHaveText('维系积分须为下方所示范围内的整数。');
  await page.getByTestId('assessment-rules-basePoints.A').fill('12');
  await page.getByTestId('assessment-rules-save').click();
  await expect(page.getByTestId('assessment-rules-error-gradeBands')).toHaveText('等级分数线须从“优秀”到“较差”依次降低。');
  await page.getByTestId('assessment-rules-gradeBands.good').fill('80');

  // The effect on last month's close, per unit and in total, nothing saved.
  await page.getByTestId('assessment-rules-preview-run').click();
  const result = page.getByTestId('assessment-rules-preview-result');
  await expect(result).toHaveAttribute('data-month', lastMonth(), { timeout: 30_000 });
  await expect(result).toContainText(`${lastMonth()} 按表单数值重算`);
  await expect(result.getByTestId('assessment-rules-preview-unit').first()).toBeVisible();
  const total = result.getByTestId('assessment-rules-preview-total').getByTestId('assessment-rules-preview-points');
  const closed = Number(await total.getAttribute('data-closed'));
  const previewed = Number(await total.getAttribute('data-preview'));
  // Class A worth more can only add points.
  expect(previewed).toBeGreaterThanOrEqual(closed);
  await expect(result).not.toContainText('NaN');
  // Changing the form after a preview says the table is of the earlier values.
  await page.getByTestId('assessment-rules-closeDay').fill('5');
  await expect(page.getByTestId('assessment-rules-preview-outdated')).toBeVisible();
  await expect(page.getByTestId('assessment-rules-upcoming')).toHaveCount(0);

  // Saved for a week from now: scheduled, with its summary.
  const day = dayInBeijing(7);
  await page.getByTestId('assessment-rules-effectiveFrom').fill(day);
  await page.getByTestId('assessment-rules-note').fill('端到端测试：A 类积分调为 12');
  await page.getByTestId('assessment-rules-save').click();
  await expect(page.getByTestId('assessment-rules-saved')).toContainText(`${day} 起生效`);
  const upcoming = page.getByTestId('assessment-rules-upcoming');
  await expect(upcoming).toContainText(`将于 ${day} 生效`);
  await expect(upcoming).toContainText('维系积分 A 12');
  await expect(upcoming).toContainText('次月 5 日关账');
  await expect(page.getByTestId('assessment-rules-summary')).toContainText('维系积分 A 10');

  // Cancelled before it takes effect, after a confirmation.
  await page.getByTestId('assessment-rules-cancel').click();
  await expect(page.getByTestId('assessment-rules-cancel-confirm')).toContainText(`原定 ${day} 起生效`);
  await page.getByTestId('assessment-rules-cancel-no').click();
  await expect(upcoming).toBeVisible();
  await page.getByTestId('assessment-rules-cancel').click();
  await page.getByTestId('assessment-rules-cancel-yes').click();
  await expect(page.getByTestId('assessment-rules-cancel-result')).toContainText(`已取消第`);
  await expect(page.getByTestId('assessment-rules-cancel-result')).toContainText(`原定 ${day} 起生效`);
  await expect(upcoming).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('assessment-rules-upcoming')).toHaveCount(0);
  await expect(page.getByTestId('assessment-rules-version').filter({ hasText: day })).toHaveCount(0);
  await expect(page.getByTestId('assessment-rules-summary')).toContainText('维系积分 A 10');
});
