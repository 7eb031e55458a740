import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './support';

/**
 * 超期补报 as its users meet it: a manager reports a visit too old to call back — refused by
 * default, naming the date; once staff set the reporting rules to 需审核 it is kept as a pending
 * backfill that counts for nothing; staff approve it on the visit page with a comment.
 */

/** "YYYY-MM-DDTHH:mm" in Beijing time, `days` ago at 10:00. */
function daysAgo(days: number): string {
  const at = new Date(Date.now() + 8 * 3600_000 - days * 86_400_000);
  return `${at.toISOString().slice(0, 10)}T10:00`;
}

function todayInBeijing(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

async function reportOldVisit(page: Page, purpose: string) {
  await page.goto('/visits/new');
  const customer = page.getByTestId('visit-customer');
  await customer.selectOption((await customer.locator('option').nth(1).getAttribute('value'))!);
  await page.getByTestId('visit-contacts').getByRole('checkbox').first().check();
  await page.getByLabel('电话拜访').check();
  await page.getByTestId('visit-visited-at').fill(daysAgo(60));
  await page.getByTestId('visit-purpose').fill(purpose);
  await page.getByTestId('visit-save').click();
}

test('a visit too old to call back: refused by default; with 需审核 kept pending until staff approve it', async ({ page }) => {
  await signIn(page, 'mgr07');
  await reportOldVisit(page, '端到端测试：两个月前的拜访');
  await expect(page.getByTestId('visit-form')).toContainText('不能补报');
  await expect(page).toHaveURL(/\/visits\/new/);
  await signOut(page);

  // Staff switch late backfills to approval, from today.
  await signIn(page, 'staff1');
  await page.goto('/settings/reporting');
  await page.getByTestId('reporting-rules-effectiveFrom').fill(todayInBeijing());
  await page.getByTestId('reporting-rules-lateBackfill-approval').check();
  await page.getByTestId('reporting-rules-note').fill('端到端测试：超期补报需审核');
  await page.getByTestId('reporting-rules-save').click();
  await expect(page.getByTestId('reporting-rules-saved')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('reporting-rules-summary')).toContainText('需审核');
  await signOut(page);

  await signIn(page, 'mgr07');
  await reportOldVisit(page, '端到端测试：两个月前的拜访');
  await expect(page.getByTestId('visit-saved')).toBeVisible();
  const visitUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId('visit-backfill')).toHaveAttribute('data-state', 'pending');
  await expect(page.getByTestId('visit-backfill')).toContainText('审核通过前，不纳入抽样，不计入覆盖和维系积分');
  // A manager cannot decide their own backfill.
  await expect(page.getByTestId('backfill-approve')).toHaveCount(0);
  await signOut(page);

  // Staff find it under 超期补报待审核 and approve it with a comment.
  await signIn(page, 'staff1');
  await page.goto('/visits?backfill=pending');
  await expect(page.getByText('端到端测试：两个月前的拜访')).toBeVisible();
  await page.goto(visitUrl);
  await expect(page.getByTestId('visit-verdict')).toContainText('超期补报，待审核');
  await page.getByTestId('backfill-approve').click();
  await page.getByTestId('backfill-confirm').click();
  await expect(page.getByTestId('visit-backfill').locator('.field-error')).toBeVisible();
  await page.getByTestId('backfill-comment').fill('客户经理出差补录，已电话核实');
  await page.getByTestId('backfill-confirm').click();
  await expect(page.getByTestId('visit-backfill')).toHaveAttribute('data-state', 'approved');
  await expect(page.getByTestId('visit-backfill-decision')).toContainText('客户经理出差补录，已电话核实');
  // Approved, it counts like any report; too old to call back, its verdict says why.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('visit-verdict')).toContainText('超过抽样回溯期');
  }).toPass({ timeout: 20_000 });
});
