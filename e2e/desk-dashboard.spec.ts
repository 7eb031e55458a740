import { expect, test } from '@playwright/test';
import type { AgentDayAndMonth } from '@/lib/indicators/agent-desk';
import { runFixture, signIn } from './support';

/**
 * The desk's strip 我与部门: between callbacks, agent1 reads their day (calls, answered, finished)
 * and month (finished, contact rate, within deadline, calls per hour) against the department's, the
 * figures the verb reads (e2e/fixtures/my-dashboards.ts), and a link to their monthly assessment.
 */

const count = (v: number | null) => (v === null ? '未测' : new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(v));
const pct = (r: { value: number | null }) => (r.value === null ? '未测' : new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(r.value));

test('agent1’s day and month against the department, as the verb reads them', async ({ page }) => {
  await signIn(page, 'agent1');
  await page.goto('/desk');
  const strip = page.getByTestId('desk-figures');
  await expect(strip).toBeVisible();
  const f = runFixture('my-dashboards.ts', 'desk') as AgentDayAndMonth;

  // Today: the desk's own counts, and the department's per agent.
  await expect(strip.getByTestId('desk-figures-today')).toContainText(`${f.day.agentsWorking} 名坐席有外呼`);
  for (const [key, mine, dept] of [
    ['placed', f.day.mine.placed, f.day.departmentAverage.placed],
    ['answered', f.day.mine.answered, f.day.departmentAverage.answered],
    ['finished', f.day.mine.finished, f.day.departmentAverage.finished],
  ] as const) {
    await expect(strip.getByTestId(`desk-day-${key}-mine`)).toHaveText(count(mine));
    await expect(strip.getByTestId(`desk-day-${key}-department`)).toHaveText(`部门人均 ${count(dept)}`);
  }
  // 今日拨打 / 今日接通 on the queue panel are the same counts.
  await expect(page.getByTestId('desk-attempts-today')).toHaveText(String(f.day.mine.placed));
  await expect(page.getByTestId('desk-reached-today')).toHaveText(String(f.day.mine.answered));

  // This month.
  const m = f.month;
  await expect(strip.getByTestId('desk-figures-month')).toContainText(`本月 ${m.month}`);
  await expect(strip.getByTestId('desk-month-finished-mine')).toHaveText(count(m.finished.mine));
  await expect(strip.getByTestId('desk-month-finished-department')).toHaveText(`部门人均 ${count(m.finished.department)}`);
  await expect(strip.getByTestId('desk-month-contact-mine')).toHaveText(pct(m.contactRate.mine));
  await expect(strip.getByTestId('desk-month-contact-department')).toHaveText(`部门 ${pct(m.contactRate.department)}`);
  await expect(strip.getByTestId('desk-month-deadline-mine')).toHaveText(pct(m.withinDeadline.mine));
  await expect(strip.getByTestId('desk-month-deadline-department')).toHaveText(`部门 ${pct(m.withinDeadline.department)}`);
  await expect(strip.getByTestId('desk-month-calls-per-hour-mine')).toHaveText(count(m.callsPerHour.mine));
  await expect(strip.getByTestId('desk-month-calls-per-hour-department')).toHaveText(`部门 ${count(m.callsPerHour.department)}`);
  await expect(strip.getByTestId('desk-callback-rate')).toContainText(`已结案 ${m.departmentCallbackRate.finished} / 应回访 ${m.departmentCallbackRate.due}`);

  // The monthly assessment of agents, for this month.
  await expect(strip.getByTestId('desk-assessment-link')).toHaveText('我的月度考核');
  await expect(strip.getByTestId('desk-assessment-link')).toHaveAttribute('href', `/assessment/${m.month}/agents`);
  // Below "take next", never in its way.
  const take = await page.getByRole('button', { name: '领取下一个回访' }).boundingBox();
  const box = await strip.boundingBox();
  expect(box!.y).toBeGreaterThan(take!.y);
});

test('the strip fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'agent1');
  await page.goto('/desk');
  await expect(page.getByTestId('desk-figures')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
