import { expect, test, type Page } from '@playwright/test';
import { deskCallFixture, runFixture, signIn, waitForDueCallbacks } from './support';

/**
 * The callback desk end to end, through the real mechanisms: staff save calling rules (open
 * around the clock, so the test does not depend on the hour it runs at, with the shortest lease),
 * an agent takes a callback, the page's heartbeat keeps it, the page closes, and the worker's
 * lease timer gives it back to the queue — where the next agent gets it.
 */
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

test.describe.configure({ mode: 'serial' });

const fixture = deskCallFixture;

test.beforeAll(() => {
  // Three more callbacks through the same creation path sampling uses, their due timers in this
  // run's queue namespace: the running worker makes them ready.
  expect((runFixture('seed-callbacks.ts', '3') as { created: number }).created).toBeGreaterThan(0);
});

test('staff save calling rules; out-of-range values are refused at the field and nothing is saved', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.goto('/settings/calling');
  // What is in force before (the defaults, or a version an earlier spec saved — e.g. desk-call's).
  const inForce = page.getByTestId('calling-in-force');
  await expect(inForce).toBeVisible();
  const inForceBefore = (await inForce.textContent())!;
  const versionsBefore = await page.getByTestId('calling-history').locator('tbody tr').count();

  const form = page.getByTestId('calling-form');
  await keepOneWindow(page);
  await page.getByTestId('calling-window-0-start').fill('09:00');
  await page.getByTestId('calling-window-0-end').fill('08:00');
  await page.getByTestId('calling-leaseSeconds').fill('10');
  await page.getByTestId('calling-save').click();
  await expect(form.getByTestId('calling-error-windows-0-end')).toContainText('结束时间必须晚于开始时间');
  await expect(form.getByTestId('calling-error-leaseSeconds')).toContainText('30–600');
  await page.reload();
  await expect(inForce).toHaveText(inForceBefore);
  await expect(page.getByTestId('calling-history').locator('tbody tr')).toHaveCount(versionsBefore);

  // Around the clock, every day, from today; the shortest lease (30 s).
  await keepOneWindow(page);
  await page.getByTestId('calling-window-0-start').fill('00:00');
  await page.getByTestId('calling-window-0-end').fill('24:00');
  await page.getByTestId('calling-weekday-6').check();
  await page.getByTestId('calling-weekday-7').check();
  await page.getByTestId('calling-leaseSeconds').fill('30');
  await page.getByTestId('calling-effectiveFrom').fill(today);
  // 人工拨打 stays off (the default): results need a call record.
  await expect(page.getByTestId('calling-manual')).not.toBeChecked();
  await page.getByTestId('calling-note').fill('端到端测试：全天外呼');
  await page.getByTestId('calling-save').click();
  await expect(page.getByTestId('calling-saved')).toContainText(`第 ${versionsBefore + 1} 版`);
  await expect(page.getByTestId('calling-in-force')).toContainText('00:00–24:00');
  await expect(page.getByTestId('calling-history')).toContainText('端到端测试：全天外呼');
});

/** The form starts from the latest version: two windows (the defaults) or one (a version another spec saved). */
async function keepOneWindow(page: Page) {
  while ((await page.getByTestId('calling-window-1').count()) > 0) await page.getByTestId('calling-window-1').getByRole('button', { name: '删除' }).click();
  await expect(page.getByTestId('calling-window-0')).toBeVisible();
}

async function takeNext(page: Page) {
  // The due timers run in the worker: wait until the queue shows work, then take it.
  await waitForDueCallbacks(page);
  await page.getByTestId('desk-take').click();
  const preview = page.getByTestId('desk-preview');
  await expect(preview).toBeVisible();
  return (await preview.getByRole('heading').first().textContent())!;
}

test('an agent takes a callback, closes the page, and the callback returns to the queue', async ({ browser }) => {
  test.setTimeout(240_000);
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, 'agent1');
  await expect(agent).toHaveURL(/\/desk$/);
  const heading = await takeNext(agent);
  const customer = heading.split('·').at(-1)!.trim();
  // The contact's phone is masked; the full number is not in the page.
  for (const cell of await agent.getByTestId('desk-phone').allTextContents()) expect(cell).toMatch(/^\d{3}\*{4}\d{4}$/);
  expect(await agent.content()).not.toMatch(/\+86\d{11}/);

  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, 'staff1');
  await staff.goto('/queue');
  await expect(staff.getByTestId('queue-held-tasks')).toContainText(customer);

  // Past the 30 s lease with the page open: the heartbeat keeps the callback with its agent.
  await agent.waitForTimeout(40_000);
  await staff.reload();
  await expect(staff.getByTestId('queue-held-tasks')).toContainText(customer);
  await expect(staff.getByTestId('queue-held-tasks')).not.toContainText('已过期');

  // The agent closes the page: heartbeats stop, the lease lapses, the worker's timer returns it.
  await agentContext.close();
  await expect
    .poll(
      async () => {
        await staff.reload();
        return staff.getByTestId('queue-no-held').isVisible();
      },
      { timeout: 120_000, intervals: [2_000] },
    )
    .toBe(true);
  await staffContext.close();

  // Back in the queue, first in line again: the next agent gets the same callback.
  const nextContext = await browser.newContext();
  const next = await nextContext.newPage();
  await signIn(next, 'agent2');
  expect(await takeNext(next)).toContain(customer);

  // Issue 10: the script answered without pressing Call — question 2 否 (the knock-out), a
  // remark, Ctrl+Enter — is refused: a result needs a call the contact answered. Nothing is saved.
  fixture('held', 'agent2'); // the contact the call dials answers (the emulator's behaviour by number)
  await next.getByTestId('desk-question-identity').focus();
  await next.keyboard.press('1'); // 是本人
  await next.keyboard.press('Enter');
  await next.keyboard.press('2'); // 没有拜访过: 一票否决
  await next.keyboard.press('Enter');
  await expect(next.getByTestId('desk-input-remarks')).toBeFocused();
  await next.keyboard.type('客户说没有见过这位经理。');
  await next.keyboard.press('Enter');
  await expect(next.getByTestId('outcome-completed')).toBeChecked();
  await expect(next.getByTestId('desk-no-call-yet')).toBeVisible();
  await next.keyboard.press('Control+Enter');
  await expect(next.getByTestId('desk-submit-error')).toContainText('本次尝试没有通话记录，不能记录为“完成回访”');
  await expect(next.getByTestId('desk-preview')).toBeVisible();

  // Put back is still possible before any call; once the call reaches the contact it is not.
  await next.getByTestId('call-button').click();
  await expect(next.getByTestId('call-phase')).toHaveAttribute('data-phase', 'in_progress', { timeout: 60_000 });
  await next.getByTestId('release-submit').click();
  await expect(next.getByTestId('desk-release')).toContainText('不能再放回队列');

  // "No answer" for a call the contact answered is refused too (submitting hangs up first).
  await next.getByTestId('outcome-no_answer').check();
  await next.getByTestId('outcome-save').click();
  await expect(next.getByTestId('desk-submit-error')).toContainText('客户已接听本次尝试的通话');

  // The result the contact gave, on the answered call: the knock-out makes the visit invalid.
  await next.getByTestId('outcome-completed').check();
  await next.getByTestId('outcome-save').click();
  await expect(next.getByTestId('desk-score')).toHaveAttribute('data-result', 'invalid', { timeout: 30_000 });
  await expect(next.getByTestId('desk-flash')).toContainText('回访结束');
  await expect(next.getByTestId('desk-take')).toBeVisible();
  await nextContext.close();
});

test('staff pause the queue and the desk says so; resuming lets agents take work again', async ({ browser }) => {
  const staffContext = await browser.newContext();
  const staff = await staffContext.newPage();
  await signIn(staff, 'staff1');
  await staff.goto('/queue');
  await staff.getByTestId('queue-pause').click();
  await expect(staff.getByTestId('queue-pause-form')).toContainText('请填写原因');
  await staff.getByTestId('queue-pause-reason').fill('系统维护');
  await staff.getByTestId('queue-pause').click();
  await expect(staff.getByTestId('queue-paused')).toContainText('系统维护');

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, 'agent3');
  await expect(agent.getByTestId('desk-paused')).toContainText('系统维护');
  await agent.getByTestId('desk-take').click();
  await expect(agent.getByTestId('desk-message')).toContainText('回访队列已暂停');

  await staff.getByTestId('queue-resume').click();
  await expect(staff.getByTestId('queue-running')).toBeVisible();
  // Manual call results (人工拨打, none here: the switch is off) are listed by month from the queue page.
  await staff.getByTestId('queue-manual-link').click();
  await expect(staff.getByRole('heading', { level: 1 })).toContainText('人工拨打结果');
  await expect(staff.getByTestId('manual-empty')).toContainText('没有人工拨打的回访结果');
  await staff.goto('/queue');
  await agent.reload();
  await expect(agent.getByTestId('desk-paused')).toHaveCount(0);
  await agent.getByTestId('desk-take').click();
  await expect(agent.getByTestId('desk-preview')).toBeVisible();
  // Put it back unworked, with a reason.
  await agent.getByTestId('release-reason').selectOption('end_of_shift');
  await agent.getByTestId('release-submit').click();
  await expect(agent.getByTestId('desk-flash')).toContainText('已放回队列');
  await agentContext.close();
  await staffContext.close();
});
