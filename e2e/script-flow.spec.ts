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
