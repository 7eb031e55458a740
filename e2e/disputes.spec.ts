import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_UNITS, demoCustomers, prng } from '../lib/demo/data';
import { openMonthSection, signIn, signOut } from './support';

/**
 * Issue 6's "done" for disputes (申诉), end to end in Chromium, through the product only:
 * mgr03 reports a visit that the data check invalidates, disputes the verdict with a PNG; staff
 * review it (no recording: the visit has no call), overturn it with a comment; the manager's
 * points for the month go back up and the decision is in their notifications.
 *
 * The invalid verdict is made the way it happens in real life. The demo seed (lib/demo) has mgr03
 * visit only the first contact of one class-A customer last month and not visit it this month; a
 * visit this month to that same contact alone is invalid (DOMAIN rule 6), and it is that
 * customer's only visit this month, so overturning it restores the customer's points.
 */
test.describe.configure({ mode: 'serial' });

const MANAGER = 'mgr03';
const EVIDENCE = path.resolve('e2e/fixtures/dispute-evidence.png');
const REASON = '端到端测试：该客户只由总经理本人对接，其他联系人不负责通信业务，附现场照片为证。';
const COMMENT = '端到端测试：经核实，客户总经理为唯一对接人，改判为真实有效。';

/** The demo's customer of mgr03 visited with the same contact only, and that contact (as seeded). */
function sameContactCustomer() {
  const managers = Array.from({ length: 12 }, (_, i) => ({ username: `mgr${String(i + 1).padStart(2, '0')}`, unitCode: DEMO_UNITS[Math.floor(i / 4)].code }));
  const customer = demoCustomers(managers, prng(20261127)).find((c) => c.manager === MANAGER && c.class === 'A' && c.contacts.length >= 2)!;
  return { name: customer.name, groupCode: customer.groupCode, contact: customer.contacts[0].name };
}

const target = sameContactCustomer();

/**
 * A daytime moment of the last hours, Beijing time, as 'YYYY-MM-DDTHH:mm': a visit filed at night
 * would also carry the odd-hours finding, a second subject still open to dispute.
 */
function daytimeVisitAt(): string {
  const at = new Date(Date.now() - 5 * 60_000);
  const hour = () => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(at));
  while (hour() < 8 || hour() > 21) at.setTime(at.getTime() - 3600_000);
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at).replace(' ', 'T');
}
let visitPath = '';
let disputePath = '';
let attachmentHref = '';
let pointsBefore = 0;

async function monthPoints(page: Page): Promise<number> {
  await page.goto('/my-month');
  return Number((await page.getByTestId('points-balance').textContent())!.trim());
}

test('a manager reports a visit the data check invalidates, and disputes the verdict with a photo', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, MANAGER);
  await page.goto('/visits/new');
  const customer = page.getByTestId('visit-customer');
  const value = await customer.locator('option', { hasText: target.groupCode }).getAttribute('value');
  await customer.selectOption(value!);
  await page.getByTestId('visit-contacts').getByRole('checkbox', { name: target.contact }).check();
  await page.getByTestId('visit-visited-at').fill(daytimeVisitAt());
  await page.getByTestId('visit-purpose').fill('端到端测试：回访总经理的专线需求');
  await page.getByTestId('visit-save').click();
  await expect(page.getByTestId('visit-saved')).toBeVisible();
  visitPath = new URL(page.url()).pathname;

  // The worker evaluates the month: the visit is invalid (same contact as last month), published.
  await expect
    .poll(
      async () => {
        await page.goto(visitPath);
        return page.getByTestId('visit-verdict').getByTestId('verdict-status').getAttribute('data-status', { timeout: 1_000 }).catch(() => null);
      },
      { timeout: 60_000, intervals: [1_000, 2_000] },
    )
    .toBe('invalid');
  await expect(page.getByTestId('visit-verdict-reason')).toContainText('与上月为同一联系人');

  // The month's points now carry the deduction.
  pointsBefore = await monthPoints(page);
  await page.goto(visitPath);

  // The dispute form beside the verdict: the verdict chosen, the window and the limits shown.
  const panel = page.getByTestId('dispute-panel');
  await expect(panel.getByTestId('dispute-window')).toContainText('可在');
  await expect(panel.getByLabel('拜访结论（无效拜访）')).toBeChecked();
  await expect(panel).toContainText('最多 5 个，每个不超过 5 MB');

  // Too short a reason is refused at the field, with the count as one types.
  await panel.getByLabel('申诉理由').fill('理由太短');
  await expect(panel.getByTestId('dispute-reason-count')).toContainText('已输入 4 字');
  await panel.getByRole('button', { name: '提交申诉' }).click();
  await expect(panel.locator('#dispute-reason-error')).toContainText('申诉理由至少 10 个字');
  await expect(page).toHaveURL(visitPath);

  await panel.getByLabel('申诉理由').fill(REASON);
  // A text file named like a picture: the server reads the content, refuses it at the field, and files nothing.
  await panel.getByLabel('证明材料（可选）').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  await panel.getByRole('button', { name: '提交申诉' }).click();
  await expect(panel.locator('#dispute-files-error')).toContainText('附件“photo.png”不是允许的类型');
  await expect(page).toHaveURL(visitPath);

  await panel.getByLabel('证明材料（可选）').setInputFiles(EVIDENCE);
  await expect(panel.getByTestId('dispute-chosen-files')).toContainText('dispute-evidence.png');
  await panel.getByRole('button', { name: '提交申诉' }).click();

  await expect(page).toHaveURL(/\/disputes\/[0-9a-f-]{36}\?filed=1$/);
  disputePath = new URL(page.url()).pathname;
  await expect(page.getByTestId('dispute-filed')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target.name);
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('dispute-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('dispute-respond-by')).not.toBeEmpty();
  await expect(page.getByTestId('dispute-reason')).toContainText(REASON);
  await expect(page.getByTestId('dispute-attachment')).toContainText('dispute-evidence.png');
  attachmentHref = (await page.getByTestId('dispute-attachment').getByRole('link', { name: 'dispute-evidence.png' }).getAttribute('href'))!;
  expect((await page.request.get(attachmentHref)).status()).toBe(200);
  await expect(page.getByTestId('dispute-withdraw')).toBeVisible();
  // The manager does not see the department's review material.
  await expect(page.getByTestId('dispute-evidence')).toHaveCount(0);

  // Back on the visit: one dispute is open, with a link to it.
  await page.goto(visitPath);
  await expect(page.getByTestId('dispute-blocked')).toContainText('已有一条申诉正在处理');
  await expect(page.getByTestId('dispute-open-link')).toHaveAttribute('href', disputePath);

  // It is in the manager's list, open.
  await page.goto('/disputes');
  await expect(page.getByTestId('disputes-table').getByTestId('dispute-row').filter({ hasText: target.name }).first()).toHaveAttribute('data-state', 'open');
  await signOut(page);
});

test('another manager can reach neither the dispute nor its attachment', async ({ page }) => {
  expect(disputePath).not.toBe('');
  await signIn(page, 'mgr04');
  const response = await page.goto(disputePath);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(REASON)).toHaveCount(0);
  expect((await page.request.get(attachmentHref)).status()).toBe(404);
  await signOut(page);
});

test('staff review the dispute — no recording — and overturn it with a comment', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.getByRole('navigation').getByRole('link', { name: '申诉', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '申诉处理' })).toBeVisible();
  await expect(page.getByTestId('dispute-tab-active')).toHaveAttribute('aria-current', 'page');
  const row = page.getByTestId('dispute-row').filter({ hasText: target.name }).first();
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: '复核' }).click();
  await expect(page).toHaveURL(disputePath);

  // The review material: the report, the finding, the callback and its (absent) recording.
  const evidence = page.getByTestId('dispute-evidence');
  await expect(evidence.getByTestId('dispute-report')).toContainText('端到端测试：回访总经理的专线需求');
  await expect(evidence.getByTestId('dispute-findings')).toContainText('连续两月同一联系人');
  await expect(evidence.getByTestId('dispute-no-recording').first()).toHaveText('无录音');
  await expect(page.getByTestId('dispute-reason')).toContainText(REASON);

  // The photo is previewed through the authorised route, served as the PNG it is.
  const image = page.getByTestId('dispute-attachment').getByRole('img', { name: 'dispute-evidence.png' });
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
  const href = (await image.getAttribute('src'))!;
  expect(href).toMatch(/^\/api\/disputes\/attachments\/[0-9a-f-]{36}$/);
  const file = await page.request.get(href);
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('image/png');
  expect(file.headers()['x-content-type-options']).toBe('nosniff');
  expect(file.headers()['cache-control']).toContain('no-store');
  expect(file.headers()['content-disposition']).toBe("inline; filename*=UTF-8''dispute-evidence.png");

  // Into review.
  await page.getByRole('button', { name: '开始复核' }).click();
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('dispute-state')).toHaveAttribute('data-state', 'under_review');

  // A decision needs a comment.
  const decide = page.getByTestId('dispute-decide-form');
  await decide.getByLabel('申诉成立（改判为真实有效）').check();
  await decide.getByRole('button', { name: '提交裁定' }).click();
  await expect(decide.locator('#dispute-comment-error')).toContainText('请填写复核意见');

  await decide.getByLabel('复核意见').fill(COMMENT);
  await decide.getByRole('button', { name: '提交裁定' }).click();
  await expect(page.getByTestId('dispute-decision-value')).toHaveAttribute('data-decision', 'overturned');
  await expect(page.getByRole('heading', { level: 1 }).getByTestId('dispute-state')).toHaveAttribute('data-state', 'overturned');
  await expect(page.getByTestId('dispute-comment')).toHaveText(COMMENT);
  await expect(page.getByTestId('dispute-verdict-current').getByTestId('verdict-status')).toHaveAttribute('data-status', 'valid');
  await expect(page.getByTestId('dispute-decide-form')).toHaveCount(0);

  // Every step is in the timeline.
  const timeline = page.getByTestId('dispute-timeline');
  await expect(timeline).toContainText('提交申诉');
  await expect(timeline).toContainText('开始复核');
  await expect(timeline).toContainText('裁定：申诉成立');
  await signOut(page);
});

test('the manager reads the decision, gets their points back and is notified', async ({ page }) => {
  await signIn(page, MANAGER);

  // The bell counts the unread notifications; the list has the decision.
  await expect(page.getByTestId('notifications-unread')).toHaveText(/^[1-9]\d*$/);
  await page.goto('/notifications');
  await expect(page.getByText(new RegExp(`${target.name}.*申诉成立`)).first()).toBeVisible();

  // Their dispute list opens on 全部, where the decided dispute is; the 未处理 tab says where it went.
  await page.goto('/disputes');
  await expect(page.getByTestId('dispute-tab-all')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('dispute-row').filter({ hasText: target.name }).first()).toHaveAttribute('data-state', 'overturned');
  await page.getByTestId('dispute-tab-active').click();
  await expect(page.getByTestId('disputes-empty')).toContainText('「未处理」下没有申诉；全部共 1 条。');
  await page.getByTestId('disputes-empty-all').click();
  await expect(page.getByTestId('dispute-row')).toHaveCount(1);

  await page.goto(disputePath);
  await expect(page.getByTestId('dispute-decision-value')).toHaveAttribute('data-decision', 'overturned');
  await expect(page.getByTestId('dispute-comment')).toHaveText(COMMENT);
  await expect(page.getByTestId('dispute-withdraw')).toHaveCount(0);

  // The verdict is changed (a new version, the old kept) and the points are back up.
  await page.goto(visitPath);
  await expect(page.getByTestId('visit-verdict').getByTestId('verdict-status')).toHaveAttribute('data-status', 'valid');
  await expect(page.getByTestId('visit-verdict-history')).toContainText('申诉复核');
  // The visit list says so too, and its verdict filter finds it among the 真实有效 ones.
  await page.goto('/visits');
  await page.getByTestId('filter-verdict').selectOption({ label: '真实有效' });
  await page.getByRole('search').getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/verdict=valid/);
  const listed = page.getByTestId('visit-row').filter({ hasText: target.name }).filter({ hasText: '端到端测试：回访总经理的专线需求' });
  await expect(listed.getByTestId('verdict-status')).toHaveAttribute('data-status', 'valid');
  await expect(page.locator('[data-testid="visits-table"] [data-testid="verdict-status"]:not([data-status="valid"])')).toHaveCount(0);
  expect(await monthPoints(page)).toBeGreaterThan(pointsBefore);
  await openMonthSection(page, 'ledger');
  await expect(page.getByTestId('ledger-table').locator('[data-kind="reversal"]').first()).toBeVisible();

  // The finding the overturned verdict rested on shows as waived by the decision — who, why — and
  // the new verdict's window offers no second dispute on the same ground: the panel links to the decision.
  await page.goto(visitPath);
  const waived = page.getByTestId('evidence-findings').locator('li[data-code="same_contact_two_months"]');
  await expect(waived).toHaveAttribute('data-waived', 'true');
  await expect(waived.getByTestId('evidence-finding-waived')).toContainText(COMMENT);
  await expect(waived.getByTestId('evidence-finding-waived-link')).toHaveAttribute('href', disputePath);
  const panel = page.getByTestId('dispute-panel');
  await expect(panel.getByTestId('dispute-blocked')).toHaveAttribute('data-reason', 'disputes.subjectDecided');
  await expect(panel.getByTestId('dispute-decided-link')).toHaveAttribute('href', disputePath);
  await expect(panel.getByRole('button', { name: '提交申诉' })).toHaveCount(0);
});
