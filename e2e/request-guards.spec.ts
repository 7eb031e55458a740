import { readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { E2E_BASE_URL, E2E_DATABASE_URL } from '../playwright.config';
import { apiSessionCookie, DEMO_PASSWORD } from './support';

/*
 * The ring around access control, against the real server: bodies counted while they stream and
 * cut at their limit (chunked ones too, before a webhook's signature is looked at), requests from
 * other origins or of the wrong type refused, sign-in never sending the user to another host, and
 * the client address taken from the socket, not from a header anyone can write.
 */

const MB = 1024 * 1024;
const uploads = path.resolve('var/e2e-uploads/imports');
const db = () => postgres(E2E_DATABASE_URL, { max: 1 });

/**
 * Sends up to `totalBytes` as a chunked body (no Content-Length) and stops writing as soon as the
 * server answers; resolves with the status and how much was written by then.
 */
function sendChunked(url: string, headers: Record<string, string>, totalBytes: number): Promise<{ status: number; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = http.request(`${E2E_BASE_URL}${url}`, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      answered = true;
      res.resume();
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, written });
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const pump = () => {
      while (!answered && written < totalBytes) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

const filesIn = (dir: string) => {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
};

test('a chunked upload is cut at its limit: disputes, imports (no file left) and an unsigned webhook', async () => {
  test.setTimeout(120_000);
  const manager = await apiSessionCookie(E2E_BASE_URL, 'mgr01');
  const staff = await apiSessionCookie(E2E_BASE_URL, 'staff1');
  const multipart = { 'content-type': 'multipart/form-data; boundary=----huifang', origin: E2E_BASE_URL };

  const dispute = await sendChunked('/api/disputes', { ...multipart, cookie: manager }, 150 * MB);
  expect(dispute.status).toBe(413);
  expect(dispute.written).toBeLessThan(100 * MB);

  const before = filesIn(uploads);
  const upload = await sendChunked('/api/imports', { ...multipart, cookie: staff }, 260 * MB);
  expect(upload.status).toBe(413);
  expect(upload.written).toBeLessThan(240 * MB);
  expect(filesIn(uploads)).toBe(before);

  const hook = await sendChunked('/api/telephony/twilio/status?callId=00000000-0000-4000-8000-000000000000', { 'content-type': 'application/x-www-form-urlencoded' }, 30 * MB);
  expect(hook.status).toBe(413);
  expect(hook.written).toBeLessThan(20 * MB);
});

test('state-changing requests from another origin, or of a type the route does not parse, are refused and change nothing', async () => {
  const staff = await apiSessionCookie(E2E_BASE_URL, 'staff1');
  const agent = await apiSessionCookie(E2E_BASE_URL, 'agent1');
  const sql = db();
  try {
    const [{ n: importsBefore }] = await sql<{ n: number }[]>`select count(*)::int as n from imports`;
    const form = new FormData();
    form.set('kind', 'customers');
    form.set('file', new Blob(['客户名称\n甲公司\n']), 'customers.csv');
    for (const origin of ['http://evil.example', 'http://127.0.0.1:8099', 'null']) {
      const res = await fetch(`${E2E_BASE_URL}/api/imports`, { method: 'POST', headers: { cookie: staff, origin }, body: form });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toContain('不是从本系统的页面发出的');
    }
    const crossSite = await fetch(`${E2E_BASE_URL}/api/imports`, { method: 'POST', headers: { cookie: staff, 'sec-fetch-site': 'cross-site' }, body: form });
    expect(crossSite.status).toBe(403);
    const [{ n: importsAfter }] = await sql<{ n: number }[]>`select count(*)::int as n from imports`;
    expect(importsAfter).toBe(importsBefore);

    // What a plain HTML form on another page can send: text/plain, never parsed as JSON.
    const plain = await fetch(`${E2E_BASE_URL}/api/callbacks/next`, { method: 'POST', headers: { cookie: agent, origin: E2E_BASE_URL, 'content-type': 'text/plain' }, body: '{"release":{}}' });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as { error: string }).error).toContain('application/json');
  } finally {
    await sql.end();
  }
});

test('sign-in follows only this site\'s paths: //host and /\\host go to the home page instead', async ({ page }) => {
  const signInFrom = async (callbackUrl: string) => {
    await page.context().clearCookies();
    await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel('用户名').fill('staff1');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByTestId('current-user')).toBeVisible();
  };
  for (const callbackUrl of ['//127.0.0.1:8099/phish', '/\\127.0.0.1:8099/phish', 'http://127.0.0.1:8099/phish']) {
    await signInFrom(callbackUrl);
    expect(new URL(page.url()).origin).toBe(E2E_BASE_URL);
  }
  await signInFrom('/customers?q=1');
  await expect(page).toHaveURL(/\/customers\?q=1$/);
});

test('the audit log and the sign-in limit see the socket address, not a forged X-Forwarded-For', async () => {
  const csrf = await fetch(`${E2E_BASE_URL}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${E2E_BASE_URL}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: E2E_BASE_URL, 'x-forwarded-for': '203.0.113.99', 'x-huifang-peer-address': '198.51.100.7' },
    body: new URLSearchParams({ csrfToken, username: 'staff2', password: DEMO_PASSWORD, json: 'true' }),
  });
  expect(res.status).toBeLessThan(400);
  const sql = db();
  try {
    const [entry] = await sql<{ after: { ip: string } }[]>`
      select a.after from audit_log a join users u on u.id = a.entity_id::uuid
      where u.username = 'staff2' and a.action = 'auth.signedIn' order by a.at desc limit 1`;
    expect(entry?.after.ip).toBe('127.0.0.1');
  } finally {
    await sql.end();
  }
});

test('the queue dashboard opens for staff read-only; only admin may change a queue, and it is audited', async ({ page }) => {
  const staff = await apiSessionCookie(E2E_BASE_URL, 'staff1');
  const admin = await apiSessionCookie(E2E_BASE_URL, 'admin');
  const board = await fetch(`${E2E_BASE_URL}/api/admin/queues`, { headers: { cookie: staff } });
  expect(board.status).toBe(200);
  expect(await board.text()).not.toContain('404 Not Found');
  const list = (await (await fetch(`${E2E_BASE_URL}/api/admin/queues/api/queues?activeQueue=&page=1&jobsPerPage=10`, { headers: { cookie: staff } })).json()) as { queues: { name: string }[] };
  const name = list.queues[0]!.name;

  const pause = (cookie: string) => fetch(`${E2E_BASE_URL}/api/admin/queues/api/queues/${name}/pause`, { method: 'PUT', headers: { cookie, origin: E2E_BASE_URL } });
  expect((await pause(staff)).status).toBe(403);
  expect((await pause(admin)).ok).toBe(true);
  const resumed = await fetch(`${E2E_BASE_URL}/api/admin/queues/api/queues/${name}/resume`, { method: 'PUT', headers: { cookie: admin, origin: E2E_BASE_URL } });
  expect(resumed.ok).toBe(true);
  const sql = db();
  try {
    const entries = await sql<{ after: { action: string } }[]>`
      select a.after from audit_log a join users u on u.id = a.actor_id
      where u.username = 'admin' and a.action = 'queue.changed' and a.entity_id = ${name} order by a.at desc limit 2`;
    expect(entries.map((e) => e.after.action).sort()).toEqual(['/pause', '/resume']);
  } finally {
    await sql.end();
  }

  // What a person sees: the board inside the page, not "404 Not Found".
  await page.goto('/login');
  await page.getByLabel('用户名').fill('staff1');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  await page.goto('/admin/queues');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByText(name).first()).toBeVisible();
  await expect(frame.getByText('404 Not Found')).toHaveCount(0);
});
