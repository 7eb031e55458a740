import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { lastMonth, openMonthSection, signIn, signOut } from './support';

test.describe.serial('the monthly assessment', () => {
  const month = lastMonth();

  test('staff close last month, read the report and download it as Excel', async ({ page }) => {
    await signIn(page, 'staff1');
    await page.getByRole('navigation').getByRole('link', { name: '月度考核' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '月度考核' })).toBeVisible();
    const row = page.getByTestId(`month-row-${month}`);
    await expect(row).toBeVisible();

    // The confirmation first says how many of the month's callbacks are still open, by unit, and
    // what closing now means for them.
    await row.getByTestId(`close-month-${month}`).click();
    const confirm = page.getByTestId('close-confirm');
    await expect(confirm).toContainText(`结账 ${month}`);
    const open = confirm.getByTestId('close-open-callbacks');
    await expect(open).toBeVisible();
    if (Number(await open.getAttribute('data-total')) > 0) {
      await expect(open).toContainText('个抽样回访未结束');
      await expect(open.getByTestId('close-open-unit').first()).toBeVisible();
      await expect(open).toContainText('结果在关账后到达的，会作为下一版本的变化列出');
    } else {
      await expect(open).toHaveText('该月的抽样回访均已结束。');
    }
    await confirm.getByTestId('close-confirm-button').click();
    await expect(page.getByTestId('close-result')).toContainText(`${month} 已结账`, { timeout: 60_000 });
    await expect(row).toContainText('已结账');

    await row.getByRole('link', { name: '查看报表' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${month} 考核报表` })).toBeVisible();
    const managers = page.getByTestId('report-managers');
    await expect(managers.getByTestId('report-row')).toHaveCount(12);
    await expect(page.getByTestId('report-units')).toContainText('城区营销中心');

    // A valid rate with nothing judged reads 未测 with its reason — never 100 % — and the 说明
    // says how the score treats it.
    await expect(page.getByTestId('report-note')).toContainText('权重按其余已测指标的权重比例分摊');
    await expect(page.getByTestId('report-note')).toContainText('样本不足');
    for (const r of await managers.getByTestId('report-row').all()) {
      const judged = Number(await r.getByTestId('report-valid').innerText()) + Number(await r.getByTestId('report-invalid').innerText());
      if (judged === 0) await expect(r.getByTestId('report-valid-rate')).toContainText('未测本月没有已核查的拜访');
      else await expect(r.getByTestId('report-valid-rate')).toHaveText(/^\d+\.\d%$/);
    }

    // Sorting and a filter, on the server.
    await managers.getByRole('link', { name: '考核得分' }).click();
    await expect(page).toHaveURL(/sort=score/);
    await page.getByTestId('report-filters').getByLabel('客户经理').fill('mgr03');
    await page.getByTestId('report-filters').getByRole('button', { name: '筛选' }).click();
    await expect(managers.getByTestId('report-row')).toHaveCount(1);

    const downloading = page.waitForEvent('download');
    await page.getByTestId('report-download').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.getWorksheet('客户经理')!;
    expect(sheet.getRow(1).values).toEqual(expect.arrayContaining(['客户经理', '认领客户数', '拜访覆盖率', '真实有效数', '无效拜访数', '维系积分', '考核得分', '等级']));
    expect(sheet.rowCount).toBe(2); // the header and mgr03, as filtered on screen
    expect(book.getWorksheet('营销单位')).toBeDefined();
    const notes = book.getWorksheet('说明')!.getSheetValues().flat().map(String).join('\n');
    expect(notes).toContain('考核得分为已测指标的加权平均');

    // Closing again with nothing changed: a new version, and no change listed. Cancelling first
    // closes nothing.
    await page.getByTestId(`close-month-${month}`).click();
    await page.getByTestId('close-confirm').getByRole('button', { name: '取消' }).click();
    await expect(page.getByTestId('close-confirm')).toHaveCount(0);
    await page.getByTestId(`close-month-${month}`).click();
    await page.getByTestId('close-confirm-button').click();
    await expect(page.getByTestId('close-result')).toContainText('0 项变化', { timeout: 60_000 });
    await signOut(page);
  });

  test('a manager sees their verdicts with explanations, their coverage and their points', async ({ page }) => {
    await signIn(page, 'mgr03');
    await page.getByRole('navigation').getByRole('link', { name: '我的考核' }).click();
    await page.getByTestId('month-picker').getByLabel('月份').fill(month);
    await page.getByTestId('month-picker').getByRole('button', { name: '查看' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(month);

    // The month is closed: score and grade.
    await expect(page.getByTestId('month-result')).toContainText('考核得分');
    await expect(page.getByTestId('month-grade')).toHaveText(/优秀|良好|一般|较差|严重不达标|样本不足/);
    await expect(page.getByTestId('month-valid-rate')).toHaveText(/^(\d+\.\d%|未测（本月没有已核查的拜访）) · 真实有效/);

    // Every visit with its verdict and why (a long list is folded behind its counts).
    await openMonthSection(page, 'visits');
    const verdicts = page.getByTestId('verdicts-table');
    await expect(verdicts.getByTestId('verdict-row').first()).toBeVisible();
    const reasons = await verdicts.getByTestId('verdict-reason').allTextContents();
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((r) => r.trim().length > 0)).toBe(true);
    expect(reasons.join('\n')).toMatch(/未被抽中回访|回访得分|等待电话回访|尚未确定|多次回访均未能联系上|客户否认拜访|与上月为同一联系人/);

    // Coverage per claimed customer, and the points with their ledger entries.
    await openMonthSection(page, 'coverage');
    await openMonthSection(page, 'ledger');
    await expect(page.getByTestId('coverage-table').getByTestId('coverage-row').first()).toBeVisible();
    await expect(page.getByTestId('points-balance')).toHaveText(/^-?\d+$/);
    await expect(page.getByTestId('ledger-table').getByTestId('ledger-row').first()).toBeVisible();
    await expect(page.getByTestId('ledger-table')).toContainText('月度积分');

    // The verdict on the visit page, with its findings.
    // (a visit whose verdict is published: a pending callback's is not shown to the manager yet)
    await verdicts.getByTestId('verdict-row').filter({ has: page.getByTestId('verdict-status') }).first().getByRole('link').first().click();
    await expect(page.getByTestId('visit-verdict')).toBeVisible();
    await expect(page.getByTestId('visit-verdict-reason')).toContainText('原因');
  });

  test('a supervisor reads their unit’s report only', async ({ page }) => {
    await signIn(page, 'sup1');
    await page.goto(`/assessment/${month}`);
    await expect(page.getByText('主管领导查看本单位的考核结果（只读）。')).toBeVisible();
    await expect(page.getByTestId(`close-month-${month}`)).toHaveCount(0);
    await expect(page.getByTestId('report-managers').getByTestId('report-row')).toHaveCount(4);
    await expect(page.getByTestId('report-units')).not.toContainText('东部营销中心');

    // A manager's month reads as theirs, not the supervisor's own.
    const link = page.getByTestId('report-managers').getByTestId('report-row').first().getByRole('link').first();
    const name = (await link.textContent())!.trim();
    await link.click();
    await expect(page.getByRole('heading', { level: 2, name: `${name}的拜访与结论` })).toBeVisible();
    await expect(page.getByText('我的拜访与结论')).toHaveCount(0);
    await expect(page.getByTestId('coverage-table').getByRole('columnheader', { name: '拜访记录' })).toBeVisible();
  });
});
