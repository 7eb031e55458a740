import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { callbackTasks, visitReports } from '@/db/schema';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { makeContact, makeCustomer, makeUnit, makeUser } from './factories';

/**
 * A month of visit reports to sample: three managers in two units, customers of every class (one
 * without a contact phone), visits spread over September 2026 — some filed late, one early in the
 * month that is too old by the time it is decided in late October — and one manager with a visit
 * judged invalid in August (doubled rates). Written straight to the database, not through verbs.
 */
export const SAMPLING_MONTH = '2026-09';
/** "Now" for deciding September after it is over: 2026-10-20 10:00 in Asia/Shanghai. */
export const AFTER_MONTH = new Date('2026-10-20T02:00:00Z');
const local = (text: string) => parseLocalDateTime(text, 'Asia/Shanghai')!;

export async function makeSamplingWorld(db: Db, options: { visitsPerManager?: number; withOldVisit?: boolean } = {}) {
  const perManager = options.visitsPerManager ?? 14;
  const [u1, u2] = [await makeUnit(db), await makeUnit(db)];
  const managers = [
    await makeUser(db, 'manager', { unitId: u1.id }),
    await makeUser(db, 'manager', { unitId: u2.id }),
    await makeUser(db, 'manager', { unitId: u1.id }),
  ];
  const customersOf = new Map<string, { id: string; class: 'A' | 'B' | 'C' | 'D' }[]>();
  for (const [i, m] of managers.entries()) {
    const list = [];
    for (const cls of ['A', 'B', 'C', 'D', 'C', 'D'] as const) {
      const c = await makeCustomer(db, i === 1 ? u2.id : u1.id, { class: cls });
      await makeContact(db, c.id);
      list.push({ id: c.id, class: cls });
    }
    // A customer whose only contact has left: nobody to call.
    const silent = await makeCustomer(db, i === 1 ? u2.id : u1.id, { class: 'A' });
    await makeContact(db, silent.id, { active: false });
    list.push({ id: silent.id, class: 'A' as const });
    customersOf.set(m.id, list);
  }

  const rows: (typeof visitReports.$inferInsert)[] = [];
  for (const m of managers) {
    const list = customersOf.get(m.id)!;
    for (let k = 0; k < perManager; k++) {
      const day = 6 + ((k * 3) % 23);
      const visitedAt = local(`2026-09-${String(day).padStart(2, '0')} ${String(9 + (k % 8)).padStart(2, '0')}:15`);
      const late = k % 5 === 4;
      rows.push({
        managerId: m.id,
        customerId: list[k % list.length].id,
        type: k % 2 ? 'phone' : 'on_site',
        visitedAt,
        reportedAt: new Date(visitedAt.getTime() + (late ? 30 : 2) * 3600_000),
        purpose: `抽样测试 ${k}`,
        late,
        createdBy: m.id,
      });
    }
    if (options.withOldVisit ?? true) {
      const visitedAt = local('2026-09-02 10:00');
      rows.push({ managerId: m.id, customerId: list[0].id, type: 'on_site', visitedAt, reportedAt: new Date(visitedAt.getTime() + 3600_000), purpose: '月初拜访', createdBy: m.id });
    }
  }
  const visits = await db.insert(visitReports).values(rows).returning();

  // August: managers[2] had a visit judged invalid by callback.
  const [august] = await db
    .insert(visitReports)
    .values({ managerId: managers[2].id, customerId: customersOf.get(managers[2].id)![0].id, type: 'on_site', visitedAt: local('2026-08-20 10:00'), reportedAt: local('2026-08-20 12:00'), purpose: '八月拜访', createdBy: managers[2].id })
    .returning();
  await db.insert(callbackTasks).values({
    visitId: august.id,
    customerId: august.customerId,
    managerId: august.managerId,
    unitId: u1.id,
    customerClass: 'A',
    visitedAt: august.visitedAt,
    state: 'closed',
    nextAttemptAt: august.visitedAt,
    outcome: 'completed',
    result: 'invalid',
    closedAt: local('2026-08-25 10:00'),
  });
  return { units: [u1, u2], managers, visits, augustVisitId: august.id };
}

export interface SamplingSnapshot {
  decisions: { visitId: string; sampled: boolean; reasonCode: string; reasonParams: unknown; draw: number; policyVersion: number; month: string }[];
  tasks: { visitId: string; managerId: string; unitId: string | null; customerClass: string; state: string }[];
}

/** Decisions and sampled callbacks of September, in a comparable form (no ids, times or path). */
export async function samplingSnapshot(db: Db): Promise<SamplingSnapshot> {
  const decisions = (await db.execute(sql`
    select visit_id as "visitId", sampled, reason_code as "reasonCode", reason_params as "reasonParams", draw, policy_version as "policyVersion", month
      from sampling_decisions order by visit_id`)) as unknown as SamplingSnapshot['decisions'];
  const tasks = (await db.execute(sql`
    select visit_id as "visitId", manager_id as "managerId", unit_id as "unitId", customer_class as "customerClass", state
      from callback_tasks where origin = 'sampled' and result is null order by visit_id`)) as unknown as SamplingSnapshot['tasks'];
  return { decisions: [...decisions], tasks: [...tasks] };
}

/** Forgets September's decisions and callbacks (keeps August's judged one), to decide again. */
export async function forgetSampling(db: Db): Promise<void> {
  await db.execute(sql`delete from callback_tasks where result is null`);
  await db.execute(sql`delete from sampling_decisions`);
}
