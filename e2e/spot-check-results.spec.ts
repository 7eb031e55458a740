import { expect, test } from '@playwright/test';
import { runFixture, signIn } from './support';

/**
 * 电话抽查 for staff, on a phone: a manager checked on the two days before today (the fixture
 * writes the day's draw and the callbacks as agents left them, and evaluates them), the day's
 * result and yuan beside each customer's finding, the report of the day; the 建议调离 flag their
 * six findings raised, cleared only with a reason.
 */
test.use({ viewport: { width: 390, height: 844 } });

interface Fixture {
  manager: string;
  days: [string, string];
  flagId: string | null;
}

test('staff see a day’s spot checks and clear a removal flag with a reason', async ({ page }) => {
  const fx = runFixture('spot-check-results.ts', 'setup') as Fixture;
  expect(fx.flagId).not.toBeNull();
  await signIn(page, 'staff1');

  // In the staff menu.
  await page.getByTestId('menu-button').click();
  await page.getByTestId('sidenav').getByRole('link', { name: '电话抽查', exact: true }).click();
  await expect(page).toHaveURL(/\/spot-checks$/);

  // The first day: 拜访不全, three not visited at 50 yuan each; unreachable counts as visited.
  await page.goto(`/spot-checks?day=${fx.days[0]}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`电话抽查 · ${fx.days[0]}`);
  const first = page.getByTestId('spot-check-manager-day').filter({ hasText: fx.manager });
  await expect(first.getByTestId('spot-check-result')).toHaveText('拜访不全');
  await expect(first.getByTestId('spot-check-penalty')).toHaveText('罚款 150 元');
  await expect(first.getByTestId('spot-check-item')).toHaveCount(5);
  await expect(first.getByTestId('spot-check-item').filter({ hasText: '未拜访' })).toHaveCount(3);
  await expect(first.getByTestId('spot-check-item').filter({ hasText: '无法接通（按已拜访计）' })).toHaveCount(1);
  // The visited customer's report of that day is beside the finding.
  const visited = first.getByTestId('spot-check-item').filter({ hasText: '客户确认已拜访' });
  await expect(visited).toContainText('上门拜访');
  await expect(visited.getByRole('link')).toHaveAttribute('href', /\/visits\/[0-9a-f-]{36}$/);
  // Cards, not a table wider than the phone.
  await expect(first.getByTestId('spot-check-item').first().locator('td').first()).toHaveAttribute('data-label', '客户');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The second day: 未拜访, 100 yuan for the day.
  await page.getByTestId('spot-check-day').fill(fx.days[1]);
  await page.getByTestId('spot-check-day-picker').getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`day=${fx.days[1]}`));
  const second = page.getByTestId('spot-check-manager-day').filter({ hasText: fx.manager });
  await expect(second.getByTestId('spot-check-result')).toHaveText('未拜访');
  await expect(second.getByTestId('spot-check-penalty')).toHaveText('罚款 100 元');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // The flag: six findings; clearing it needs a reason.
  const card = page.getByTestId('flag-card').filter({ hasText: fx.manager });
  await expect(card).toContainText('抽查发现未拜访 6 次（阈值 5 次，统计期 90 天）');
  await card.getByTestId('clear-flag-submit').click();
  await expect(card.getByRole('alert').first()).toHaveText('请填写清除“建议调离”标记的原因。');
  await card.getByTestId('clear-flag-reason').fill('已约谈客户经理，调整负责片区');
  await card.getByTestId('clear-flag-submit').click();
  await expect(page.getByRole('status').filter({ hasText: `已清除${fx.manager}的「建议调离」标记` })).toBeVisible();
  await expect(page.getByTestId('flag-card').filter({ hasText: fx.manager })).toHaveCount(0);

  // In English.
  await page.getByTestId('locale-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Spot checks · ${fx.days[1]}`);
  await expect(page.getByTestId('spot-check-manager-day').filter({ hasText: fx.manager }).getByTestId('spot-check-result')).toHaveText('None visited');
  await page.getByTestId('locale-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`电话抽查 · ${fx.days[1]}`);
});
