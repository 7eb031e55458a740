import { expect, test } from '@playwright/test';
import { dayInBeijing, ensureLastMonthClosed, lastMonth, signIn, signOut } from './support';

const GRADE = /优秀|良好|一般|较差|严重不达标|样本不足/;

test('staff set the agents’ assessment weights for tomorrow, and read a closed month’s agents with scores and grades', async ({ page }) => {
  await signIn(page, 'staff1');

  await page.getByRole('navigation').getByRole('link', { name: '坐席考核规则', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '坐席考核规则' })).toBeVisible();
  await expect(page.getByTestId('agent-assessment-rules-summary')).toContainText('权重 回访率 40 / 回访质量 30 / 及时性 30');

  // Checked in the browser, in Chinese: each field first, then the weights together.
  await page.getByTestId('agent-assessment-rules-minFinished').fill('2.5');
  await page.getByTestId('agent-assessment-rules-save').click();
  await expect(page.getByTestId('agent-assessment-rules-error-minFinished')).toHaveText('最少完成回访数须为下方所示范围内的整数。');
  await page.getByTestId('agent-assessment-rules-minFinished').fill('5');
  for (const part of ['callbackRate', 'quality', 'timeliness']) await page.getByTestId(`agent-assessment-rules-weights.${part}`).fill('0');
  await page.getByTestId('agent-assessment-rules-save').click();
  await expect(page.getByTestId('agent-assessment-rules-error-weights')).toHaveText('各项权重不能全部为 0。');

  // 回访率 50 / 质量 25 / 及时性 25 from tomorrow (the form's default day).
  await page.getByTestId('agent-assessment-rules-weights.callbackRate').fill('50');
  await page.getByTestId('agent-assessment-rules-weights.quality').fill('25');
  await page.getByTestId('agent-assessment-rules-weights.timeliness').fill('25');
  await expect(page.getByTestId('agent-assessment-rules-effectiveFrom')).toHaveValue(dayInBeijing(1));
  await page.getByTestId('agent-assessment-rules-note').fill('端到端测试：回访率权重调为 50');
  await page.getByTestId('agent-assessment-rules-save').click();
  await expect(page.getByTestId('agent-assessment-rules-saved')).toContainText(`${dayInBeijing(1)} 起生效`);
  await expect(page.getByTestId('agent-assessment-rules-upcoming')).toContainText('权重 回访率 50 / 回访质量 25 / 及时性 25');
  await expect(page.getByTestId('agent-assessment-rules-summary')).toContainText('权重 回访率 40');

  // The closed month, reached from its report.
  await ensureLastMonthClosed(page);
  const month = lastMonth();
  await page.goto(`/assessment/${month}`);
  await page.getByTestId('agent-assessment-link').click();
  await expect(page.getByRole('heading', { level: 1, name: `坐席考核 · ${month}` })).toBeVisible();
  await expect(page.getByTestId('agent-assessment-status')).toContainText('已结账');
  await expect(page.getByTestId('agent-assessment-live')).toHaveCount(0);
  // Frozen under the rules of the month's last day: tomorrow's weights are not these.
  await expect(page.getByTestId('agent-assessment-rules')).toContainText('权重 回访率 40 / 回访质量 30 / 及时性 30');
  const rows = page.getByTestId('agent-row');
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  await expect(rows.getByTestId('agent-grade').first()).toHaveText(GRADE);
  // Every agent has either a score or 样本不足, and each part its counts.
  const scores = await rows.getByTestId('agent-score').allInnerTexts();
  expect(scores.some((s) => /^\d+(\.\d)?$/.test(s.trim()))).toBe(true);
  await expect(rows.first().getByTestId('agent-callback-rate')).toContainText(/完成 \d+ \/ 经手 \d+/);
  await expect(page.getByTestId('department-row')).toBeVisible();
  await expect(page.getByText('满意度是客户对客户经理服务的评价，只展示，不计入坐席得分。')).toBeVisible();
});

test('an agent reads only their own row beside the department; a manager is refused', async ({ page }) => {
  const month = lastMonth();
  await signIn(page, 'agent1');
  const response = await page.goto(`/assessment/${month}/agents`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: `坐席考核 · ${month}` })).toBeVisible();
  const rows = page.getByTestId('agent-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.locator('[data-agent]')).toHaveAttribute('data-agent', 'agent1');
  await expect(page.getByTestId('department-row')).toBeVisible();
  await expect(page.getByRole('link', { name: /考核报表/ })).toHaveCount(0);

  await signOut(page);
  await signIn(page, 'mgr01');
  const refused = await page.goto(`/assessment/${month}/agents`);
  expect(refused?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: '403' })).toBeVisible();
});

test('the agents’ page fits a 390 px phone without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'staff1');
  await page.goto(`/assessment/${lastMonth()}/agents`);
  await expect(page.getByTestId('agent-assessment-table')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.goto('/settings/agent-assessment');
  await expect(page.getByTestId('agent-assessment-rules-form')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});
