import { expect, test, type Page } from '@playwright/test';
import type { MyTrendMonth } from '@/lib/coverage/my-month';
import type { Pace } from '@/lib/coverage/pace';
import { lastMonth, runFixture, signIn } from './support';

/**
 * 我的本月 on a manager's phone (390 px): their pace against the month in one sentence and a bar
 * with the expected mark, the customers still to cover with what each needs, and seven months of
 * valid rate and points — a chart, its table one tap away, a month with nothing judged 未测. The
 * figures are the verb's (e2e/fixtures/my-dashboards.ts), and nothing is wider than the screen.
 */
test.use({ viewport: { width: 390, height: 844 } });

interface Figures {
  month: string;
  monthOver: boolean;
  pace: Pace;
  stillRequired: { name: string; gaps: string[] }[];
  trend: MyTrendMonth[];
}

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${page.url()} is ${width} px wide`).toBeLessThanOrEqual(390);
}

test('the month in progress: pace sentence, still-required list, trend chart and table, all within 390 px', async ({ page }) => {
  await signIn(page, 'mgr03');
  await page.goto('/my-month');
  const f = runFixture('my-dashboards.ts', 'myMonth', 'now') as Figures;

  const pace = page.getByTestId('my-pace');
  await expect(pace).toBeVisible();
  if (f.pace.status === 'not_measured') {
    await expect(page.getByTestId('pace-sentence')).toContainText('未测');
  } else {
    const share = Math.round(f.pace.elapsedShare * 100);
    await expect(page.getByTestId('pace-sentence')).toContainText(`本月已过 ${share}%，应完成 ${f.pace.expected} 次，已完成 ${f.pace.done} 次`);
    await expect(pace).toHaveAttribute('data-expected', String(f.pace.expected));
    await expect(page.getByTestId('pace-status')).toHaveText(f.pace.status === 'done' ? '已全部完成' : f.pace.status === 'behind' ? `落后 ${f.pace.gap} 次` : '进度正常');
    // The expected mark sits at the month's elapsed share of the bar.
    const bar = await page.getByTestId('pace-bar').boundingBox();
    const mark = await page.getByTestId('pace-mark').boundingBox();
    expect(Math.abs(mark!.x + mark!.width / 2 - (bar!.x + bar!.width * f.pace.elapsedShare))).toBeLessThanOrEqual(2);
  }

  // Still required: the customers not covered yet, each with what it needs.
  const still = page.getByTestId('still-required');
  await expect(still).toBeVisible();
  await expect(still.getByTestId('still-required-row')).toHaveCount(f.stillRequired.length);
  for (const [i, c] of f.stillRequired.slice(0, 3).entries()) {
    const row = still.getByTestId('still-required-row').nth(i);
    await expect(row).toContainText(c.name);
    await expect(row).toHaveAttribute('data-gaps', c.gaps.join(' '));
  }
  if (f.stillRequired.length > 0) await expect(still.getByTestId('still-required-summary')).toContainText(`${f.stillRequired.length} 个客户尚有缺口`);

  // The trend: an ECharts canvas, and its table one tap away with every month of it.
  const trend = page.getByTestId('my-trend');
  await expect(trend.getByTestId('my-trend-chart').locator('canvas')).toBeVisible();
  const table = trend.getByTestId('my-trend-table');
  await expect(table.locator('tbody tr').first()).toBeHidden();
  await table.locator('summary').click();
  await expect(table.locator('tbody tr')).toHaveCount(f.trend.length);
  expect(f.trend.length).toBe(7);
  for (const m of f.trend) {
    const row = table.getByTestId(`my-trend-${m.month}`);
    await expect(row.getByTestId('my-trend-rate')).toHaveText(m.validRate === null ? '未测' : `${Number((m.validRate * 100).toFixed(1))}%`);
    await expect(row.getByTestId('my-trend-points')).toHaveText(m.points === null ? '无记录' : String(m.points));
  }
  await expectNoSidewaysScroll(page);
});

test('a past month is over: everything required was expected', async ({ page }) => {
  await signIn(page, 'mgr03');
  const month = lastMonth();
  await page.goto(`/my-month?month=${month}`);
  const f = runFixture('my-dashboards.ts', 'myMonth', month) as Figures;
  if (f.pace.status === 'not_measured') await expect(page.getByTestId('pace-sentence')).toContainText('未测');
  else await expect(page.getByTestId('pace-sentence')).toContainText(`${month} 已结束：应完成 ${f.pace.required} 次，已完成 ${f.pace.done} 次`);
  await expect(page.getByTestId('my-trend').getByTestId('my-trend-chart').locator('canvas')).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('seven months with nothing judged and no points: a sentence instead of an empty chart, the table still there', async ({ page }) => {
  await signIn(page, 'mgr03');
  await page.goto('/my-month?month=2020-01');
  const trend = page.getByTestId('my-trend');
  await expect(trend.getByTestId('my-trend-empty')).toHaveText('这七个月没有已判定的拜访，也没有积分记录。');
  await expect(trend.getByTestId('my-trend-chart')).toHaveCount(0);
  await trend.getByTestId('my-trend-table').locator('summary').click();
  await expect(trend.getByTestId('my-trend-2020-01').getByTestId('my-trend-rate')).toHaveText('未测');
  await expectNoSidewaysScroll(page);
});
