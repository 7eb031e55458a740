import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { E2E_BASE_URL, E2E_DATABASE_URL } from '../playwright.config';
import { apiSessionCookie } from './support';

/*
 * The route × role matrix. The routes come from the tree itself (every app/**\/page.tsx and
 * route.ts): a route without an entry in ACCESS fails the first test, so a new route cannot land
 * unclassified. The second test asks every entry as each kind of visitor — anonymous, agent,
 * manager, supervisor, staff, admin — and, where ids appear, with the signed-in manager's own
 * record, another manager's of the same unit, and another unit's.
 *
 * The visitors: mgr01 (unit U01) is "the manager", sup1 (U01) "the supervisor". So "own" is
 * mgr01's record (in sup1's unit), "same unit" is mgr02's (U01: the supervisor's, not the
 * manager's), "other unit" is mgr05's (U02: neither's).
 *
 * State-changing methods are asked only as visitors who must be refused (anonymous, wrong role):
 * sending them as an allowed role would change the demo data other specs read; those paths are
 * covered by their own integration tests. They are listed as 'sent only to refuse'.
 */

type Who = 'anonymous' | 'agent' | 'manager' | 'supervisor' | 'staff' | 'admin';
const VISITORS: Record<Exclude<Who, 'anonymous'>, string> = {
  agent: 'agent4',
  manager: 'mgr01',
  supervisor: 'sup1',
  staff: 'staff2',
  admin: 'admin',
};
type Role = Exclude<Who, 'anonymous'>;
const ROLES = Object.keys(VISITORS) as Role[];

/** 200, 401, 403, 404 …; 'login': sent to the sign-in page; 'to:/path': redirected there; 'skip': not sent (see above). */
type Outcome = number | 'login' | `to:${string}` | 'skip';
type Expectation = Record<Who, Outcome>;

interface Ids {
  visit: Scoped;
  plan: Scoped;
  customer: Scoped;
  manager: Scoped;
  user: string;
  unit: string;
  import: string;
  script: string;
  scriptVersion: string;
  /** The latest closed month, or this month when none is closed yet. */
  month: string;
  monthClosed: boolean;
}
interface Scoped {
  own: string;
  sameUnit: string;
  otherUnit: string;
}
const NO_SUCH = '00000000-0000-4000-8000-000000000000';

interface Probe {
  label?: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: (ids: Ids) => string;
  expect: Expectation | ((ids: Ids) => Expectation);
}

/** A page for these roles: anonymous visitors go to the sign-in page, other roles get 403. */
function page(roles: Role[], overrides: Partial<Expectation> = {}): Expectation {
  return { anonymous: 'login', ...Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? 200 : 403])), ...overrides } as Expectation;
}
/** A GET route for these roles: 401 anonymous, 403 for other roles. */
function api(roles: Role[], overrides: Partial<Expectation> = {}): Expectation {
  return { anonymous: 401, ...Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? 200 : 403])), ...overrides } as Expectation;
}
/** A state-changing route for these roles: refused visitors are asked, allowed ones are not. */
function change(roles: Role[]): Expectation {
  return { anonymous: 401, ...Object.fromEntries(ROLES.map((r) => [r, roles.includes(r) ? 'skip' : 403])) } as Expectation;
}
const everyone = (outcome: Outcome): Expectation => ({ anonymous: outcome, agent: outcome, manager: outcome, supervisor: outcome, staff: outcome, admin: outcome });

const SCOPE_ROLES: Role[] = ['manager', 'supervisor', 'staff', 'admin'];
/** A manager's record by id: own for the manager; the supervisor's unit's; everyone's for staff and admin. */
function scoped(base: string, key: 'visit' | 'plan' | 'customer', roles: Role[] = SCOPE_ROLES): Probe[] {
  return [
    { label: 'own', path: (ids) => `${base}/${ids[key].own}`, expect: page(roles) },
    { label: 'same unit', path: (ids) => `${base}/${ids[key].sameUnit}`, expect: page(roles, { manager: 404 }) },
    { label: 'other unit', path: (ids) => `${base}/${ids[key].otherUnit}`, expect: page(roles, { manager: 404, supervisor: 404 }) },
  ];
}
const STAFF: Role[] = ['staff', 'admin'];
const TWILIO_UNSIGNED = everyone(403);

const ACCESS: Record<string, Probe[]> = {
  '/': [{ path: () => '/', expect: { anonymous: 'login', agent: 'to:/desk', manager: 'to:/visits', supervisor: 'to:/unit', staff: 'to:/dashboard', admin: 'to:/admin/users' } }],
  '/login': [{ path: () => '/login', expect: { anonymous: 200, agent: 'to:/desk', manager: 'to:/visits', supervisor: 'to:/unit', staff: 'to:/dashboard', admin: 'to:/admin/users' } }],
  '/admin': [{ path: () => '/admin', expect: page(['admin'], { admin: 'to:/admin/users' }) }],
  '/admin/queues': [{ path: () => '/admin/queues', expect: page(STAFF) }],
  '/audit': [{ path: () => '/audit', expect: page(STAFF) }],
  '/admin/units': [{ path: () => '/admin/units', expect: page(['admin']) }],
  '/admin/units/[id]': [
    { path: (ids) => `/admin/units/${ids.unit}`, expect: page(['admin']) },
    { label: 'unknown', path: () => `/admin/units/${NO_SUCH}`, expect: page(['admin'], { admin: 404 }) },
  ],
  '/admin/users': [{ path: () => '/admin/users', expect: page(['admin']) }],
  '/admin/users/[id]': [
    { path: (ids) => `/admin/users/${ids.user}`, expect: page(['admin']) },
    { label: 'unknown', path: () => `/admin/users/${NO_SUCH}`, expect: page(['admin'], { admin: 404 }) },
  ],
  '/admin/users/new': [{ path: () => '/admin/users/new', expect: page(['admin']) }],
  '/assessment': [{ path: () => '/assessment', expect: page(['supervisor', ...STAFF]) }],
  '/assessment/progress': [{ path: () => '/assessment/progress', expect: page(['supervisor', ...STAFF]) }],
  '/assessment/[month]': [{ path: (ids) => `/assessment/${ids.month}`, expect: page(['supervisor', ...STAFF]) }],
  '/assessment/[month]/agents': [
    { path: (ids) => `/assessment/${ids.month}/agents`, expect: page(['agent', ...STAFF]) },
    { label: 'not a month', path: () => '/assessment/2026-13/agents', expect: page(['agent', ...STAFF], { agent: 404, staff: 404, admin: 404 }) },
  ],
  '/assessment/[month]/managers/[managerId]': [
    { label: 'own unit', path: (ids) => `/assessment/${ids.month}/managers/${ids.manager.own}`, expect: page(['supervisor', ...STAFF]) },
    { label: 'other unit', path: (ids) => `/assessment/${ids.month}/managers/${ids.manager.otherUnit}`, expect: page(['supervisor', ...STAFF], { supervisor: 404 }) },
  ],
  '/customers': [{ path: () => '/customers', expect: page(SCOPE_ROLES) }],
  '/customers/[id]': scoped('/customers', 'customer'),
  '/dashboard': [{ path: () => '/dashboard', expect: page(STAFF) }],
  '/desk': [{ path: () => '/desk', expect: page(['agent']) }],
  '/disputes': [{ path: () => '/disputes', expect: page(SCOPE_ROLES) }],
  // The demo files no disputes; scope is covered by tests/integration/disputes.test.ts.
  '/disputes/[id]': [{ label: 'unknown', path: () => `/disputes/${NO_SUCH}`, expect: page(SCOPE_ROLES, { manager: 404, supervisor: 404, staff: 404, admin: 404 }) }],
  // Filing a spot-check dispute: the manager whose finding it is (scope: tests/integration/spot-check-disputes.test.ts).
  '/disputes/new': [
    { label: 'unknown item', path: () => `/disputes/new?spotCheckItem=${NO_SUCH}`, expect: page(['manager'], { manager: 404 }) },
    { label: 'no item', path: () => '/disputes/new', expect: page(['manager'], { manager: 404 }) },
  ],
  '/imports': [{ path: () => '/imports', expect: page(STAFF) }],
  '/imports/[id]': [
    { path: (ids) => `/imports/${ids.import}`, expect: page(STAFF) },
    { label: 'unknown', path: () => `/imports/${NO_SUCH}`, expect: page(STAFF, { staff: 404, admin: 404 }) },
  ],
  '/my-month': [{ path: () => '/my-month', expect: page(['manager']) }],
  '/notifications': [{ path: () => '/notifications', expect: page(ROLES) }],
  '/plans': [{ path: () => '/plans', expect: page(SCOPE_ROLES) }],
  '/plans/[id]': scoped('/plans', 'plan'),
  '/profile': [{ path: () => '/profile', expect: page(ROLES) }],
  '/queue': [{ path: () => '/queue', expect: page(STAFF) }],
  '/queue/manual': [{ path: () => '/queue/manual', expect: page(STAFF) }],
  '/settings/assessment': [{ path: () => '/settings/assessment', expect: page(STAFF) }],
  '/settings/agent-assessment': [{ path: () => '/settings/agent-assessment', expect: page(STAFF) }],
  '/settings/calling': [{ path: () => '/settings/calling', expect: page(STAFF) }],
  '/settings/checks': [{ path: () => '/settings/checks', expect: page(STAFF) }],
  '/settings/disputes': [{ path: () => '/settings/disputes', expect: page(STAFF) }],
  '/settings/reporting': [{ path: () => '/settings/reporting', expect: page(STAFF) }],
  '/settings/sampling': [{ path: () => '/settings/sampling', expect: page(STAFF) }],
  '/settings/scoring': [{ path: () => '/settings/scoring', expect: page(STAFF) }],
  '/settings/spot-checks': [{ path: () => '/settings/spot-checks', expect: page(STAFF) }],
  '/settings/scripts': [{ path: () => '/settings/scripts', expect: page(STAFF) }],
  '/settings/scripts/[id]': [{ path: (ids) => `/settings/scripts/${ids.script}`, expect: page(STAFF) }],
  '/settings/scripts/[id]/versions/[versionId]': [
    { path: (ids) => `/settings/scripts/${ids.script}/versions/${ids.scriptVersion}`, expect: page(STAFF) },
  ],
  '/spot-checks': [
    { path: () => '/spot-checks', expect: page(STAFF) },
    // A day that is not one names nothing.
    { label: 'bad day', path: () => '/spot-checks?day=2026-02-30', expect: page(STAFF, { staff: 404, admin: 404 }) },
  ],
  '/unit': [{ path: () => '/unit', expect: page(['supervisor', ...STAFF]) }],
  '/visits': [{ path: () => '/visits', expect: page(SCOPE_ROLES) }],
  '/visits/[id]': scoped('/visits', 'visit'),
  '/visits/new': [{ path: () => '/visits/new', expect: page(['manager']) }],

  // Route handlers.
  '/api/admin/queues/[[...path]]': [
    { path: () => '/api/admin/queues', expect: api(STAFF) },
    { label: 'retry, admin only', method: 'PUT', path: () => '/api/admin/queues/api/queues/sampling/retry/failed', expect: { ...change(['admin']), staff: 403 } },
  ],
  // The report of a closed month; a month not closed has none (404).
  '/api/assessment/[month]/export': [
    {
      path: (ids) => `/api/assessment/${ids.month}/export`,
      expect: (ids) => api(['supervisor', ...STAFF], ids.monthClosed ? {} : { supervisor: 404, staff: 404, admin: 404 }),
    },
  ],
  '/api/exports/[kind]': [
    { label: 'visits', path: () => '/api/exports/visits?format=csv', expect: api(SCOPE_ROLES) },
    { label: 'callback results', path: () => '/api/exports/callback-results?format=csv', expect: api(STAFF) },
    { label: 'sampling decisions', path: () => '/api/exports/sampling-decisions?format=csv', expect: api(STAFF) },
    { label: 'import errors', path: (ids) => `/api/exports/import-errors?format=csv&id=${ids.import}`, expect: api(STAFF) },
    { label: 'points ledger', path: (ids) => `/api/exports/points-ledger?format=csv&month=${ids.month}`, expect: api(SCOPE_ROLES) },
    { label: 'audit log', path: () => '/api/exports/audit-log?format=csv&from=2099-01-01', expect: api(STAFF) },
    { label: 'agent indicators', path: (ids) => `/api/exports/agent-indicators?format=csv&month=${ids.month}`, expect: api(STAFF) },
  ],
  '/api/auth/[...nextauth]': [
    { path: () => '/api/auth/session', expect: everyone(200) },
    { path: () => '/api/auth/csrf', expect: everyone(200) },
  ],
  '/api/callbacks/[id]/lease': [{ method: 'POST', path: () => `/api/callbacks/${NO_SUCH}/lease`, expect: change(['agent']) }],
  '/api/callbacks/[id]/outcome': [{ method: 'POST', path: () => `/api/callbacks/${NO_SUCH}/outcome`, expect: change(['agent']) }],
  '/api/callbacks/[id]/release': [{ method: 'POST', path: () => `/api/callbacks/${NO_SUCH}/release`, expect: change(['agent']) }],
  '/api/callbacks/next': [{ method: 'POST', path: () => '/api/callbacks/next', expect: change(['agent']) }],
  '/api/callbacks/presence': [{ method: 'POST', path: () => '/api/callbacks/presence', expect: change(['agent']) }],
  '/api/calls/[id]/recording': [{ label: 'unknown', path: () => `/api/calls/${NO_SUCH}/recording`, expect: api(STAFF, { staff: 404, admin: 404 }) }],
  '/api/desk/callback': [{ path: () => '/api/desk/callback', expect: api(['agent']) }],
  '/api/desk/callbacks/[id]/draft': [{ method: 'PUT', path: () => `/api/desk/callbacks/${NO_SUCH}/draft`, expect: change(['agent']) }],
  '/api/desk/callbacks/[id]/submit': [{ method: 'POST', path: () => `/api/desk/callbacks/${NO_SUCH}/submit`, expect: change(['agent']) }],
  '/api/desk/calls/[id]/hangup': [{ method: 'POST', path: () => `/api/desk/calls/${NO_SUCH}/hangup`, expect: change(['agent']) }],
  '/api/desk/calls': [
    { path: () => `/api/desk/calls?taskId=${NO_SUCH}`, expect: api(['agent']) },
    { method: 'POST', path: () => '/api/desk/calls', expect: change(['agent']) },
  ],
  '/api/desk/calls/stream': [{ path: () => '/api/desk/calls/stream', expect: api(['agent']) }],
  '/api/disputes/attachments/[id]': [{ label: 'unknown', path: () => `/api/disputes/attachments/${NO_SUCH}`, expect: api(SCOPE_ROLES, { manager: 404, supervisor: 404, staff: 404, admin: 404 }) }],
  '/api/disputes': [{ method: 'POST', path: () => '/api/disputes', expect: change(['manager']) }],
  '/api/health': [{ path: () => '/api/health', expect: everyone(200) }],
  '/api/imports/[id]/errors': [{ path: (ids) => `/api/imports/${ids.import}/errors`, expect: api(STAFF) }],
  '/api/imports/[id]': [{ path: (ids) => `/api/imports/${ids.import}`, expect: api(STAFF) }],
  '/api/imports': [{ method: 'POST', path: () => '/api/imports', expect: change(STAFF) }],
  '/api/imports/template/[kind]': [{ path: () => '/api/imports/template/customers', expect: api(STAFF) }],
  '/api/live/stream': [{ path: () => '/api/live/stream', expect: api(ROLES) }],
  '/api/me': [{ path: () => '/api/me', expect: api(ROLES) }],
  // Twilio's webhooks answer only requests signed with the account's token; a session changes nothing.
  '/api/telephony/twilio/amd': [{ method: 'POST', path: () => '/api/telephony/twilio/amd', expect: TWILIO_UNSIGNED }],
  '/api/telephony/twilio/dial-status': [{ method: 'POST', path: () => '/api/telephony/twilio/dial-status', expect: TWILIO_UNSIGNED }],
  '/api/telephony/twilio/recording': [{ method: 'POST', path: () => '/api/telephony/twilio/recording', expect: TWILIO_UNSIGNED }],
  '/api/telephony/twilio/status': [{ method: 'POST', path: () => '/api/telephony/twilio/status', expect: TWILIO_UNSIGNED }],
  '/api/telephony/twilio/voice/announce': [{ method: 'POST', path: () => '/api/telephony/twilio/voice/announce', expect: TWILIO_UNSIGNED }],
  '/api/telephony/twilio/voice': [{ method: 'POST', path: () => '/api/telephony/twilio/voice', expect: TWILIO_UNSIGNED }],
};

/** Every page and route handler in app/, as its URL pattern: route groups dropped. */
function routeTree(): string[] {
  const appDir = path.resolve('app');
  const files = readdirSync(appDir, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)(page\.tsx|route\.ts)$/.test(f));
  return files
    .map((f) => {
      const segments = path.dirname(f).split(path.sep).filter((s) => s !== '.' && !/^\(.*\)$/.test(s));
      return `/${segments.join('/')}`;
    })
    .sort();
}

test('every page and route handler in app/ has an entry in the access table, and every entry a route', () => {
  const tree = routeTree();
  expect(tree.length).toBeGreaterThan(50);
  expect(tree.filter((r) => !(r in ACCESS)), 'routes without an entry in ACCESS').toEqual([]);
  expect(Object.keys(ACCESS).filter((r) => !tree.includes(r)), 'entries for routes that no longer exist').toEqual([]);
});

async function loadIds(): Promise<Ids> {
  const sql = postgres(E2E_DATABASE_URL, { max: 1 });
  try {
    const managers = Object.fromEntries(
      (await sql<{ username: string; id: string }[]>`select username, id from users where username in ('mgr01', 'mgr02', 'mgr05', 'staff1')`).map((r) => [r.username, r.id]),
    );
    const one = async (q: Promise<{ id: string }[]>, what: string) => {
      const [row] = await q;
      if (!row) throw new Error(`the demo data has no ${what}`);
      return String(row.id);
    };
    const triple = async (table: 'visit_reports' | 'visit_plans'): Promise<Scoped> => ({
      own: await one(sql`select id from ${sql(table)} where manager_id = ${managers.mgr01!} order by id limit 1`, `${table} of mgr01`),
      sameUnit: await one(sql`select id from ${sql(table)} where manager_id = ${managers.mgr02!} order by id limit 1`, `${table} of mgr02`),
      otherUnit: await one(sql`select id from ${sql(table)} where manager_id = ${managers.mgr05!} order by id limit 1`, `${table} of mgr05`),
    });
    const claimed = (managerId: string) =>
      one(sql`select customer_id as id from claims where manager_id = ${managerId} and effective_to is null order by customer_id limit 1`, 'claimed customer');
    const [closed] = await sql<{ month: string }[]>`select month from month_closes order by month desc limit 1`;
    const month = closed?.month ?? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    return {
      visit: await triple('visit_reports'),
      plan: await triple('visit_plans'),
      customer: { own: await claimed(managers.mgr01!), sameUnit: await claimed(managers.mgr02!), otherUnit: await claimed(managers.mgr05!) },
      manager: { own: managers.mgr01!, sameUnit: managers.mgr02!, otherUnit: managers.mgr05! },
      user: managers.staff1!,
      unit: await one(sql`select id from units order by code limit 1`, 'unit'),
      import: await one(sql`select id from imports order by created_at limit 1`, 'import'),
      script: await one(sql`select id from callback_scripts order by created_at limit 1`, 'script'),
      scriptVersion: await one(sql`select id from script_versions order by created_at limit 1`, 'script version'),
      month,
      monthClosed: closed !== undefined,
    };
  } finally {
    await sql.end();
  }
}

async function outcome(method: string, url: string, cookie: string | undefined): Promise<Outcome> {
  // Twilio posts forms.
  const webhook = url.startsWith('/api/telephony/');
  const res = await fetch(`${E2E_BASE_URL}${url}`, {
    method,
    redirect: 'manual',
    headers: { ...(cookie ? { cookie } : {}), origin: E2E_BASE_URL, ...(method === 'GET' ? {} : { 'content-type': webhook ? 'application/x-www-form-urlencoded' : 'application/json' }) },
    body: method === 'GET' ? undefined : webhook ? 'CallSid=CA0' : '{}',
    signal: AbortSignal.timeout(30_000),
  });
  // Event streams never end: the status is all that is asked.
  await res.body?.cancel().catch(() => {});
  if (res.status >= 300 && res.status < 400) {
    const to = new URL(res.headers.get('location') ?? '', E2E_BASE_URL).pathname;
    return to === '/login' ? 'login' : `to:${to}`;
  }
  return res.status;
}

test('every route answers each visitor as the table says', async () => {
  test.setTimeout(300_000);
  const ids = await loadIds();
  const cookies: Partial<Record<Who, string>> = {};
  for (const role of ROLES) cookies[role] = await apiSessionCookie(E2E_BASE_URL, VISITORS[role]);

  const mismatches: string[] = [];
  let asked = 0;
  for (const [route, probes] of Object.entries(ACCESS)) {
    for (const probe of probes) {
      const method = probe.method ?? 'GET';
      const url = probe.path(ids);
      const expectations = typeof probe.expect === 'function' ? probe.expect(ids) : probe.expect;
      // The six visitors at once: a route's answers do not depend on each other.
      await Promise.all(
        (['anonymous', ...ROLES] as Who[]).map(async (who) => {
          const expected = expectations[who];
          if (expected === 'skip') return;
          const got = await outcome(method, url, cookies[who as Role]);
          asked++;
          if (got !== expected) mismatches.push(`${route}${probe.label ? ` (${probe.label})` : ''} ${method} as ${who}: expected ${expected}, got ${got}`);
        }),
      );
    }
  }
  expect(mismatches).toEqual([]);
  expect(asked).toBeGreaterThan(300);
});
