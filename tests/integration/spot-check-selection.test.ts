import { spawn } from 'node:child_process';
import { asc, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackTasks, spotCheckItems, spotChecks, visitPlanItems, visitPlans } from '@/db/schema';
import { ValidationError } from '@/lib/platform/core/errors';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { savePolicyVersion } from '@/lib/policy/policies';
import { at, local } from '@/lib/calling/test-support';
import { selectSpotChecks, selectTodaysSpotChecks } from '@/lib/spot-checks/select';
import { SPOT_CHECK_REASONS as R, spotCheckDraw } from '@/lib/spot-checks/selection-rules';
import { emptyQueuesForEachTest, pendingTimerIds } from '../support/callbacks';
import { ctxAs, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

// 2026-11-23 is a Monday; 2026-11-28 a Saturday. Calling hours are the shipped ones (09–12, 14–18,
// Monday–Friday), the report deadline 24 hours.
const DAY = '2026-11-23';
const SEED = policyDefinitions.spotCheck.defaults.seed;

emptyQueuesForEachTest();
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

type Status = 'draft' | 'submitted' | 'approved' | 'rejected';

/** A unit with managers, each with a plan of the month in a status and items planned at local times ('YYYY-MM-DD HH:mm'). */
async function makeWorld() {
  const unit = await makeUnit(db);
  const staff = await makeUser(db, 'staff');
  let n = 0;
  const customer = async (withPhone = true) => {
    const c = await makeCustomer(db, unit.id, { class: (['A', 'B', 'C', 'D'] as const)[n++ % 4] });
    const contact = withPhone ? await makeContact(db, c.id) : null;
    return { ...c, contact };
  };
  const manager = async (username: string, status: Status, planned: { customer: Awaited<ReturnType<typeof customer>>; at: string }[]) => {
    const m = await makeUser(db, 'manager', { username, unitId: unit.id });
    if (planned.length > 0) {
      const [plan] = await db.insert(visitPlans).values({ managerId: m.id, unitId: unit.id, month: planned[0].at.slice(0, 7), status }).returning();
      await db.insert(visitPlanItems).values(
        planned.map((p, i) => ({
          planId: plan.id,
          customerId: p.customer.id,
          contactId: p.customer.contact?.id ?? null,
          plannedAt: at(p.at),
          place: '客户办公室',
          purpose: '走访了解需求',
          contactName: p.customer.contact?.name ?? '某联系人',
          contactPhone: '13800000000',
          position: i,
        })),
      );
    }
    return m;
  };
  return { unit, staff, customer, manager };
}

async function savePolicy(staff: Awaited<ReturnType<typeof makeUser>>, key: 'spotCheck' | 'calling', value: object) {
  await savePolicyVersion({ ctx: ctxAs(db, staff), input: { key, effectiveFrom: '2020-01-01', value } });
}

const spotCheckPolicy = (p: Partial<PolicyValue<'spotCheck'>>) => ({ ...policyDefinitions.spotCheck.defaults, ...p });

async function counts() {
  const [row] = (await db.execute(sql`select
      (select count(*)::int from spot_checks) as checks,
      (select count(*)::int from spot_check_items) as items,
      (select count(*)::int from callback_tasks) as tasks,
      (select count(*)::int from audit_log where action = 'spotChecks.selected') as audits`)) as unknown as { checks: number; items: number; tasks: number; audits: number }[];
  return row;
}

/** What a selection says, without the ids of the moment: managers, customers and draws. */
const shape = (s: Awaited<ReturnType<typeof selectSpotChecks>>) =>
  s.selections.map((m) => ({ manager: m.manager, selected: m.selected, draw: m.draw, reasonCode: m.reasonCode, customers: m.customers.map((c) => [c.code, c.draw, c.reasonCode]) }));

describe('a working day’s selection', () => {
  it('draws the same managers, customers and draws every time, and running again creates nothing', async () => {
    const w = await makeWorld();
    const many = await Promise.all(Array.from({ length: 7 }, () => w.customer()));
    const few = await Promise.all(Array.from({ length: 2 }, () => w.customer()));
    const busy = await w.manager('busy', 'approved', many.map((c, i) => ({ customer: c, at: `${DAY} ${String(9 + i).padStart(2, '0')}:00` })));
    const light = await w.manager('light', 'approved', [
      { customer: few[0], at: `${DAY} 09:30` },
      { customer: few[1], at: `${DAY} 10:30` },
      // The same customer again in the afternoon: one customer, called after the later visit.
      { customer: few[0], at: `${DAY} 15:00` },
    ]);

    const first = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 08:15`) });
    expect(first).toMatchObject({ day: DAY, dryRun: false, policyVersion: 0, created: 7 });
    expect(first.skipped).toBeUndefined();
    expect(first.selections.map((s) => [s.manager, s.selected, s.customers.length, s.stored])).toEqual([
      ['busy', true, 5, false],
      ['light', true, 2, false],
    ]);
    // The draws are the documented function of seed, day and id.
    const b = first.selections[0];
    expect(b.draw).toBe(spotCheckDraw(SEED, DAY, busy.id));
    const items = await db.select().from(visitPlanItems).orderBy(asc(visitPlanItems.plannedAt));
    const busyDraws = items.filter((i) => many.some((c) => c.id === i.customerId)).map((i) => spotCheckDraw(SEED, DAY, i.id));
    expect(b.customers.map((c) => c.draw)).toEqual([...busyDraws].sort((x, y) => x - y).slice(0, 5));
    const l = first.selections[1];
    expect(l.managerId).toBe(light.id);
    expect(l.customers.map((c) => c.code).sort()).toEqual(few.map((c) => c.groupCode).sort());
    expect(local(l.customers.find((c) => c.code === few[0].groupCode)!.plannedAt)).toBe(`${DAY} 15:00`);

    const before = await counts();
    expect(before).toEqual({ checks: 2, items: 7, tasks: 7, audits: 1 });
    const again = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 09:00`) });
    expect(again.created).toBe(0);
    expect(again.selections.every((s) => s.stored)).toBe(true);
    expect(shape(again)).toEqual(shape(first));
    expect(await counts()).toEqual(before);
  });

  it('stores every decision with its draw and reason, in words for people', async () => {
    const w = await makeWorld();
    const customers = await Promise.all(Array.from({ length: 6 }, () => w.customer()));
    const m = await w.manager('m1', 'approved', customers.map((c, i) => ({ customer: c, at: `${DAY} ${String(9 + i).padStart(2, '0')}:10` })));
    const selection = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 08:15`) });

    const [check] = await db.select().from(spotChecks).where(eq(spotChecks.managerId, m.id));
    expect(check).toMatchObject({ day: DAY, month: '2026-11', unitId: w.unit.id, policyVersion: 0, selected: true, reasonCode: R.allManagers, result: null });
    expect(check.draw).toBe(spotCheckDraw(SEED, DAY, m.id));
    const items = await db.select().from(spotCheckItems).where(eq(spotCheckItems.spotCheckId, check.id)).orderBy(asc(spotCheckItems.draw));
    expect(items.map((i) => [i.reasonCode, i.reasonParams.rank, i.reasonParams.of, i.reasonParams.pick])).toEqual([1, 2, 3, 4, 5].map((k) => [R.customerDrawn, k, 6, 5]));
    expect(items.every((i) => i.finding === null && i.contactId !== null)).toBe(true);
    expect(selection.selections[0].reason).toMatch(/^规则为每天抽查全部有已审批计划的客户经理（抽签值 0\.\d{4}）$/);
    expect(selection.selections[0].customers[1].reason).toMatch(/^当天可抽查客户 6 户，抽签值 0\.\d{4} 排第 2，抽取前 5 户$/);

    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'spotChecks.selected'));
    expect(audit).toMatchObject({ entityType: 'spot_check_day', entityId: DAY, actorId: null });
    expect(audit.after).toMatchObject({ day: DAY, managersDecided: 1, managersSelected: 1, customers: 5, callbacksCreated: 5 });
  });

  it('leaves out a manager without an approved plan item that day: none, a draft, a submitted or a rejected plan, another day', async () => {
    const w = await makeWorld();
    const c = await w.customer();
    await w.manager('approved', 'approved', [{ customer: c, at: `${DAY} 10:00` }]);
    await w.manager('draft', 'draft', [{ customer: c, at: `${DAY} 10:00` }]);
    await w.manager('submitted', 'submitted', [{ customer: c, at: `${DAY} 10:00` }]);
    await w.manager('rejected', 'rejected', [{ customer: c, at: `${DAY} 10:00` }]);
    await w.manager('tomorrow', 'approved', [{ customer: c, at: '2026-11-24 10:00' }]);
    // Just after local midnight of the next day (16:00 UTC): not the day.
    await w.manager('midnight', 'approved', [{ customer: c, at: '2026-11-24 00:00' }]);
    await w.manager('noplan', 'approved', []);
    const selection = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 08:15`) });
    expect(selection.selections.map((s) => s.manager)).toEqual(['approved']);
    expect((await db.select({ id: spotChecks.id }).from(spotChecks)).length).toBe(1);
  });

  it('checks a share of managers, weighted towards those with findings in the window', async () => {
    const w = await makeWorld();
    const c = await w.customer();
    const names = Array.from({ length: 8 }, (_, i) => `m${i + 1}`);
    const managers = [];
    for (const name of names) managers.push(await w.manager(name, 'approved', [{ customer: c, at: `${DAY} 10:00` }]));
    const draws = managers.map((m) => spotCheckDraw(SEED, DAY, m.id));
    // The manager with the highest draw had findings: a share of 3/4 of that draw checks them only weighted.
    const failing = draws.indexOf(Math.max(...draws));
    const share = Math.floor(draws[failing] * 0.75 * 10_000) / 10_000;
    await savePolicy(w.staff, 'spotCheck', spotCheckPolicy({ managerSelection: 'share', managerShare: share, failureWeight: 2, flagWindowDays: 90 }));
    // Findings 30 days before (in the window) for the failing one; 120 days before (outside) for another.
    const other = (failing + 1) % managers.length;
    await db.insert(spotChecks).values([
      { day: '2026-10-24', month: '2026-10', managerId: managers[failing].id, policyVersion: 1, draw: 0.1, selected: true, reasonCode: R.allManagers, result: 'none', findings: 2 },
      { day: '2026-07-20', month: '2026-07', managerId: managers[other].id, policyVersion: 1, draw: 0.1, selected: true, reasonCode: R.allManagers, result: 'none', findings: 3 },
    ]);

    const selection = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 08:15`) });
    expect(selection.policyVersion).toBe(1);
    const byName = new Map(selection.selections.map((s) => [s.manager, s]));
    managers.forEach((m, i) => {
      const s = byName.get(names[i])!;
      if (i === failing) {
        expect(s).toMatchObject({ selected: true, reasonCode: R.weightedDrawn, reasonParams: { findings: 2, windowDays: 90, weight: 2 } });
        expect(s.reason).toContain('近 90 天有 2 次未拜访发现');
      } else {
        expect(s).toMatchObject({ selected: draws[i] < share, reasonCode: draws[i] < share ? R.shareDrawn : R.shareNotDrawn });
        expect(s.customers).toHaveLength(draws[i] < share ? 1 : 0);
      }
    });
    // Every candidate is stored, checked or not; only the checked have customers and callbacks.
    const checked = selection.selections.filter((s) => s.selected).length;
    expect(await counts()).toMatchObject({ checks: 8 + 2, items: checked, tasks: checked });
  });

  it('creates waiting spot_check callbacks due after the planned time, expiring before a report would be late, with their timers', async () => {
    const w = await makeWorld();
    const [a, b2, c3] = [await w.customer(), await w.customer(), await w.customer()];
    const m = await w.manager('m1', 'approved', [
      { customer: a, at: `${DAY} 09:30` },
      { customer: b2, at: `${DAY} 11:30` },
      { customer: c3, at: `${DAY} 17:30` },
    ]);
    const selection = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 08:15`) });
    const tasks = await db
      .select({ task: callbackTasks, item: spotCheckItems })
      .from(callbackTasks)
      .innerJoin(spotCheckItems, eq(spotCheckItems.id, callbackTasks.spotCheckItemId))
      .orderBy(asc(callbackTasks.visitedAt));
    expect(tasks.map(({ task }) => [local(task.visitedAt), local(task.nextAttemptAt), local(task.dueBy)])).toEqual([
      [`${DAY} 09:30`, `${DAY} 10:30`, '2026-11-24 09:30'],
      // An hour after 11:30 is lunch: the afternoon window.
      [`${DAY} 11:30`, `${DAY} 14:00`, '2026-11-24 11:30'],
      // After hours: the next morning, still before the deadline.
      [`${DAY} 17:30`, '2026-11-24 09:00', '2026-11-24 17:30'],
    ]);
    const customerOf = new Map([a, b2, c3].map((c) => [c.id, c]));
    for (const { task, item } of tasks) {
      expect(task).toMatchObject({
        kind: 'spot_check',
        visitId: null,
        origin: 'sampled',
        state: 'waiting',
        attempts: 0,
        managerId: m.id,
        unitId: w.unit.id,
        customerId: item.customerId,
        customerClass: customerOf.get(item.customerId)!.class,
        boosted: false,
      });
      expect(task.visitedAt).toEqual(item.plannedAt);
    }
    expect(selection.selections[0].customers.map((c) => c.taskId).sort()).toEqual(tasks.map((t) => t.task.id).sort());
    // One due timer per task, at its first due time.
    const timers = await pendingTimerIds();
    expect(timers).toEqual(tasks.map(({ task }) => `callback.due.${task.id}.${task.nextAttemptAt.getTime()}`).sort());
  });

  it('leaves out a customer who cannot be called in time, and does not check a manager none of whose customers can be', async () => {
    const w = await makeWorld();
    const friday = '2026-11-27';
    const [reachable, noPhone, late] = [await w.customer(), await w.customer(false), await w.customer()];
    await w.manager('some', 'approved', [
      { customer: reachable, at: `${friday} 10:00` },
      { customer: noPhone, at: `${friday} 11:00` },
      // Friday 17:30: the next calling hours are Monday, after Saturday 17:30.
      { customer: late, at: `${friday} 17:30` },
    ]);
    await w.manager('none', 'approved', [{ customer: noPhone, at: `${friday} 10:00` }]);
    const selection = await selectSpotChecks(db, { day: friday, now: at(`${friday} 08:15`) });
    const [none, some] = selection.selections;
    expect(some.customers.map((c) => c.code)).toEqual([reachable.groupCode]);
    expect(some.customers[0].reasonParams).toMatchObject({ of: 1, excluded: 2 });
    expect(some.customers[0].reason).toContain('另有 2 户无法按时外呼');
    expect(none).toMatchObject({ selected: false, reasonCode: R.noCallableCustomer, customers: [] });
    expect(await counts()).toMatchObject({ checks: 2, items: 1, tasks: 1 });
  });

  it('takes the number of customers from the policy', async () => {
    const w = await makeWorld();
    await savePolicy(w.staff, 'spotCheck', spotCheckPolicy({ customersPerManager: 2 }));
    const customers = await Promise.all(Array.from({ length: 4 }, () => w.customer()));
    await w.manager('m1', 'approved', customers.map((c, i) => ({ customer: c, at: `${DAY} 1${i}:00` })));
    const selection = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 08:15`) });
    expect(selection.selections[0].customers.map((c) => c.reasonParams)).toEqual([
      expect.objectContaining({ rank: 1, of: 4, pick: 2 }),
      expect.objectContaining({ rank: 2, of: 4, pick: 2 }),
    ]);
  });
});

describe('days without spot checks', () => {
  it('selects nothing on a day that is not a working day of the calling calendar', async () => {
    const w = await makeWorld();
    const c = await w.customer();
    await w.manager('saturday', 'approved', [
      { customer: c, at: '2026-11-28 10:00' },
      { customer: c, at: '2026-12-01 10:00' },
    ]);
    const saturday = await selectSpotChecks(db, { day: '2026-11-28', now: at('2026-11-28 08:15') });
    expect(saturday).toMatchObject({ skipped: 'notWorkingDay', selections: [], created: 0 });
    expect(await selectTodaysSpotChecks(db, at('2026-11-28 08:15'))).toBeNull();
    // A holiday of the calling calendar too.
    await savePolicy(w.staff, 'calling', { ...policyDefinitions.calling.defaults, holidays: ['2026-12-01'] });
    expect(await selectTodaysSpotChecks(db, at('2026-12-01 08:15'))).toBeNull();
    expect(await counts()).toEqual({ checks: 0, items: 0, tasks: 0, audits: 0 });
    expect(await pendingTimerIds()).toEqual([]);
  });

  it('selects nothing while spot checks are off', async () => {
    const w = await makeWorld();
    await savePolicy(w.staff, 'spotCheck', spotCheckPolicy({ enabled: false }));
    await w.manager('m1', 'approved', [{ customer: await w.customer(), at: `${DAY} 10:00` }]);
    expect(await selectSpotChecks(db, { day: DAY })).toMatchObject({ skipped: 'disabled', selections: [] });
    expect(await selectTodaysSpotChecks(db, at(`${DAY} 08:15`))).toBeNull();
    expect(await counts()).toMatchObject({ checks: 0, tasks: 0 });
  });

  it('runs today’s selection on a working morning', async () => {
    const w = await makeWorld();
    await w.manager('m1', 'approved', [{ customer: await w.customer(), at: `${DAY} 10:00` }]);
    const today = await selectTodaysSpotChecks(db, at(`${DAY} 08:15`));
    expect(today).toMatchObject({ day: DAY, created: 1 });
  });
});

describe('a dry run', () => {
  it('writes nothing and shows what the run then stores', async () => {
    const w = await makeWorld();
    const customers = await Promise.all(Array.from({ length: 6 }, () => w.customer()));
    await w.manager('m1', 'approved', customers.map((c, i) => ({ customer: c, at: `${DAY} ${String(9 + i).padStart(2, '0')}:00` })));
    await w.manager('m2', 'approved', customers.slice(0, 2).map((c, i) => ({ customer: c, at: `${DAY} 1${i}:30` })));
    const dry = await selectSpotChecks(db, { day: DAY, dryRun: true, now: at(`${DAY} 08:15`) });
    expect(dry).toMatchObject({ dryRun: true, created: 0 });
    expect(dry.selections.flatMap((s) => s.customers).every((c) => c.taskId === null && c.dueAt !== null)).toBe(true);
    expect(await counts()).toEqual({ checks: 0, items: 0, tasks: 0, audits: 0 });
    expect(await pendingTimerIds()).toEqual([]);

    const real = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 08:15`) });
    expect(shape(real)).toEqual(shape(dry));
    expect(real.selections.flatMap((s) => s.customers.map((c) => [c.dueAt, c.dueBy]))).toEqual(dry.selections.flatMap((s) => s.customers.map((c) => [c.dueAt, c.dueBy])));
    // A dry run after the run shows what is stored, and still writes nothing.
    const after = await selectSpotChecks(db, { day: DAY, dryRun: true });
    expect(shape(after)).toEqual(shape(real));
    expect(after.selections.every((s) => s.stored)).toBe(true);
    expect(await counts()).toEqual({ checks: 2, items: 7, tasks: 7, audits: 1 });
  });
});

describe('at the same moment', () => {
  it('two runs of the same day create one set of callbacks', async () => {
    const w = await makeWorld();
    const customers = await Promise.all(Array.from({ length: 5 }, () => w.customer()));
    for (const name of ['m1', 'm2', 'm3']) await w.manager(name, 'approved', customers.map((c, i) => ({ customer: c, at: `${DAY} 1${i}:00` })));
    const [x, y] = await Promise.all([selectSpotChecks(db, { day: DAY }), selectSpotChecks(db, { day: DAY })]);
    expect(x.created + y.created).toBe(15);
    expect(shape(x)).toEqual(shape(y));
    expect(await counts()).toEqual({ checks: 3, items: 15, tasks: 15, audits: 1 });
  });
});

describe('a department', () => {
  it('of 600 managers planning 5 customers each: 3,000 callbacks in one run, none in the next', { timeout: 180_000 }, async () => {
    const unit = await makeUnit(db);
    // Written in a few statements: manager i plans customers 5i … 5i+4 at 09:00 … 13:00.
    await db.execute(sql`
      with m as (
        insert into users (username, display_name, password_hash, role, unit_id)
        select 'bulk' || lpad(i::text, 4, '0'), '经理' || i, 'x', 'manager', ${unit.id} from generate_series(1, 600) i
        returning id, username
      ), p as (
        insert into visit_plans (manager_id, unit_id, month, status) select id, ${unit.id}, '2026-11', 'approved' from m
        returning id, manager_id
      ), c as (
        insert into customers (group_code, name, class, unit_id, address)
        select 'B' || lpad(i::text, 6, '0'), '批量客户' || i, 'C', ${unit.id}, '测试路' from generate_series(0, 2999) i
        returning id, group_code
      ), k as (
        insert into contacts (customer_id, name, title, phone) select id, '联系人', '主任', '+8613' || substr(group_code, 2) from c
      )
      insert into visit_plan_items (plan_id, customer_id, planned_at, place, purpose, contact_name, contact_phone)
      select p.id, c.id, ${at(`${DAY} 09:00`).toISOString()}::timestamptz + make_interval(hours => (substr(c.group_code, 2)::int % 5)),
             '客户办公室', '走访', '联系人', '13800000000'
        from p join m on m.id = p.manager_id
        join c on substr(c.group_code, 2)::int / 5 = substr(m.username, 5)::int - 1`);

    const started = Date.now();
    const first = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 08:15`) });
    const seconds = (Date.now() - started) / 1000;
    expect(first.created).toBe(3000);
    expect(first.selections).toHaveLength(600);
    expect(first.selections.every((m) => m.customers.length === 5)).toBe(true);
    expect(await counts()).toEqual({ checks: 600, items: 3000, tasks: 3000, audits: 1 });
    expect((await pendingTimerIds()).length).toBe(3000);
    // Well inside the morning job's time on a busy two-core machine.
    expect(seconds).toBeLessThan(60);

    const again = await selectSpotChecks(db, { day: DAY, now: at(`${DAY} 09:00`) });
    expect(again.created).toBe(0);
    expect(shape(again)).toEqual(shape(first));
    expect(await counts()).toEqual({ checks: 600, items: 3000, tasks: 3000, audits: 1 });
  });
});

it('refuses a day that is not one, naming it', async () => {
  await expect(selectSpotChecks(db, { day: '2026-02-30' })).rejects.toBeInstanceOf(ValidationError);
  await expect(selectSpotChecks(db, { day: 'tomorrow' })).rejects.toMatchObject({ issues: [{ field: 'day', code: 'spotChecks.dayInvalid', params: { day: 'tomorrow' } }] });
});

describe('npm run cli -- spot-check', () => {
  function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'spot-check', ...args], {
      cwd: process.cwd(),
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  }

  it('shows a dry run as a Chinese table, prints the issue’s JSON, and names a bad --day', { timeout: 180_000 }, async () => {
    const w = await makeWorld();
    const customers = await Promise.all(Array.from({ length: 6 }, () => w.customer()));
    await w.manager('busy', 'approved', customers.map((c, i) => ({ customer: c, at: `${DAY} ${String(9 + i).padStart(2, '0')}:00` })));
    await savePolicy(w.staff, 'spotCheck', spotCheckPolicy({ managerSelection: 'share', managerShare: 1 }));

    const [dry, bad] = await Promise.all([cli(['--day', DAY, '--dry-run']), cli(['--day', '2026-11-31'])]);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    const lines = dry.stdout.split('\n');
    expect(lines[0]).toBe(`电话抽查 ${DAY}（电话抽查规则第 1 版）`);
    expect(dry.stdout).toContain('客户经理 busy（');
    expect(dry.stdout).toContain('：抽查 5 户');
    expect(lines.find((l) => l.includes('集团编号'))).toMatch(/^ {2}集团编号\s+客户名称\s+计划时间\s+抽签值\s+外呼时间\s+外呼时限\s+原因$/);
    expect(dry.stdout).toContain('试运行：以上为将要抽取的结果，没有写入任何数据。');
    // The day is behind us: the operator is told its callbacks would be past their deadline.
    expect(dry.stdout).toContain('注意：5 条抽查回访的外呼时限已过，将自动作废，不计作对客户经理不利的结果。');
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('--day 须为 YYYY-MM-DD 格式的真实日期，如 2026-12-07，而不是“2026-11-31”。');
    expect(await counts()).toEqual({ checks: 0, items: 0, tasks: 0, audits: 0 });

    const json = await cli(['--day', DAY, '--json']);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const printed = JSON.parse(json.stdout) as { day: string; selections: { manager: string; customers: Record<string, unknown>[] }[] };
    const stored = await selectSpotChecks(db, { day: DAY, dryRun: true });
    expect(printed).toEqual({
      day: DAY,
      selections: [
        {
          manager: 'busy',
          customers: stored.selections[0].customers.map((c) => ({ code: c.code, name: c.name, plannedAt: c.plannedAt.toISOString(), draw: c.draw, reason: c.reason })),
        },
      ],
    });
    expect(printed.selections[0].customers[0].reason).toMatch(/^当天可抽查客户 6 户，抽签值 0\.\d{4} 排第 1，抽取前 5 户$/);
    expect(await counts()).toEqual({ checks: 1, items: 5, tasks: 5, audits: 1 });
    // The CLI acts as the system user.
    const [audit] = (await db.execute(sql`select u.username from audit_log a join users u on u.id = a.actor_id where a.action = 'spotChecks.selected'`)) as unknown as { username: string }[];
    expect(audit.username).toBe('system');

    const again = await cli(['--day', DAY]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('（此前已抽取）');
    expect(again.stdout).toContain('该日已抽取过，本次没有新建任何内容。');
    expect(await counts()).toEqual({ checks: 1, items: 5, tasks: 5, audits: 1 });
  });
});
