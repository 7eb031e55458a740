import { expect, test, type Page } from '@playwright/test';
import { DEMO_UNITS, demoCustomers, prng } from '../lib/demo/data';
import { signIn } from './support';

/**
 * Pages that update themselves (issue 11 §3): the visit page shows its verdict when the worker
 * has evaluated it, staff's bell counts a dispute filed meanwhile, and the manager's open
 * dispute page shows the decision staff make in another browser — none of them reloaded.
 *
 * The invalid visit is made as in disputes.spec.ts: mgr03 visited one class-A customer's first
 * contact alone last month (lib/demo), so a visit to that contact alone this month is invalid.
 */
test.describe.configure({ mode: 'serial' });

const MANAGER = 'mgr03';
const REASON = '端到端测试（实时更新）：该客户只由总经理本人对接，其他联系人不负责通信业务。';
const COMMENT = '端到端测试（实时更新）：核实后维持原判。';

function sameContactCustomer() {
  const managers = Array.from({ length: 12 }, (_, i) => ({ username: `mgr${String(i + 1).padStart(2, '0')}`, unitCode: DEMO_UNITS[Math.floor(i / 4)].code }));
  const customer = demoCustomers(managers, prng(20261127)).find((c) => c.manager === MANAGER && c.class === 'A' && c.contacts.length >= 2)!;
  return { groupCode: customer.groupCode, contact: customer.contacts[0].name };
}

/** Marks the document: a reload or a navigation would lose the mark. */
async function mark(page: Page) {
  await page.evaluate(() => ((window as unknown as { __liveMark: number }).__liveMark = 1));
}
async function stillMarked(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __liveMark?: number }).__liveMark)).toBe(1);
}

test('the live stream refuses anyone not signed in', async ({ request }) => {
  const response = await request.get('/api/live/stream');
  expect(response.status()).toBe(401);
});

test('verdict, bell and dispute decision show without a reload', async ({ browser }) => {
  test.setTimeout(150_000);
  const target = sameContactCustomer();
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, 'staff1');
  await signIn(manager, MANAGER);

  // The manager reports the visit; its page then shows the verdict once the worker has evaluated it.
  await manager.goto('/visits/new');
  const customer = manager.getByTestId('visit-customer');
  await customer.selectOption((await customer.locator('option', { hasText: target.groupCode }).getAttribute('value'))!);
  await manager.getByTestId('visit-contacts').getByRole('checkbox', { name: target.contact }).check();
  await manager.getByTestId('visit-purpose').fill('端到端测试：实时更新的拜访');
  await manager.getByTestId('visit-save').click();
  await expect(manager.getByTestId('visit-saved')).toBeVisible();
  await mark(manager);
  await expect(manager.getByTestId('visit-verdict').getByTestId('verdict-status')).toHaveAttribute('data-status', 'invalid', { timeout: 30_000 });
  await stillMarked(manager);

  // Staff have a page open; the manager disputes; staff's bell counts it without a reload.
  await staff.goto('/queue');
  const unread = async () => Number((await staff.getByTestId('notifications-unread').textContent({ timeout: 500 }).catch(() => '0'))?.trim() || '0');
  const before = await unread();
  await mark(staff);
  const panel = manager.getByTestId('dispute-panel');
  await panel.getByLabel('申诉理由').fill(REASON);
  await panel.getByRole('button', { name: '提交申诉' }).click();
  await expect(manager).toHaveURL(/\/disputes\/[0-9a-f-]{36}\?filed=1$/);
  const disputePath = new URL(manager.url()).pathname;
  await expect.poll(unread, { timeout: 15_000 }).toBe(before + 1);
  await stillMarked(staff);

  // The manager's dispute page stays open while staff decide in their own browser.
  const state = manager.getByRole('heading', { level: 1 }).getByTestId('dispute-state');
  await expect(state).toHaveAttribute('data-state', 'open');
  await mark(manager);
  await staff.goto(disputePath);
  await staff.getByRole('button', { name: '开始复核' }).click();
  await expect(staff.getByRole('heading', { level: 1 }).getByTestId('dispute-state')).toHaveAttribute('data-state', 'under_review');
  await expect(state).toHaveAttribute('data-state', 'under_review', { timeout: 15_000 });
  const decide = staff.getByTestId('dispute-decide-form');
  await decide.getByLabel('维持原判（申诉不成立）').check();
  await decide.getByLabel('复核意见').fill(COMMENT);
  await decide.getByRole('button', { name: '提交裁定' }).click();
  await expect(staff.getByTestId('dispute-decision-value')).toHaveAttribute('data-decision', 'upheld');

  await expect(state).toHaveAttribute('data-state', 'upheld', { timeout: 15_000 });
  await expect(manager.getByTestId('dispute-comment')).toHaveText(COMMENT);
  await stillMarked(manager);
  await managerContext.close();
  await staffContext.close();
});
