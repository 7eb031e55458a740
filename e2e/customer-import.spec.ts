import { expect, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { signIn } from './support';

const header = '集团编码,集团名称,集团等级,营销单位,地址,客户经理工号,关键人姓名,职务,联系电话';
const good = (code: string, name: string) => `${code},${name},b,U01,科技园路8号,mgr01,周宁,总经理,138 0013 8001`;

function csv(rows: string[]) {
  return Buffer.from(`${[header, ...rows].join('\r\n')}\r\n`, 'utf8');
}

test('staff check an import before committing: the good rows and their counts, the errors as XLSX, discard; the fixed file imports', async ({ page }) => {
  await signIn(page, 'staff1');
  const code = `E2E${Date.now()}`;

  // First file: row 3 has class "E", which does not exist.
  await page.goto('/imports');
  await page.getByLabel('导入类型').selectOption('customers');
  await page.getByTestId('import-file').setInputFiles({
    name: '客户明细-有错.csv',
    mimeType: 'text/csv',
    buffer: csv([good(`${code}1`, '端到端测试甲公司'), `${code}2,端到端测试乙公司,E,U01,人民路1号,mgr01,吴敏,办公室主任,13800138002`]),
  });
  await page.getByRole('button', { name: '上传并校验' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('有错误', { timeout: 30_000 });
  await expect(page.getByTestId('import-error-count')).toHaveText('1');
  await expect(page.getByTestId('import-good-rows')).toHaveText('1');
  // The counts are those of the one good row: one new customer, not two.
  await expect(page.getByTestId('import-summary')).toContainText('按 1 行无误的数据计算');
  await expect(page.getByTestId('import-summary-customersCreated')).toHaveText('1');
  await expect(page.getByTestId('import-errors').getByRole('columnheader')).toHaveText(['行号', '列', '内容', '问题']);
  const errorRow = page.getByTestId('import-errors').getByRole('row').nth(1);
  await expect(errorRow).toContainText('3');
  await expect(errorRow).toContainText('集团等级');
  await expect(page.getByRole('button', { name: '确认导入' })).toHaveCount(0);

  // The error list as XLSX, with the row number the person sees in their own sheet.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors-download').click()]);
  expect(download.suggestedFilename()).toBe('客户明细-有错-错误明细.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download.path());
  const sheet = book.worksheets[0];
  expect(sheet.getRow(1).values).toEqual([undefined, '行号', '列', '内容', '问题']);
  expect(sheet.getRow(2).getCell(1).value).toBe(3);
  expect(sheet.getRow(2).getCell(2).value).toBe('集团等级');
  expect(String(sheet.getRow(2).getCell(4).value)).toContain('集团等级“E”无法识别');

  // The good row as the import will read it: class upper-cased, the phone read and shown masked.
  await page.getByTestId('import-view-rows').click();
  await expect(page.getByTestId('import-rows').getByRole('columnheader', { name: '联系电话' })).toBeVisible();
  const previewRow = page.getByTestId('import-rows').getByRole('row').nth(1);
  await expect(previewRow).toContainText(`${code}1`);
  await expect(previewRow).toContainText('138****8001');
  await expect(previewRow).not.toContainText('13800138001');
  await expect(previewRow.getByRole('cell', { name: 'B', exact: true })).toBeVisible();

  // Set the bad file aside: it can no longer be imported.
  await page.getByTestId('import-discard').click();
  await page.getByTestId('import-discard-confirm').click();
  await expect(page.getByTestId('import-status')).toHaveText('已放弃');
  await expect(page.getByTestId('import-discarded')).toContainText('不能再导入');
  await expect(page.getByRole('button', { name: '确认导入' })).toHaveCount(0);

  // Nothing of the bad file was written.
  await page.goto(`/customers?q=${code}`);
  await expect(page.getByText('端到端测试甲公司')).toHaveCount(0);

  // The fixed file: checked clean, its rows shown, then imported.
  await page.goto('/imports');
  await page.getByLabel('导入类型').selectOption('customers');
  await page.getByTestId('import-file').setInputFiles({
    name: '客户明细.csv',
    mimeType: 'text/csv',
    buffer: csv([good(`${code}1`, '端到端测试甲公司'), `${code}2,端到端测试乙公司,C,U01,人民路1号,mgr01,吴敏,办公室主任,13800138002`]),
  });
  await page.getByRole('button', { name: '上传并校验' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('可导入', { timeout: 30_000 });
  await expect(page.getByTestId('import-error-count')).toHaveText('0');
  await expect(page.getByTestId('import-rows').getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId('import-summary-customersCreated')).toHaveText('2');
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('已导入', { timeout: 30_000 });

  await page.goto(`/customers?q=${code}`);
  await expect(page.getByText('端到端测试甲公司')).toBeVisible();
  await expect(page.getByText('端到端测试乙公司')).toBeVisible();
});
