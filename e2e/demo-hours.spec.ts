import { expect, test } from '@playwright/test';
import { deskCallFixture, runFixture, signIn, signOut, waitForDueCallbacks } from './support';

/**
 * The desk at any hour. The demo's calling rules (演示：全天可呼, seeded with the demo) let an agent
 * take a callback whenever they try; under the shipped rules, outside their hours, the desk says
 * so once — with the hours, since agents cannot open 外呼规则 — and 领取下一个回访 takes nothing.
 * The server's clock is the real one, so "outside the shipped hours" is made certain by saving
 * the shipped rules with today a holiday (e2e/fixtures/demo-hours.ts); the spec ends by opening
 * the desk around the clock again for the specs after it.
 */
test.describe.configure({ mode: 'serial' });

function hoursFixture(command: 'shipped' | 'reopen'): { version: number; effectiveFrom: string } {
  return runFixture('demo-hours.ts', command) as { version: number; effectiveFrom: string };
}

test.beforeAll(() => {
  // The demo's callbacks get their due timers in this run's queue namespace (the demo's own
  // calling rules are open all day: the fixture saves none).
  expect(deskCallFixture('setup')).toMatchObject({ saved: null });
});

test('under the demo’s calling rules an agent takes a callback at any hour', async ({ page }) => {
  await signIn(page, 'staff1');
  await page.goto('/settings/calling');
  await expect(page.getByTestId('calling-in-force')).toContainText('00:00–24:00');
  await expect(page.getByTestId('calling-history')).toContainText('演示：全天可呼');
  await signOut(page);

  await signIn(page, 'agent3');
  await waitForDueCallbacks(page);
  await expect(page.getByTestId('desk-outside-hours')).toHaveCount(0);
  await page.getByTestId('desk-take').click();
  await expect(page.getByTestId('desk-preview')).toBeVisible();
  await expect(page.getByTestId('desk-message')).toHaveCount(0);
  // Back to the queue unworked, for the specs after this one.
  await page.getByTestId('release-reason').selectOption('end_of_shift');
  await page.getByTestId('release-submit').click();
  await expect(page.getByTestId('desk-flash')).toContainText('已放回队列');
});

test('under the shipped calling rules, outside their hours, the desk says so once, with the hours', async ({ page }) => {
  hoursFixture('shipped');
  try {
    await signIn(page, 'agent4');
    await page.goto('/desk');
    const outside = page.getByTestId('desk-outside-hours');
    await expect(outside).toHaveCount(1);
    await expect(outside).toContainText('现在不在外呼时间内，下次开放：');
    await expect(outside.getByTestId('desk-calling-hours')).toHaveText('外呼时间（北京时间）：周一至周五 09:00–12:00、14:00–18:00');

    // 领取下一个回访 takes nothing and says it no second time: the panel above stays the one message.
    await page.getByTestId('desk-take').click();
    await expect(page.getByTestId('desk-take')).toBeEnabled();
    await expect(outside).toHaveCount(1);
    await expect(page.getByTestId('desk-message')).toHaveCount(0);
    await expect(page.getByTestId('desk-preview')).toHaveCount(0);
    await expect(page.getByText('现在不在外呼时间内')).toHaveCount(1);
  } finally {
    hoursFixture('reopen');
  }
  await page.reload();
  await expect(page.getByTestId('desk-outside-hours')).toHaveCount(0);
});
