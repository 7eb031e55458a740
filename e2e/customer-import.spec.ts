import { expect, test } from '@playwright/test';
import { signIn } from './support';

const header = '集团编码,集团名称,集团等级,营销单位,地址,客户经理工号,关键人姓名,职务,联系电话';
const good = (code: string, name: string) => `${code},${name},B,U01,科技园路8号,mgr01,周宁,总经理,138 0013 8001`;

function csv(rows: string[]) {
  return Buffer.from(`${[header, ...rows].join('\r\n')}\r\n`, 'utf8');
}

test('staff import a customer file: a bad row is reported by row and column, the fixed file imports', async ({ page }) => {
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
  await expect(page.getByTestId('import-status')).toHaveText('已校验', { timeout: 30_000 });
  await expect(page.getByTestId('import-error-count')).toHaveText('1');
  const errorRow = page.getByTestId('import-errors').getByRole('row').nth(1);
  await expect(errorRow).toContainText('3');
  await expect(errorRow).toContainText('集团等级');
  await expect(page.getByRole('button', { name: '确认导入' })).toHaveCount(0);

  // Nothing of the bad file was written.
  await page.goto(`/customers?q=${code}`);
  await expect(page.getByText('端到端测试甲公司')).toHaveCount(0);

  // The fixed file: checked clean, then imported.
  await page.goto('/imports');
  await page.getByLabel('导入类型').selectOption('customers');
  await page.getByTestId('import-file').setInputFiles({
    name: '客户明细.csv',
    mimeType: 'text/csv',
    buffer: csv([good(`${code}1`, '端到端测试甲公司'), `${code}2,端到端测试乙公司,C,U01,人民路1号,mgr01,吴敏,办公室主任,13800138002`]),
  });
  await page.getByRole('button', { name: '上传并校验' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('已校验', { timeout: 30_000 });
  await expect(page.getByTestId('import-error-count')).toHaveText('0');
  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('已导入', { timeout: 30_000 });

  await page.goto(`/customers?q=${code}`);
  await expect(page.getByText('端到端测试甲公司')).toBeVisible();
  await expect(page.getByText('端到端测试乙公司')).toBeVisible();
});
