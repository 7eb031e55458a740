import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TZDate } from '@date-fns/tz';
import { count, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contacts, customers, units, users, visitPlans, visitReports } from '@/db/schema';
import { env } from '@/lib/config/env';
import type { Actor, Ctx, Role } from '@/lib/core/context';
import { runImportInline } from '@/lib/imports/imports';
import { auditIntegrity } from '@/lib/integrity/audit';
import { createUnit } from '@/lib/org/units';
import { reassignCustomer } from '@/lib/claims/claims';
import { claimantAt, claimRows } from '@/lib/claims/queries';
import { getOrCreateDraftPlan, reviewPlan, savePlanItems, submitPlan } from '@/lib/plans/commands';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { policyDefinitions } from '@/lib/policy/definitions';
import { listPolicyVersions, savePolicyVersion } from '@/lib/policy/policies';
import { dayOf, monthOf, monthRange, parseLocalDateTime, shiftMonth } from '@/lib/time/zone';
import { normalizePhone } from '@/lib/users/phone';
import { sampleMonth } from '@/lib/sampling/sample';
import { createVisitReport } from '@/lib/visits/visits';
import { systemActor } from '@/lib/users/system-user';
import { createUser } from '@/lib/users/users';
import { customersCsv, DEMO_UNITS, demoCustomers, demoVisits, prng, VISIT_PURPOSES, visitSummary, type DemoCustomer } from './data';

export const DEMO_PASSWORD = 'huifang-demo';

interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  unit?: string;
  phone?: string;
  description: string;
}

const MANAGER_NAMES = ['陈志强', '李海燕', '王建华', '张晓东', '刘思远', '黄雅婷', '周国庆', '吴文博', '徐静', '孙磊', '马丽', '朱涛'];

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', description: 'admin — users, roles, units' },
  { username: 'staff1', displayName: '林晓岚', role: 'staff', description: 'staff — customer department (集团客户部)' },
  { username: 'staff2', displayName: '郑凯', role: 'staff', description: 'staff — customer department (集团客户部)' },
  { username: 'sup1', displayName: '赵建国', role: 'supervisor', unit: 'U01', description: 'supervisor — 城区营销中心' },
  { username: 'sup2', displayName: '钱卫东', role: 'supervisor', unit: 'U02', description: 'supervisor — 东部营销中心' },
  ...MANAGER_NAMES.map((name, i) => ({
    username: `mgr${String(i + 1).padStart(2, '0')}`,
    displayName: name,
    role: 'manager' as const,
    unit: DEMO_UNITS[Math.floor(i / 4)].code,
    phone: `1390000${String(1000 + i).padStart(4, '0')}`,
    description: `manager — ${DEMO_UNITS[Math.floor(i / 4)].name}`,
  })),
  ...['何雨', '罗佳', '宋佩', '唐宁'].map((name, i) => ({
    username: `agent${i + 1}`,
    displayName: name,
    role: 'agent' as const,
    phone: `1370000${String(2000 + i).padStart(4, '0')}`,
    description: 'agent — callback agent (外呼坐席)',
  })),
];

const asActor = (u: typeof users.$inferSelect): Actor => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId });

/**
 * Seeds the demo through the product's own verbs (units, users, the customer import, visit
 * reports, plans) — the same code paths people use. Idempotent: what exists is left alone.
 */
export async function seedDemo(db: Db, options: { log: (line: string) => void; now?: Date }) {
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
  const staff = { db, actor: asActor(byName.get('staff1')!), now: () => now };

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

  await seedDemoCallingHours({ ctx: staff, from: dayOf(monthRange(shiftMonth(month, -1), tz).start, tz), log });
  await seedReassignment(db, demo, { now, tz, month, byName, log });
  await seedVisits(db, demo, { now, tz, month, byName, log });
  await seedPlans(db, demo, { now, tz, month, byName, log });
  await seedSampling(db, { now, tz, month, byName, log });
  // Staff's first look at the queue page shows a real audit of what was just seeded.
  const audit = await auditIntegrity({ ctx: staff, input: { trigger: 'cli' } });
  log(`Integrity audit of the demo: ${audit.clean ? 'clean' : `${audit.problemCount} problem(s) — see the queue page`}.`);
  return { month };
}

/** The note of the demo's calling-rules version: the calling-rules page shows it. */
export const DEMO_CALLING_NOTE = '演示：全天可呼';

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
    input: { key: 'calling', effectiveFrom: from, value: { ...defaults, windows: [{ start: '00:00', end: '24:00' }], weekdays: [1, 2, 3, 4, 5, 6, 7] }, note: DEMO_CALLING_NOTE },
  });
  log(`Calling rules: demo version "${DEMO_CALLING_NOTE}" from ${from} (00:00–24:00, every day).`);
}

/**
 * Sampling of the seeded months through the batch verb, as the daily catch-up would run it, so
 * the demo has a real callback queue for the agents. Idempotent: a visit is decided once, ever.
 */
async function seedSampling(db: Db, o: StageOptions) {
  for (const m of [shiftMonth(o.month, -1), o.month]) {
    const r = await sampleMonth(db, m, { now: o.now, timeZone: o.tz });
    o.log(`Demo sampling ${m}: ${r.decided} visits decided, ${r.callbacksCreated} callbacks created.`);
  }
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
    ctx: { db, actor: asActor(o.byName.get('staff1')!), now: () => decidedAt },
    input: { customerId: customer.id, managerId: mgr02.id, effectiveFrom: `${lastMonth}-15T00:00`, note: '客户经理岗位调整（演示数据）' },
  });
  o.log(`Demo claim: ${moving.name} moves from mgr01 to mgr02 on ${lastMonth}-15.`);
}

/** Working days (Mon–Fri) of a month, 'YYYY-MM-DD', that are over by `now`. */
function pastWorkingDays(month: string, tz: string, now: Date): string[] {
  const { start, end } = monthRange(month, tz);
  const days: string[] = [];
  for (let d = new TZDate(start.getTime(), tz); d.getTime() < end.getTime(); d = new TZDate(d.getFullYear(), d.getMonth(), d.getDate() + 1, tz)) {
    const weekday = d.getDay();
    if (weekday === 0 || weekday === 6) continue;
    if (d.getTime() + 18 * 3600_000 > now.getTime()) break;
    days.push(dayOf(new Date(d.getTime()), tz));
  }
  return days;
}

/**
 * Two months of visit reports, filed by each manager through the same verb as the report form,
 * with the clock set to when the report was filed (so some are late, as they would be).
 */
async function seedVisits(db: Db, demo: DemoCustomer[], o: StageOptions) {
  const demoManagerIds = DEMO_ACCOUNTS.filter((a) => a.role === 'manager').map((a) => o.byName.get(a.username)!.id);
  const [{ existing }] = await db.select({ existing: count() }).from(visitReports).where(inArray(visitReports.managerId, demoManagerIds));
  if (existing > 0) {
    o.log(`Demo visit reports: ${existing} already there.`);
    return;
  }
  const rng = prng(4242);
  const visits = demoVisits(demo, [pastWorkingDays(shiftMonth(o.month, -1), o.tz, o.now), pastWorkingDays(o.month, o.tz, o.now)], rng, 'mgr03');
  const customerRows = await db.select().from(customers).where(inArray(customers.groupCode, demo.map((c) => c.groupCode)));
  const customerByCode = new Map(customerRows.map((c) => [c.groupCode, c]));
  const contactRows = await db.select().from(contacts).where(inArray(contacts.customerId, customerRows.map((c) => c.id)));
  const contactId = new Map(contactRows.map((c) => [`${c.customerId}|${c.name}|${c.phone}`, c.id]));
  const demoByCode = new Map(demo.map((c) => [c.groupCode, c]));
  const usersById = new Map([...o.byName.values()].map((u) => [u.id, u]));
  let filed = 0;
  let late = 0;
  for (const v of visits) {
    const customer = customerByCode.get(v.groupCode)!;
    const visitedAt = parseLocalDateTime(v.visitedAt, o.tz)!;
    // Whoever claimed the customer at the visit files it (one customer changes hands mid-month).
    const claimant = await claimantAt(db, customer.id, visitedAt);
    if (!claimant) continue;
    const manager = usersById.get(claimant)!;
    const reportedAt = new Date(Math.min(visitedAt.getTime() + v.reportAfterHours * 3600_000, o.now.getTime() - 60_000));
    const people = demoByCode.get(v.groupCode)!.contacts;
    const ids = v.contactIndexes.map((i) => contactId.get(`${customer.id}|${people[i].name}|${normalizePhone(people[i].phone)}`)!);
    // GPS check-ins near the customer, now and then far away (a data-check finding later).
    const far = rng.chance(0.1) ? 0.02 : 0.001;
    const result = await createVisitReport({
      ctx: { db, actor: asActor(manager), now: () => reportedAt },
      input: {
        customerId: customer.id,
        contactIds: ids,
        newContacts: [],
        type: v.type,
        visitedAt: v.visitedAt,
        checkInMethod: v.checkIn,
        checkInLatitude: v.checkIn === 'gps' ? (customer.latitude ?? 22.6) + (rng.next() - 0.5) * far : null,
        checkInLongitude: v.checkIn === 'gps' ? (customer.longitude ?? 114) + (rng.next() - 0.5) * far : null,
        purpose: v.purpose,
        summary: visitSummary(rng),
      },
    });
    filed++;
    if (result.late) late++;
  }
  o.log(`Demo visit reports: ${filed} filed (${late} late).`);
}

/** Plans: last and this month approved; next month in every state of the approval flow. */
async function seedPlans(db: Db, demo: DemoCustomer[], o: StageOptions) {
  const [{ existing }] = await db.select({ existing: count() }).from(visitPlans);
  if (existing > 0) {
    o.log(`Demo visit plans: ${existing} already there.`);
    return;
  }
  const rng = prng(777);
  const customerByCode = new Map((await db.select().from(customers).where(inArray(customers.groupCode, demo.map((c) => c.groupCode)))).map((c) => [c.groupCode, c]));
  const ctxOf = (username: string, at: Date): Ctx => ({ db, actor: asActor(o.byName.get(username)!), now: () => at });
  const supervisorOf = (unit: string) => (unit === 'U01' ? 'sup1' : unit === 'U02' ? 'sup2' : 'staff1');
  const nextMonth = shiftMonth(o.month, 1);
  const scenarios: { username: string; month: string; outcome: 'draft' | 'submitted' | 'approved' | 'rejected' }[] = [];
  for (const a of DEMO_ACCOUNTS.filter((x) => x.role === 'manager')) {
    scenarios.push({ username: a.username, month: o.month, outcome: 'approved' });
    const n = Number(a.username.slice(3));
    scenarios.push({ username: a.username, month: nextMonth, outcome: n % 4 === 1 ? 'submitted' : n % 4 === 2 ? 'approved' : n % 4 === 3 ? 'rejected' : 'draft' });
  }
  for (const s of scenarios) {
    const account = DEMO_ACCOUNTS.find((a) => a.username === s.username)!;
    const { start } = monthRange(s.month, o.tz);
    // Plans are made at the start of their month, or now for next month's.
    const madeAt = s.month === o.month ? new Date(Math.min(start.getTime() + 9 * 3600_000, o.now.getTime())) : o.now;
    const managerId = o.byName.get(s.username)!.id;
    const candidates = demo.filter((c) => c.manager === s.username && (c.class === 'A' || c.class === 'B' || rng.chance(0.2)));
    const mine: DemoCustomer[] = [];
    for (const c of candidates) {
      if (mine.length < 6 && (await claimantAt(db, customerByCode.get(c.groupCode)!.id, o.now)) === managerId) mine.push(c);
    }
    const days = pastWorkingDays(s.month, o.tz, monthRange(s.month, o.tz).end);
    const items = mine.map((c) => ({
      customerId: customerByCode.get(c.groupCode)!.id,
      contactName: c.contacts[0].name,
      contactPhone: c.contacts[0].phone,
      plannedAt: `${rng.pick(days)}T${String(rng.int(9, 16)).padStart(2, '0')}:30`,
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
  o.log(`Demo visit plans: ${scenarios.length} made.`);
}
