import { expect, test, type Page } from '@playwright/test';
import { runFixture, signIn, signOut } from './support';

/**
 * 拜访到位率 on the pages that show it, on a phone first: the supervisor's unit view (each
 * manager's spot checks this month, 建议调离 with its count, 未测 for one not drawn, sortable on a
 * wide screen) and the manager's 我的本月 (the customer found not visited, the day's yuan); in
 * Chinese by default and in English through the switch. The fixture writes today's spot checks of
 * a unit of its own (e2e/fixtures/spot-check-reports.ts).
 */
test.use({ viewport: { width: 390, height: 844 } });

interface Fixture {
  supervisor: string;
  managers: [string, string, string];
  names: [string, string, string];
  unit: string;
  day: string;
  notVisited: string;
}

const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

test('a supervisor reads the unit’s 拜访到位率 with 建议调离 on a phone; a manager their spot checks in 我的本月', async ({ page }) => {
  const fx = runFixture('spot-check-reports.ts', 'setup') as Fixture;
  await signIn(page, fx.supervisor);
  await page.goto('/unit');
  const card = page.getByTestId('unit-spot-checks');
  await expect(card.getByRole('heading', { name: '拜访到位率（电话抽查）' })).toBeVisible();
  const rows = card.getByTestId('unit-spot-row');
  // Worst first; the manager not drawn reads 未测 and comes last.
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toHaveAttribute('data-manager', fx.managers[0]);
  await expect(rows.nth(0).getByTestId('unit-spot-rate')).toContainText('0.0%');
  await expect(rows.nth(0).getByTestId('unit-spot-yuan')).toHaveText('50');
  await expect(rows.nth(0).getByTestId('removal-flag')).toHaveText('建议调离（5 次）');
  await expect(rows.nth(1).getByTestId('unit-spot-rate')).toContainText('100.0%');
  await expect(rows.nth(2)).toHaveAttribute('data-manager', fx.managers[2]);
  await expect(rows.nth(2).getByTestId('unit-spot-rate')).toHaveText('未测');
  // A card per manager, each figure labelled, nothing wider than the phone.
  await expect(rows.nth(0).getByTestId('unit-spot-yuan')).toHaveAttribute('data-label', /罚款（元）/);
  await noSidewaysScroll(page);
  // The badge in the managers' table too.
  await expect(page.getByTestId('unit-manager-row').filter({ hasText: fx.names[0] }).getByTestId('removal-flag')).toBeVisible();

  // On a wide screen the columns sort: the most yuan first, then back.
  await page.setViewportSize({ width: 1280, height: 900 });
  await card.getByTestId('unit-spot-sort-yuan').click();
  await expect(page).toHaveURL(/spotSort=yuan&spotDir=desc/);
  await expect(page.getByTestId('unit-spot-checks').getByTestId('unit-spot-row').first()).toHaveAttribute('data-manager', fx.managers[0]);
  await page.getByTestId('unit-spot-checks').getByTestId('unit-spot-sort-rate').click();
  await expect(page).toHaveURL(/spotSort=rate&spotDir=asc/);

  // In English.
  await page.getByTestId('locale-switch').click();
  await expect(page.getByTestId('unit-spot-checks').getByRole('heading', { name: 'On-site rate (spot checks)' })).toBeVisible();
  await expect(page.getByTestId('unit-spot-checks').getByTestId('removal-flag')).toHaveText('Removal suggested (5)');
  await page.getByTestId('locale-switch').click();
  await expect(page.getByTestId('unit-spot-checks').getByRole('heading', { name: '拜访到位率（电话抽查）' })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await signOut(page);

  // The manager found not visited: the customer, the planned time, no report that day, 50 yuan.
  await signIn(page, fx.managers[0]);
  await page.goto('/my-month');
  const section = page.getByTestId('my-month-spot-checks');
  await expect(page.getByTestId('my-month-spot-checks-summary')).toHaveText('抽查 1 天 · 到位 0 · 不全 1 · 未拜访 0 · 罚款 50 元');
  await expect(section.getByTestId('my-spot-rate')).toContainText('0.0%');
  const finding = section.getByTestId('my-spot-finding');
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText(fx.notVisited);
  await expect(finding.getByTestId('my-spot-planned')).toContainText('09:30');
  await expect(finding.getByTestId('my-spot-matched')).toHaveText('当天拜访记录：无');
  await expect(finding.getByTestId('my-spot-finding-yuan')).toHaveText('罚款 50 元');
  await expect(section.getByTestId('my-spot-day')).toHaveAttribute('data-result', 'incomplete');
  await noSidewaysScroll(page);
  await signOut(page);

  // Not drawn this month: 未测, never 0 % or 100 %.
  await signIn(page, fx.managers[2]);
  await page.goto('/my-month');
  await expect(page.getByTestId('my-month-spot-checks-summary')).toHaveText('本月没有被抽查 · 拜访到位率未测');
  await expect(page.getByTestId('my-spot-rate')).toHaveText('拜访到位率：未测');
  await expect(page.getByTestId('my-spot-none')).toBeVisible();
  await noSidewaysScroll(page);
});
