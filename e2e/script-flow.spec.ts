import { expect, test } from '@playwright/test';
import { signIn } from './support';

/**
 * The script flow as staff try it in the script preview — the same component the agent's desk
 * runs. One click answers a question and the flow goes on (the click is not lost to a question
 * moving under the pointer); 重新开始 starts over with the keyboard on question 1, not on the last
 * question touched.
 */
test('script preview: one click answers each question and the flow goes on; after 重新开始 the key 1 answers question 1', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.goto('/settings/scripts');
  await page.getByRole('link', { name: '标准回访脚本' }).click();
  await page.getByRole('link', { name: '查看', exact: true }).first().click();
  await expect(page.getByTestId('script-preview')).toBeVisible();
  const option = (question: string, id: string) => page.getByTestId(`preview-option-${question}-${id}`);

  // Question 1 by click.
  await option('identity', 'yes').click();
  await expect(option('identity', 'yes')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('preview-question-visited')).toBeVisible();

  // Question 2: a single click selects the option, and the flow goes on to question 3.
  await option('visited', 'yes').click();
  await expect(option('visited', 'yes')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('preview-question-visit_type')).toBeVisible();

  // Question 3 by click as well; the keyboard follows the flow: "1" answers question 4.
  await option('visit_type', 'phone').click();
  await expect(option('visit_type', 'phone')).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('1');
  await expect(option('purpose', 'match')).toHaveAttribute('aria-checked', 'true');
  await expect(option('visit_type', 'phone')).toHaveAttribute('aria-checked', 'true');

  // 重新开始: only question 1 is shown, and the keyboard is on it.
  await page.getByTestId('script-preview-reset').click();
  await expect(page.getByTestId('preview-question-visited')).toHaveCount(0);
  await expect(option('identity', 'yes')).toHaveAttribute('aria-checked', 'false');
  await page.keyboard.press('1');
  await expect(option('identity', 'yes')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('preview-question-visited')).toBeVisible();
  await expect(option('visited', 'yes')).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('preview-question-visit_type')).toHaveCount(0);
});

/**
 * The publish checks say true things: an empty script has no questions yet (not "a cycle" beside
 * 循环 无); an option that takes points off is allowed but publishing names it and asks first.
 */
test('script editor: an empty script says it has no questions; publishing with negative points asks first, naming the question and option', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.goto('/settings/scripts');
  const name = `负分确认 ${Date.now()}`;
  await page.getByTestId('script-create-name').fill(name);
  await page.getByLabel('起始内容').selectOption('empty');
  await page.getByTestId('script-create-submit').click();
  await expect(page.getByTestId('script-editor')).toBeVisible();

  const panel = page.getByTestId('script-validation');
  await expect(page.getByTestId('script-max-score')).toHaveText('还没有题目');
  await expect(panel).not.toContainText('有循环');
  await expect(panel.locator('dt:text-is("循环") + dd')).toHaveText('无');

  // One yes/no question worth 100, with −5 for "no".
  await page.getByTestId('script-add-question').click();
  const question = page.getByTestId('script-question').first();
  await question.getByLabel('题目（坐席朗读）').fill('客户经理本月是否拜访过您？');
  const points = question.getByTestId('script-option-points');
  await points.nth(0).fill('100');
  await points.nth(1).fill('-5');
  await expect(page.getByTestId('script-max-score')).toHaveText('100 / 应为 100');
  await expect(page.getByTestId('script-negative-options')).toContainText('第 1 题「否」-5 分');

  // Publishing asks first, naming the question and the option; going back publishes nothing.
  await page.getByTestId('script-publish').click();
  const confirm = page.getByTestId('script-negative-confirm');
  await expect(confirm).toContainText('第 1 题「客户经理本月是否拜访过您？」的选项「否」：-5 分');
  await page.getByTestId('script-negative-back').click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('script-feedback')).toHaveCount(0);

  await expect(page.locator('[data-testid="script-version-row"][data-status="published"]')).toHaveCount(0);

  // Publish anyway: version 1 is published (the page then shows it, with no draft open).
  await page.getByTestId('script-publish').click();
  await page.getByTestId('script-negative-publish').click();
  await expect(page.locator('[data-testid="script-version-row"][data-status="published"]')).toHaveCount(1);
});
