import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { E2E_BASE_URL, E2E_DATABASE_URL } from '../playwright.config';
import { apiSessionCookie } from './support';

/*
 * Input fuzz: every page and GET route handler in app/ (found in the tree itself, so a new one is
 * fuzzed without being listed), as a role that may open it, with NUL bytes, huge numbers, invalid
 * months, long and right-to-left strings in each query parameter it reads (and in q, page and
 * month everywhere) and in each dynamic segment. Odd input is a 4xx page — never a 500.
 */

const ROLES = { admin: 'admin', staff: 'staff1', supervisor: 'sup1', manager: 'mgr01', agent: 'agent1' } as const;
type Role = keyof typeof ROLES;

const ODD_VALUES = ['a\u0000b', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '1e309', '99999999999999999999', 'abc', '2026-13', `x${'长'.repeat(2000)}`, '\u202Eمرحبا שלום\u202C'];
const ODD_SEGMENTS = ['zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', '00000000-0000-0000-0000-00000000000g', 'a\u0000b', '99999999999999999999', '2026-13'];
const ALWAYS = ['q', 'page', 'month'];

interface Target {
  /** `/imports/[id]` */
  pattern: string;
  file: string;
  kind: 'page' | 'route';
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function targets(): Target[] {
  const app = path.resolve('app');
  return walk(app)
    .filter((f) => f.endsWith('/page.tsx') || (f.endsWith('/route.ts') && /export (const|async function) GET\b|as GET\b/.test(readFileSync(f, 'utf8'))))
    .map((file) => {
      const rel = path.relative(app, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
      return { pattern: `/${rel.filter((s) => !s.startsWith('[[...')).join('/')}`, file, kind: file.endsWith('page.tsx') ? ('page' as const) : ('route' as const) };
    })
    // next-auth's own endpoints; and the event streams, which never end (their input is an id-free session)
    .filter((t) => !t.pattern.startsWith('/api/auth') && !t.pattern.endsWith('/stream'));
}

/** The query parameters a file reads: `sp.month`, `params.q`, `get('page')`, a FILTERS list. */
function queryParams(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const names = new Set(ALWAYS);
  for (const m of source.matchAll(/\b(?:params|sp|query|raw|search|searchParams|url\.searchParams)\.(?:get\(')?(\w+)/g)) names.add(m[1]!);
  for (const m of source.matchAll(/\bget\('(\w+)'\)/g)) names.add(m[1]!);
  for (const m of source.matchAll(/(?:FILTERS|FILTER_KEYS)\s*=\s*\[([^\]]*)\]/g)) for (const k of m[1]!.matchAll(/'(\w+)'/g)) names.add(k[1]!);
  for (const skip of ['then', 'get', 'id', 'month', 'has', 'size', 'entries', 'length']) if (!ALWAYS.includes(skip)) names.delete(skip);
  return [...names];
}

async function realSegments(): Promise<Record<string, string>> {
  const sql = postgres(E2E_DATABASE_URL, { max: 1 });
  const one = async (query: Promise<{ id: unknown }[]>) => String((await query)[0]?.id ?? '00000000-0000-4000-8000-000000000000');
  try {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const mgr01 = await one(sql`select id from users where username = 'mgr01'`);
    const importId = await one(sql`select id from imports order by created_at limit 1`);
    // By the path up to the segment; a segment not here gets a well-formed id of nothing.
    return {
      '/admin/units/[id]': await one(sql`select id from units order by code limit 1`),
      '/admin/users/[id]': mgr01,
      '/customers/[id]': await one(sql`select customer_id as id from claims where effective_to is null order by customer_id limit 1`),
      '/disputes/[id]': await one(sql`select id from disputes order by id limit 1`),
      '/imports/[id]': importId,
      '/api/imports/[id]': importId,
      '/plans/[id]': await one(sql`select id from visit_plans order by id limit 1`),
      '/settings/scripts/[id]': await one(sql`select id from callback_scripts order by created_at limit 1`),
      '/settings/scripts/[id]/versions/[versionId]': await one(sql`select id from script_versions order by created_at limit 1`),
      '/visits/[id]': await one(sql`select id from visit_reports order by id limit 1`),
      '/api/calls/[id]': await one(sql`select id from calls order by id limit 1`),
      '/api/disputes/attachments/[id]': await one(sql`select id from dispute_attachments order by id limit 1`),
      '/assessment/[month]': month,
      '/api/assessment/[month]': month,
      '/assessment/[month]/managers/[managerId]': mgr01,
      '/api/imports/template/[kind]': 'customers',
    };
  } finally {
    await sql.end();
  }
}

/** The pattern with each dynamic segment filled: real values, or `odd` in the one at `oddAt`. */
function fill(pattern: string, real: Record<string, string>, odd?: { at: number; value: string }): string {
  const parts = pattern.split('/');
  return parts
    .map((part, i) => {
      if (!part.startsWith('[')) return part;
      const value = odd?.at === i ? odd.value : (real[parts.slice(0, i + 1).join('/')] ?? '00000000-0000-4000-8000-000000000000');
      return encodeURIComponent(value);
    })
    .join('/');
}

async function get(url: string, cookie: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${E2E_BASE_URL}${url}`, { redirect: 'manual', headers: { cookie }, signal: AbortSignal.timeout(30_000) });
  const body = res.headers.get('content-type')?.includes('text/html') ? await res.text() : (await res.body?.cancel().catch(() => {}), '');
  return { status: res.status, body };
}

/** Runs `work` over `items`, `n` at a time. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

test('odd input in any query parameter or path segment is never a 500, and a refusal is a Chinese page', async () => {
  test.setTimeout(300_000);
  const cookies = Object.fromEntries(await Promise.all(Object.entries(ROLES).map(async ([role, user]) => [role, await apiSessionCookie(E2E_BASE_URL, user)]))) as Record<Role, string>;
  const real = await realSegments();
  const all = targets();
  expect(all.length).toBeGreaterThan(40);

  // A role that may open each target: the first whose plain request is not refused.
  const plan: { url: string; cookie: string; what: string }[] = [];
  for (const target of all) {
    const base = fill(target.pattern, real);
    let chosen: Role | undefined;
    for (const role of Object.keys(ROLES) as Role[]) {
      const { status } = await get(base, cookies[role]);
      if (status !== 403 && status !== 401 && !(status >= 300 && status < 400)) {
        chosen = role;
        break;
      }
    }
    if (!chosen) continue;
    const cookie = cookies[chosen];
    for (const name of queryParams(target.file)) {
      for (const value of ODD_VALUES) plan.push({ url: `${base}?${new URLSearchParams({ [name]: value })}`, cookie, what: `${chosen} ${target.pattern}?${name}=${JSON.stringify(value.slice(0, 20))}` });
    }
    target.pattern.split('/').forEach((part, at) => {
      if (!part.startsWith('[')) return;
      for (const value of ODD_SEGMENTS) plan.push({ url: fill(target.pattern, real, { at, value }), cookie, what: `${chosen} ${target.pattern} with ${part}=${JSON.stringify(value)}` });
    });
  }
  expect(plan.length).toBeGreaterThan(300);

  const failures: string[] = [];
  await pool(plan, 4, async ({ url, cookie, what }) => {
    const { status, body } = await get(url, cookie);
    if (status >= 500) failures.push(`${status} ${what}`);
    else if (status === 404 && body && !body.includes('找不到')) failures.push(`404 without the Chinese page: ${what}`);
  });
  expect(failures, `${failures.length} of ${plan.length} odd requests failed`).toEqual([]);
});
