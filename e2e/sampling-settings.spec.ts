import { expect, test } from '@playwright/test';
import { lastMonth, signIn } from './support';

test('staff change the class B rate and see what the callbacks would cost', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.getByRole('navigation').getByRole('link', { name: '抽样规则' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '抽样规则' })).toBeVisible();
  await expect(page.getByTestId('sampling-in-force')).toContainText('B 50 %');

  const preview = page.getByTestId('sampling-preview');
  const month = lastMonth();
  await page.getByTestId('preview-month').fill(month);
  await expect(page.getByTestId('preview-result')).toHaveAttribute('data-month', month, { timeout: 30_000 });
  const total = page.getByTestId('preview-callbacks');
  const hours = page.getByTestId('preview-agent-hours');
  await expect(preview).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await expect(total).toBeVisible();
  await expect(page.getByTestId('preview-by-class')).toContainText('B');
  const before = (await total.textContent())!;
  const hoursBefore = (await hours.textContent())!;
  // The form starts from the rules and seed in force: side by side, the same figures, the real draw.
  await expect(page.getByTestId('preview-callbacks-in-force')).toHaveText(before);
  await expect(preview).toContainText('表单与现行规则相同');
  await expect(page.getByTestId('preview-recorded')).toContainText(`${month} 实际已作出`);

  // Class B from 50 % to 100 %: more callbacks, more agent-hours.
  const rateB = page.getByLabel('B 类抽样率（%）');
  await expect(rateB).toHaveValue('50');
  await rateB.fill('100');
  await expect(total).not.toHaveText(before, { timeout: 30_000 });
  await expect(preview).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  expect(Number(await total.textContent())).toBeGreaterThan(Number(before));
  await expect(hours).not.toHaveText(hoursBefore);
  // The rules in force stay beside it, unchanged.
  await expect(page.getByTestId('preview-callbacks-in-force')).toHaveText(before);

  // Out of range: refused at the field, and no preview for it.
  await rateB.fill('120');
  await expect(page.getByTestId('sampling-form').getByRole('alert')).toContainText('抽样率应在 0 到 100 之间。');
  await expect(page.getByTestId('preview-state')).toHaveText('请先修正表单中标出的取值。');

  // Blank: required, naming the class (not NaN, not zod's English).
  await rateB.fill('');
  await expect(page.getByTestId('sampling-form').getByRole('alert')).toHaveText('请填写 B 类抽样率（0 到 100）。');
  await expect(page.getByTestId('sampling-form')).not.toContainText('NaN');
  await expect(page.getByTestId('preview-state')).toHaveText('请先修正表单中标出的取值。');
});

test('the header names the version in force and the one scheduled', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.goto('/settings/sampling');
  const summary = page.getByTestId('sampling-versions-summary');
  await expect(page.getByTestId('sampling-summary-in-force')).toContainText('现行：');
  const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 86_400_000));
  // A version from tomorrow with the rules in force (nothing changes today): it is scheduled.
  await page.getByTestId('sampling-form').getByLabel('生效日期').fill(tomorrow);
  await page.getByTestId('sampling-form').getByLabel('备注').fill('端到端：排定的版本');
  await page.getByTestId('sampling-form').getByRole('button', { name: '保存新版本' }).click();
  const saved = page.getByTestId('sampling-form-alert');
  await expect(saved).toContainText(`自 ${tomorrow} 起生效`);
  const version = (await saved.textContent())!.match(/第 (\d+) 版/)![1];
  await expect(page.getByTestId('sampling-summary-scheduled')).toContainText(`已排定：第 ${version} 版，自 ${tomorrow} 起生效`);
  await expect(summary).not.toContainText(`现行：第 ${version} 版`);
});
