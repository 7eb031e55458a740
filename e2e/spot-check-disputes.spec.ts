import path from 'node:path';
import { expect, test } from '@playwright/test';
import { runFixture, signIn, signOut } from './support';

/**
 * A spot-check finding disputed end to end in Chromium: the manager opens the finding of 未拜访
 * (/disputes/new?spotCheckItem=…, the link wherever the finding is shown), reads the call it rests
 * on and disputes it with a photo; another unit's supervisor cannot open it; staff order a
 * re-callback and overturn it; the manager reads the decision, and — once the worker has
 * re-evaluated the day — the customer counted as visited. The finding is made by the fixture
 * (e2e/fixtures/spot-check-disputes.ts), as the evaluation leaves it.
 */
test.describe.configure({ mode: 'serial' });

const EVIDENCE = path.resolve('e2e/fixtures/dispute-evidence.png');
const REASON = '端到端测试：当天上午九点半我在客户办公室当面拜访了何主任，附签到照片为证。';
/** agent1 of the demo, who made the disputed call (lib/demo/accounts.ts). */
const AGENT = '何雨';
const COMMENT = '端到端测试：复核回访客户确认经理当天上门拜访，改为已拜访。';

let fx: { manager: string; supervisor: string; itemId: string; customer: string };
let disputePath = '';

test.beforeAll(() => {
  fx = runFixture('spot-check-disputes.ts', 'setup') as typeof fx;
});

test('the manager disputes a spot-check finding of 未拜访 from its link, with a photo', async ({ page }) => {
  await signIn(page, fx.manager);
  await page.goto(`/disputes/new?spotCheckItem=${fx.itemId}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('对电话抽查结果提出申诉');
  const headline = page.getByTestId('spot-check-headline');
  await expect(headline).toContainText(`电话抽查 · ${fx.customer} · 计划拜访时间`);
  await expect(headline).toContainText('发现：未拜访');
  await expect(page.getByTestId('spot-check-day-result')).toHaveText('未拜访');
  // The call it rests on, as a manager reads it: the answer, no agent's name.
  const calls = page.getByTestId('dispute-evidence');
  await expect(calls).toContainText('没有');
  await expect(calls).toContainText('回访坐席');
  await expect(calls).not.toContainText(AGENT);
  await expect(page.getByTestId('dispute-window')).toBeVisible();

  await page.getByTestId('dispute-reason').fill(REASON);
  await page.getByTestId('dispute-files').setInputFiles(EVIDENCE);
  await page.getByTestId('dispute-submit').click();
  await expect(page.getByTestId('dispute-filed')).toBeVisible();
  await expect(page.getByTestId('dispute-subject')).toHaveText('电话抽查 · 发现：未拜访');
  await expect(page.getByTestId('dispute-attachment')).toHaveCount(1);
  disputePath = new URL(page.url()).pathname;

  // Back on the finding: one is open now, with its link.
  await page.goto(`/disputes/new?spotCheckItem=${fx.itemId}`);
  await expect(page.getByTestId('dispute-blocked')).toHaveAttribute('data-reason', 'disputes.alreadyOpen');
  await expect(page.getByTestId('dispute-open-link')).toHaveAttribute('href', disputePath);
  await signOut(page);
});

test('another unit’s supervisor cannot open it; the manager’s supervisor reads it without acting', async ({ page }) => {
  await signIn(page, 'sup1');
  expect((await page.goto(disputePath))?.status()).toBe(404);
  await signOut(page);
  await signIn(page, fx.supervisor);
  await page.goto('/disputes');
  await expect(page.getByTestId('dispute-row').filter({ hasText: fx.customer })).toContainText('电话抽查 · 发现：未拜访');
  await page.goto(disputePath);
  await expect(page.getByTestId('spot-check-facts')).toContainText(fx.customer);
  await expect(page.getByTestId('dispute-review')).toHaveCount(0);
  await signOut(page);
});

test('staff order a re-callback and overturn it; the manager reads the decision and the customer counted as visited', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'staff1');
  await page.goto('/disputes');
  await page.getByTestId('dispute-row').filter({ hasText: fx.customer }).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`${disputePath}$`));
  // Staff read the call in full: who made it.
  await expect(page.getByTestId('dispute-evidence')).toContainText(AGENT);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('dispute-order-recallback').click();
  await expect(page.getByTestId('dispute-recallback-pending')).toBeVisible();
  await expect(page.getByTestId('dispute-decision-overturned').locator('..')).toContainText('该客户改为已拜访');
  await page.getByTestId('dispute-decision-overturned').check();
  await page.getByTestId('dispute-decide-comment').fill(COMMENT);
  await page.getByTestId('dispute-decide-submit').click();
  await expect(page.getByTestId('dispute-decision-value')).toHaveAttribute('data-decision', 'overturned');
  await signOut(page);

  await signIn(page, fx.manager);
  await page.goto(disputePath);
  await expect(page.getByTestId('dispute-comment')).toHaveText(COMMENT);
  // The worker re-evaluates the day after the decision: the customer counts as visited.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('spot-check-finding')).toHaveAttribute('data-finding', 'visited', { timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('spot-check-day-result')).toHaveText('到位');
});
