import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customers, disputes, monthCloses, units, users, visitPlans, visitReports } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { env } from '@/lib/platform/config/env';
import { ownDb, prepareDatabase } from '@/lib/platform/db';
import type { Ctx } from '@/lib/platform/core/context';
import { decideDispute, startReview } from '@/lib/disputes/review';
import { fileDispute } from '@/lib/disputes/file';
import { runImportInline } from '@/lib/imports/imports';
import { auditIntegrity } from '@/lib/integrity/audit';
import { createUnit } from '@/lib/org/units';
import { reassignCustomer } from '@/lib/claims/claims';
import { claimantAt, claimRows } from '@/lib/claims/queries';
import { getOrCreateDraftPlan, reviewPlan, savePlanItems, submitPlan } from '@/lib/plans/commands';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { policyDefinitions } from '@/lib/policy/definitions';
import { listPolicyVersions, savePolicyVersion } from '@/lib/policy/policies';
import { dayOf, monthOf, monthRange, parseLocalDateTime, shiftMonth } from '@/lib/platform/time/zone';
import { sampleMonth } from '@/lib/sampling/sample';
import { evaluateOpenSpotChecks } from '@/lib/spot-checks/evaluate';
import { selectSpotChecks } from '@/lib/spot-checks/select';
import { systemActor } from '@/lib/users/system-user';
import { createUser } from '@/lib/users/users';
import { ABSENT_MANAGERS, DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts';
import { customersCsv, DEMO_UNITS, demoCustomers, prng, VISIT_PURPOSES, type DemoCustomer } from './data';
import type { PastMonthPlan, PastMonthSummary } from './past-month';
import { fileDemoVisit, pastWorkingDays, planDemoVisits, type VisitFiling } from './visits';
import { actorOf } from '@/lib/auth/actor';

export { DEMO_ACCOUNTS, DEMO_PASSWORD };

/**
 * The configured database created and migrated when needed, then the demo seeded (idempotent):
 * what `npm run demo` and `npm run cli -- seed-demo` do first.
 */
export async function seedDemoDatabase(log: (line: string) => void): Promise<void> {
  if (await prepareDatabase()) log('Created the database.');
  const handle = ownDb();
  try {
    await seedDemo(handle.db, { log });
  } finally {
    await handle.close();
  }
}

/**
 * Seeds the demo through the product's own verbs (units, users, the customer import, visit
 * reports, plans, sampling, the desk and the telephony, the close, disputes) — the same code
 * paths people use. Last month is complete as a department's is on the 2nd: worked at the desk
 * and closed (seedPastMonth, seedClose); this month is in progress. Idempotent: what exists is
 * left alone. `databaseUrl` is the database `db` is on (last month is worked in a child process).
 */
export async function seedDemo(db: Db, options: { log: (line: string) => void; now?: Date; databaseUrl?: string }) {
  const log = options.log;
  const now = options.now ?? new Date();
  const tz = env().APP_TIMEZONE;
  const system: Ctx = { db, actor: await systemActor(db), now: () => now };

  // The shipped callback scripts (standard and blind), the standard one assigned as the default.
  const scripts = await ensureDefaultScript(db, { now });
  log(`Callback scripts: ${scripts.created.length > 0 ? `${scripts.created.join(', ')} published` : 'already there'}.`);

  // Units and accounts.
  const existingUnits = await db.select().from(units);
  for (const u of DEMO_UNITS) if (!existingUnits.some((e) => e.code === u.code)) await createUnit({ ctx: system, input: { ...u } });
  const unitIds = new Map((await db.select().from(units)).map((u) => [u.code, u.id]));
  const existingUsers = new Set((await db.select({ username: users.username }).from(users)).map((u) => u.username));
  let created = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (existingUsers.has(a.username)) continue;
    await createUser({
      ctx: system,
      input: { username: a.username, displayName: a.displayName, password: DEMO_PASSWORD, role: a.role, unitId: a.unit ? unitIds.get(a.unit) : null, phone: a.phone ?? null },
    });
    created++;
  }
  log(`Demo accounts: ${created} created, ${DEMO_ACCOUNTS.length - created} already there.`);
  const byName = new Map((await db.select().from(users)).map((u) => [u.username, u]));
  const staff = { db, actor: actorOf(byName.get('staff1')!), now: () => now };

  // Customers, contacts and claims through the customer import (附件1), claimed from three months back.
  const month = monthOf(now, tz);
  const claimFrom = dayOf(monthRange(shiftMonth(month, -3), tz).start, tz);
  const managers = DEMO_ACCOUNTS.filter((a) => a.role === 'manager').map((a) => ({ username: a.username, unitCode: a.unit! }));
  const demo = demoCustomers(managers, prng(20261127));
  const [{ known }] = await db.select({ known: count() }).from(customers).where(inArray(customers.groupCode, demo.map((c) => c.groupCode)));
  if (known < demo.length) {
    const dir = await mkdtemp(path.join(tmpdir(), 'huifang-demo-'));
    try {
      const file = path.join(dir, '集团客户明细.csv');
      await writeFile(file, customersCsv(demo, claimFrom), 'utf8');
      const result = await runImportInline({ ctx: staff, db, input: { kind: 'customers', fileName: '集团客户明细.csv' }, filePath: file, commit: true });
      if (result.status !== 'committed') throw new Error(`demo customer import ended as ${result.status}: ${JSON.stringify(result.errors.slice(0, 5))}`);
      log(`Demo customers imported: ${JSON.stringify(result.summary)}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else log(`Demo customers: all ${demo.length} already there.`);

  const lastMonth = shiftMonth(month, -1);
  await seedDemoCallingHours({ ctx: staff, from: dayOf(monthRange(lastMonth, tz).start, tz), log });
  const o: StageOptions = { now, tz, month, byName, log };
  await seedReassignment(db, demo, o);
  // Last month's plans come first: its days are spot-checked while it is worked.
  await seedPlans(db, demo, o, 'lastMonth');
  // Last month as the department lived it, then closed on the 2nd; this month in progress.
  const closeAt = pastMonthCloseAt(month, tz, now);
  const visitsOf = lazyVisitFilings(db, demo, o);
  await seedPastMonth(db, visitsOf, { ...o, closeAt, databaseUrl: options.databaseUrl ?? env().DATABASE_URL });
  // Last month's spot checks judged as the worker's catch-up would have by the close (their jobs
  // wait in Redis for the demo's workers too; evaluating again changes nothing).
  const judged = await evaluateOpenSpotChecks(db, closeAt ?? now);
  log(`Demo spot checks of ${lastMonth}: ${judged.evaluated} customers' findings evaluated.`);
  await seedVisits(db, visitsOf, o);
  await seedPlans(db, demo, o, 'thisAndNext');
  if (closeAt) {
    await seedClose({ ...staff, now: () => closeAt }, lastMonth, log);
    await seedDisputes(db, { ...o, closeAt });
  } else log(`Demo close of ${lastMonth}: too early in ${month} — the month is left open.`);
  // This month's visits are sampled by the catch-up now (last month's were as they were filed).
  const sampled = await sampleMonth(db, month, { now, timeZone: tz });
  log(`Demo sampling ${month}: ${sampled.decided} visits decided, ${sampled.callbacksCreated} callbacks created.`);
  await seedSpotChecks(db, o);
  // Staff's first look at the queue page shows a real audit of what was just seeded.
  const audit = await auditIntegrity({ ctx: staff, input: { trigger: 'cli' } });
  log(`Integrity audit of the demo: ${audit.clean ? 'clean' : `${audit.problemCount} problem(s) — see the queue page`}.`);
  return { month };
}

/** The note of the demo's calling-rules version: the calling-rules page shows it. */
export const DEMO_CALLING_NOTE = '演示：全天可呼';
const DEMO_CALLS_PER_SECOND = 20;

/**
 * A newcomer tries the desk whenever they start the demo, at 03:50 as at 10:00: the demo's calling
 * rules are open around the clock, every day, from the first demo month — saved as a version staff
 * see (and can replace) on the calling-rules page. Real installs never get it: they keep the
 * shipped defaults (09–12, 14–18, Monday–Friday). Only when no calling version exists yet.
 */
async function seedDemoCallingHours({ ctx, from, log }: { ctx: Ctx; from: string; log: (line: string) => void }) {
  const existing = await listPolicyVersions(ctx.db, 'calling');
  if (existing.length > 0) {
    log(`Calling rules: ${existing.length} version(s) already there.`);
    return;
  }
  const { defaults } = policyDefinitions.calling;
  await savePolicyVersion({
    ctx,
    input: {
      key: 'calling',
      effectiveFrom: from,
      // The demo's line is the local Twilio emulator: it takes the seed's month of calls at 20 a
      // second (a real line's rate is the provider account's, set by staff).
      value: { ...defaults, windows: [{ start: '00:00', end: '24:00' }], weekdays: [1, 2, 3, 4, 5, 6, 7], callsPerSecond: DEMO_CALLS_PER_SECOND },
      note: DEMO_CALLING_NOTE,
    },
  });
  log(`Calling rules: demo version "${DEMO_CALLING_NOTE}" from ${from} (00:00–24:00, every day, ${DEMO_CALLS_PER_SECOND} calls a second).`);
}

interface StageOptions {
  now: Date;
  tz: string;
  month: string;
  byName: Map<string, typeof users.$inferSelect>;
  log: (line: string) => void;
}

/** One customer of mgr01 passes to mgr02 on the 15th of last month (a manager changing post). */
async function seedReassignment(db: Db, demo: DemoCustomer[], o: StageOptions) {
  const moving = demo.find((c) => c.manager === 'mgr01' && c.class === 'B') ?? demo.find((c) => c.manager === 'mgr01')!;
  const [customer] = await db.select().from(customers).where(eq(customers.groupCode, moving.groupCode));
  const mgr02 = o.byName.get('mgr02')!;
  const history = await claimRows(db, customer.id);
  if (history.some((c) => c.managerId === mgr02.id)) return;
  const lastMonth = shiftMonth(o.month, -1);
  const decidedAt = parseLocalDateTime(`${lastMonth}-14 10:00`, o.tz)!;
  await reassignCustomer({
    ctx: { db, actor: actorOf(o.byName.get('staff1')!), now: () => decidedAt },
    input: { customerId: customer.id, managerId: mgr02.id, effectiveFrom: `${lastMonth}-15T00:00`, note: '客户经理岗位调整（演示数据）' },
  });
  o.log(`Demo claim: ${moving.name} moves from mgr01 to mgr02 on ${lastMonth}-15.`);
}

/** A month's demo visit reports already filed (by the demo's managers). */
async function filedVisits(db: Db, month: string, tz: string): Promise<number> {
  const { start, end } = monthRange(month, tz);
  const managers = DEMO_ACCOUNTS.filter((a) => a.role === 'manager').map((a) => a.username);
  const [{ n }] = await db
    .select({ n: count() })
    .from(visitReports)
    .innerJoin(users, eq(users.id, visitReports.managerId))
    .where(and(inArray(users.username, managers), gte(visitReports.visitedAt, start), lt(visitReports.visitedAt, end)));
  return n;
}

/** The visit filings of both months, planned once and only when a month still needs them. */
function lazyVisitFilings(db: Db, demo: DemoCustomer[], o: StageOptions): (month: string) => Promise<VisitFiling[]> {
  let planned: Promise<VisitFiling[]> | undefined;
  return async (month) => (await (planned ??= planDemoVisits(db, demo, o))).filter((f) => f.month === month);
}

/**
 * When the department closes last month: on the 2nd at 17:00 — or, when the demo is seeded
 * before that, as late as the seed allows: more than a day before now, since the emulator stamps
 * its webhooks with the real time and the app trusts that stamp within a day of its own clock.
 * Null when that is not after the month's end (the month is left open).
 */
export function pastMonthCloseAt(month: string, tz: string, now: Date): Date | null {
  const onTheSecond = parseLocalDateTime(`${month}-02 17:00`, tz)!;
  const at = new Date(Math.min(onTheSecond.getTime(), now.getTime() - 26 * 3600_000));
  return at.getTime() > monthRange(month, tz).start.getTime() + 6 * 3600_000 ? at : null;
}

/**
 * Last month, filed and worked in time order (past-month.ts) in a process of its own, where the
 * telephony is the Twilio emulator that process starts (past-month-process.ts). Only on a fresh
 * demo: once last month has visits, it is left as it is.
 */
async function seedPastMonth(db: Db, visitsOf: (month: string) => Promise<VisitFiling[]>, o: StageOptions & { closeAt: Date | null; databaseUrl: string }) {
  const month = shiftMonth(o.month, -1);
  const existing = await filedVisits(db, month, o.tz);
  if (existing > 0) {
    o.log(`Demo ${month}: ${existing} visit reports already there.`);
    return;
  }
  const closeAt = o.closeAt ?? new Date(o.now.getTime() - 26 * 3600_000);
  const plan: PastMonthPlan = { month, closeAt: closeAt.toISOString(), filings: await visitsOf(month) };
  const summary = await runPastMonthProcess(plan, o.databaseUrl, o.log);
  const stories = Object.entries(summary.stories).map(([story, n]) => `${story} ${n}`).join(', ');
  o.log(
    `Demo ${month}: ${summary.filed} visit reports filed, sampled each half-day as they came in; the agents placed ${summary.calls} calls through the Twilio emulator, ` +
      `${summary.reached} answered (${stories}); callbacks now ${Object.entries(summary.states).map(([state, n]) => `${state} ${n}`).join(', ')} ` +
      `(${Math.round(summary.seconds.filing)} s filing, ${Math.round(summary.seconds.due)} s timers, ${Math.round(summary.seconds.desk)} s at the desk).`,
  );
}

function runPastMonthProcess(plan: PastMonthPlan, databaseUrl: string, log: (line: string) => void): Promise<PastMonthSummary> {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'past-month-process.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL === 'silent' ? 'silent' : 'warn' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify(plan));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.split('\n');
      for (const l of lines) if (l && !l.startsWith('summary ')) log(l);
      const line = lines.find((l) => l.startsWith('summary '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('summary '.length)) as PastMonthSummary);
      else reject(new Error(`the demo's last month was not worked (exit ${code}): ${out.slice(-2000)}`));
    });
  });
}

/** This month's visit reports, each filed with the clock at its filing (so some are late). */
async function seedVisits(db: Db, visitsOf: (month: string) => Promise<VisitFiling[]>, o: StageOptions) {
  const existing = await filedVisits(db, o.month, o.tz);
  if (existing > 0) {
    o.log(`Demo visit reports of ${o.month}: ${existing} already there.`);
    return;
  }
  const usersById = new Map([...o.byName.values()].map((u) => [u.id, u]));
  let late = 0;
  const filings = await visitsOf(o.month);
  for (const f of filings) if ((await fileDemoVisit(db, f, usersById)).late) late++;
  o.log(`Demo visit reports of ${o.month}: ${filings.length} filed (${late} late).`);
}

/** Staff close last month with the product's close (月结), as the department does on the 2nd. */
async function seedClose(staff: Ctx, month: string, log: (line: string) => void) {
  const [closed] = await staff.db.select({ version: monthCloses.version }).from(monthCloses).where(eq(monthCloses.month, month)).limit(1);
  if (closed) {
    log(`Demo close of ${month}: already closed.`);
    return;
  }
  const r = await closeMonth({ ctx: staff, input: { month } });
  log(`Demo close of ${month}: version ${r.version}, ${r.managers} managers — ${r.totals.valid} valid, ${r.totals.invalid} invalid, ${r.totals.unverified} unverified.`);
}

/**
 * Two managers contest an invalid verdict of last month after the close (a callback's), from two
 * units: one decided — upheld, the verdict stands — and one still waiting for the department.
 */
async function seedDisputes(db: Db, o: StageOptions & { closeAt: Date }) {
  const month = shiftMonth(o.month, -1);
  const [{ n }] = await db.select({ n: count() }).from(disputes).where(eq(disputes.month, month));
  if (n > 0) {
    o.log(`Demo disputes of ${month}: ${n} already there.`);
    return;
  }
  // The first visit (by time) of U02 and of U03 whose verdict in force is invalid on its callback.
  const candidates = (await db.execute(sql`
    select distinct on (u.unit_id) v.visit_id as "visitId", u.username
      from visit_verdicts v
      join users u on u.id = v.manager_id
      join units un on un.id = u.unit_id
      join visit_reports r on r.id = v.visit_id
      join callback_tasks t on t.visit_id = v.visit_id and t.origin = 'sampled' and t.result = 'invalid'
     where v.month = ${month} and v.status = 'invalid' and un.code in ('U02', 'U03')
       and v.version = (select max(x.version) from visit_verdicts x where x.visit_id = v.visit_id)
     order by u.unit_id, r.visited_at, r.id`)) as unknown as { visitId: string; username: string }[];
  const at = (hours: number): Ctx['now'] => () => new Date(o.closeAt.getTime() + hours * 3600_000);
  const as = (username: string, hours: number): Ctx => ({ db, actor: actorOf(o.byName.get(username)!), now: at(hours) });
  const reasons = [
    '当天确实上门拜访了该客户，与对方当面沟通了专线续约事项，回访时客户可能记错了时间，请复核。',
    '拜访属实，当天还留有会议纪要和签到记录，客户接电话时正在外出，回答可能不准确，申请复核。',
  ];
  for (const [i, c] of candidates.slice(0, 2).entries()) {
    const { disputeId } = await fileDispute({ ctx: as(c.username, 2 + i), input: { visitId: c.visitId, subject: 'verdict', reason: reasons[i], attachments: [] } });
    if (i > 0) continue;
    await startReview({ ctx: as('staff2', 18), input: { disputeId } });
    await decideDispute({ ctx: as('staff2', 20), input: { disputeId, decision: 'upheld', comment: '经复核回访记录，客户明确表示当月未接待客户经理拜访，维持原判。' } });
  }
  o.log(`Demo disputes of ${month}: ${Math.min(2, candidates.length)} filed (${candidates.length > 0 ? 'one upheld by staff2, ' : ''}the other open).`);
}

/**
 * Plans: last month's approved for every manager (their days are spot-checked while last month is
 * worked), this month's approved, next month's in every state of the approval flow. This month's
 * plans name a customer for yesterday and today (as days of this month), so the day's 电话抽查
 * has someone to call whenever the demo starts. Each month is made once.
 */
async function seedPlans(db: Db, demo: DemoCustomer[], o: StageOptions, which: 'lastMonth' | 'thisAndNext') {
  const months = which === 'lastMonth' ? [shiftMonth(o.month, -1)] : [o.month, shiftMonth(o.month, 1)];
  const [{ existing }] = await db.select({ existing: count() }).from(visitPlans).where(inArray(visitPlans.month, months));
  if (existing > 0) {
    o.log(`Demo visit plans of ${months.join(', ')}: ${existing} already there.`);
    return;
  }
  const rng = prng(which === 'lastMonth' ? 778 : 777);
  const customerByCode = new Map((await db.select().from(customers).where(inArray(customers.groupCode, demo.map((c) => c.groupCode)))).map((c) => [c.groupCode, c]));
  const ctxOf = (username: string, at: Date): Ctx => ({ db, actor: actorOf(o.byName.get(username)!), now: () => at });
  const supervisorOf = (unit: string) => (unit === 'U01' ? 'sup1' : unit === 'U02' ? 'sup2' : 'staff1');
  const nextMonth = shiftMonth(o.month, 1);
  const today = dayOf(o.now, o.tz);
  const yesterday = dayOf(new Date(o.now.getTime() - 86_400_000), o.tz);
  const scenarios: { username: string; month: string; outcome: 'draft' | 'submitted' | 'approved' | 'rejected' }[] = [];
  for (const a of DEMO_ACCOUNTS.filter((x) => x.role === 'manager')) {
    if (which === 'lastMonth') {
      scenarios.push({ username: a.username, month: months[0], outcome: 'approved' });
      continue;
    }
    scenarios.push({ username: a.username, month: o.month, outcome: 'approved' });
    const n = Number(a.username.slice(3));
    scenarios.push({ username: a.username, month: nextMonth, outcome: n % 4 === 1 ? 'submitted' : n % 4 === 2 ? 'approved' : n % 4 === 3 ? 'rejected' : 'draft' });
  }
  for (const s of scenarios) {
    const account = DEMO_ACCOUNTS.find((a) => a.username === s.username)!;
    const { start } = monthRange(s.month, o.tz);
    // Plans are made at the start of their month (last month's, then; this month's by now at the latest), or now for next month's.
    const madeAt = s.month === nextMonth ? o.now : new Date(Math.min(start.getTime() + 9 * 3600_000, o.now.getTime()));
    const managerId = o.byName.get(s.username)!.id;
    // Who never goes where they planned has more planned days to be caught on (some days' checks
    // go unasked past their deadline, some customers cannot be reached).
    const absent = ABSENT_MANAGERS.includes(s.username) && which === 'lastMonth';
    const size = absent ? 12 : 6;
    const candidates = demo.filter((c) => c.manager === s.username && (absent || c.class === 'A' || c.class === 'B' || rng.chance(0.2)));
    const mine: DemoCustomer[] = [];
    // Only customers the manager claims on every day a visit may be planned (one changes hands mid last month).
    const claimedThrough = async (id: string) => (await claimantAt(db, id, o.now)) === managerId && (which === 'thisAndNext' || (await claimantAt(db, id, madeAt)) === managerId);
    for (const c of candidates) {
      if (mine.length < size && (await claimedThrough(customerByCode.get(c.groupCode)!.id))) mine.push(c);
    }
    const days = pastWorkingDays(s.month, o.tz, monthRange(s.month, o.tz).end);
    const fixedDays = s.month === o.month ? [yesterday, today].filter((d) => d.startsWith(o.month)) : [];
    const items = mine.map((c, i) => ({
      customerId: customerByCode.get(c.groupCode)!.id,
      contactName: c.contacts[0].name,
      contactPhone: c.contacts[0].phone,
      plannedAt: `${fixedDays[i] ?? rng.pick(days)}T${String(rng.int(9, 16)).padStart(2, '0')}:30`,
      place: c.class === 'A' || c.class === 'B' ? c.address : '电话沟通',
      purpose: rng.pick(VISIT_PURPOSES),
    }));
    const ctx = ctxOf(s.username, madeAt);
    const plan = await getOrCreateDraftPlan({ ctx, input: { month: s.month } });
    await savePlanItems({ ctx, input: { planId: plan.id, items } });
    if (s.outcome === 'draft') continue;
    await submitPlan({ ctx, input: { planId: plan.id } });
    if (s.outcome === 'submitted') continue;
    const reviewer = ctxOf(supervisorOf(account.unit!), new Date(Math.min(madeAt.getTime() + 3600_000, o.now.getTime())));
    await reviewPlan({
      ctx: reviewer,
      input: s.outcome === 'approved' ? { planId: plan.id, decision: 'approve' } : { planId: plan.id, decision: 'reject', comment: '拜访目的过于笼统，请写明具体事项，并补充财务负责人的拜访安排。' },
    });
  }
  o.log(`Demo visit plans of ${months.join(', ')}: ${scenarios.length} made.`);
}

/**
 * 电话抽查 of yesterday and today (days of this month), drawn by the product's selection as the
 * worker does each morning: their callbacks wait in the queue for the agents (spot checks go
 * first). Yesterday's may be due now; today's become due an hour after each planned time.
 * Last month's were drawn and worked as last month was lived (past-month.ts).
 */
async function seedSpotChecks(db: Db, o: StageOptions) {
  const today = dayOf(o.now, o.tz);
  const yesterday = dayOf(new Date(o.now.getTime() - 86_400_000), o.tz);
  const lines: string[] = [];
  for (const day of [yesterday, today].filter((d) => d.startsWith(o.month))) {
    const morning = parseLocalDateTime(`${day} 08:15`, o.tz)!;
    const selection = await selectSpotChecks(db, { day, now: new Date(Math.min(morning.getTime(), o.now.getTime())) });
    lines.push(`${day}: ${selection.selections.filter((m) => m.selected).length} managers, ${selection.created} callbacks`);
  }
  o.log(`Demo spot checks (电话抽查) of ${o.month}: ${lines.join('; ') || 'none (the month has just begun)'}.`);
}
