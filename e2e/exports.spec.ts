import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { lastMonth, signIn } from './support';

test('staff filter /visits and download exactly those visits as Excel', async ({ page }) => {
  const month = lastMonth();
  await signIn(page, 'staff1');
  await page.goto('/visits');
  const filters = page.getByRole('search');
  await filters.getByLabel('月份').fill(month);
  await page.getByTestId('filter-verdict').selectOption('invalid');
  await filters.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/verdict=invalid/);
  const rows = page.getByTestId('visit-row');
  const listed = await rows.count();
  expect(listed).toBeGreaterThan(0);
  expect(listed).toBeLessThan(50); // one page: the list shows them all
  const customers = (await rows.locator('td:nth-child(2)').allInnerTexts()).map((t) => t.split('\n')[0]!.trim());

  const link = page.getByTestId('visits-export-xlsx');
  await expect(link).toHaveText('导出 Excel');
  await expect(page.getByTestId('visits-export-csv')).toHaveText('导出 CSV');
  const downloading = page.waitForEvent('download');
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`拜访记录-${month}.xlsx`);

  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  const sheet = book.getWorksheet('拜访记录')!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  expect(header.slice(0, 2)).toEqual(['拜访时间', '客户名称']);
  const body: string[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) body.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? ''))));
  });
  expect(body.length).toBe(listed);
  expect(body.map((r) => r[header.indexOf('客户名称')])).toEqual(customers);
  for (const r of body) {
    expect(r[header.indexOf('结论')]).toBe('无效拜访');
    expect(r[0]!.slice(0, 7)).toBe(month);
  }
});
