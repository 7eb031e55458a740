import { expect, test, type Page } from '@playwright/test';
import { signIn, signOut } from './support';

/** Collects the page's CSP violations (the init script runs before any of the page's own). */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

test('pages carry a strict CSP with a fresh nonce on each response, and the app runs under it', async ({ page }) => {
  const violations = await watchViolations(page);
  const first = await page.goto('/login');
  const headers = first!.headers();
  const csp = headers['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy']).toContain('camera=()');

  // Next.js's own scripts carry this response's nonce.
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((n) => n === nonce)).toBe(true);
  const again = (await page.request.get('/login')).headers()['content-security-policy']!;
  expect(/'nonce-([^']+)'/.exec(again)![1]).not.toBe(nonce);

  // Signing in is client-side script: it works, and nothing was blocked on the way.
  await signIn(page, 'staff1');
  await page.goto('/customers');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await violations()).toEqual([]);
});

test('API answers carry nosniff and may not be framed', async ({ page }) => {
  const res = await page.request.get('/api/me');
  expect(res.status()).toBe(401);
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  expect(res.headers()['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(res.headers()['x-frame-options']).toBe('DENY');

  // The upload and webhook routes are outside the proxy (it would buffer their bodies): their own
  // handlers answer with the same headers — refused uploads and unsigned webhooks included.
  for (const path of ['/api/imports', '/api/disputes', '/api/telephony/twilio/status']) {
    const answer = await page.request.post(path, { form: { CallSid: 'CA1' } });
    expect(answer.status(), path).toBeGreaterThanOrEqual(400);
    expect(answer.headers()['x-content-type-options'], path).toBe('nosniff');
    expect(answer.headers()['content-security-policy'], path).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(answer.headers()['x-frame-options'], path).toBe('DENY');
  }
});

test('another site cannot frame a signed-in page', async ({ page, baseURL }) => {
  await signIn(page, 'staff2');
  // A page of another origin (about:blank here) framing the customer list.
  await page.goto('about:blank');
  await page.setContent(`<iframe id="f" src="${baseURL}/customers" width="800" height="600"></iframe>`);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f.url().includes('/customers'));
  const text = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
  expect(text).not.toContain('客户');
});

test('after 退出 the old session cookie opens nothing, on this browser or another', async ({ page, browser }) => {
  await signIn(page, 'mgr03');
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, 'mgr03');
  // Its page stays open with the bell's live stream connected.
  const streaming = otherPage.waitForResponse((r) => r.url().endsWith('/api/live/stream'));
  await otherPage.goto('/visits');
  expect((await streaming).status()).toBe(200);
  const copied = (await page.context().cookies()).find((c) => c.name.endsWith('next-auth.session-token'))!;
  expect((await page.request.get('/api/me')).status()).toBe(200);

  await signOut(page);

  // The copied cookie, replayed: no API, no page, no session.
  await page.context().addCookies([copied]);
  expect((await page.request.get('/api/me')).status()).toBe(401);
  expect(await (await page.request.get('/api/auth/session')).json()).toEqual({});
  await page.goto('/visits');
  await expect(page).toHaveURL(/\/login/);
  // The other browser's session ended with it.
  expect((await otherPage.request.get('/api/me')).status()).toBe(401);
  // Its open page learns it at the stream's next heartbeat (20 s) and goes to 登录.
  await expect(otherPage).toHaveURL(/\/login/, { timeout: 30_000 });
  await other.close();
});

test('the queue dashboard runs in its frame on /admin/queues under its own policy', async ({ page }) => {
  const violations = await watchViolations(page);
  await signIn(page, 'admin');
  await page.goto('/admin/queues');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByText('Huifang queues').first()).toBeVisible({ timeout: 20_000 });
  const board = page.frames().find((f) => f.url().includes('/api/admin/queues'))!;
  const inFrame = await board.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? []);
  // The board asks for Google's web fonts; nothing here loads from other sites, so it falls back to local fonts.
  expect(inFrame.filter((v) => !v.includes('fonts.googleapis.com'))).toEqual([]);
  expect(await violations()).toEqual([]);
});
