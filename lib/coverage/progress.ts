import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { loadClaimedCustomers } from './customer-facts';
import { monthSchema } from '@/lib/platform/time/month-window';
import { progressInput } from '@/lib/coverage/schemas';
import { rows, uuidArray } from '@/lib/platform/core/sql';
import { monthWindow, type MonthWindow } from '@/lib/platform/time/month-window';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { likePattern } from '@/lib/platform/core/like-pattern';
import { NotFoundError } from '@/lib/platform/core/errors';
import { policyInForce } from '@/lib/policy/policies';
import { monthOf } from '@/lib/platform/time/zone';
import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { loadClaimPeriods, loadEarlierOnSiteVisits } from './load';
import { countedCustomers, evaluateCoverage, type CountedVisit, type CustomerCoverage, type Requirement } from './rules';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * Coverage as it stands (拜访覆盖进度): for each manager, the customers that count this month and
 * what each still needs, from the claims, the classes and the visits with their verdicts in force
 * — valid, unverified and pending visits count, invalid ones do not; a visit not evaluated yet
 * counts as pending. Read-only: the close computes the same from freshly decided verdicts.
 */

export interface ManagerProgress {
  managerId: string;
  customers: (CustomerCoverage & { name: string; groupCode: string; visits: { id: string; type: 'on_site' | 'phone'; visitedAt: Date; counts: boolean }[] })[];
  required: number;
  done: number;
  rate: number;
  gaps: { customerId: string; requirement: Requirement }[];
}

export async function progressOf(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<Map<string, ManagerProgress>> {
  if (managerIds.length === 0) return new Map();
  const [policy, claims, customers, earlier, visits] = await Promise.all([
    policyInForce(db, 'assessment', w.lastDay),
    loadClaimPeriods(db, w, managerIds),
    // The customers that can count (claimed in the month), with their class for the month and names.
    loadClaimedCustomers(db, w, managerIds),
    loadEarlierOnSiteVisits(db, w, managerIds),
    rows<{ id: string; m: string; c: string; type: 'on_site' | 'phone'; at: Date | string; invalid: boolean }>(
      db,
      sql`
        select v.id, v.manager_id as m, v.customer_id as c, v.type, v.visited_at as at,
               -- A 超期补报 held back (pending, rejected) is listed but fills nothing, like an invalid visit.
               not ${sql.raw(COUNTING_VISIT_SQL)} or coalesce((select vv.status = 'invalid' from visit_verdicts vv where vv.visit_id = v.id order by vv.version desc limit 1), false) as invalid
          from visit_reports v
         where v.manager_id = any(${uuidArray(managerIds)})
           and v.visited_at >= ${w.start.toISOString()}::timestamptz and v.visited_at < ${w.end.toISOString()}::timestamptz
         order by v.visited_at`,
    ),
  ]);
  const minDays = policy.value.minClaimedDays;
  // Grouped once, by manager and then by customer: a unit's month is ~100 managers × ~20,000 visits.
  const byManager = new Map<string, { id: string; customerId: string; type: 'on_site' | 'phone'; visitedAt: Date; counts: boolean }[]>();
  for (const v of visits) {
    let list = byManager.get(v.m);
    if (!list) byManager.set(v.m, (list = []));
    list.push({ id: v.id, customerId: v.c, type: v.type, visitedAt: v.at instanceof Date ? v.at : new Date(v.at), counts: !v.invalid });
  }
  const out = new Map<string, ManagerProgress>();
  for (const managerId of managerIds) {
    const mine = byManager.get(managerId) ?? [];
    const byCustomer = new Map<string, { id: string; type: 'on_site' | 'phone'; visitedAt: Date; counts: boolean }[]>();
    for (const { customerId, id, type, visitedAt, counts } of mine) {
      let list = byCustomer.get(customerId);
      if (!list) byCustomer.set(customerId, (list = []));
      list.push({ id, type, visitedAt, counts });
    }
    const counted = countedCustomers(claims.get(managerId) ?? [], w.month, w.timeZone, minDays);
    const classes = counted.map((customerId) => ({ customerId, customerClass: customers.get(customerId)?.customerClass ?? 'D' }));
    const all: CountedVisit[] = [...(earlier.get(managerId) ?? []), ...mine];
    const coverage = evaluateCoverage({ month: w.month, timeZone: w.timeZone, customers: classes, visits: all });
    out.set(managerId, {
      managerId,
      customers: coverage.customers.map((c) => ({
        ...c,
        name: customers.get(c.customerId)?.name ?? '',
        groupCode: customers.get(c.customerId)?.groupCode ?? '',
        visits: byCustomer.get(c.customerId) ?? [],
      })),
      required: coverage.required,
      done: coverage.done,
      rate: coverage.rate,
      gaps: coverage.customers.flatMap((c) => c.gaps.map((requirement) => ({ customerId: c.customerId, requirement }))),
    });
  }
  return out;
}

/** A manager's own coverage this month (or another month), customer by customer. */
export async function myCoverage({ ctx, input }: { ctx: Ctx; input: { month?: string } }) {
  assertRole(ctx.actor, 'manager');
  const timeZone = env().APP_TIMEZONE;
  const { month } = parseInput(z.object({ month: monthSchema.optional() }), input);
  const w = monthWindow(month ?? monthOf(ctx.now(), timeZone), timeZone);
  const progress = (await progressOf(ctx.db, w, [ctx.actor.id])).get(ctx.actor.id)!;
  const minDays = (await policyInForce(ctx.db, 'assessment', w.lastDay)).value.minClaimedDays;
  return { month: w.month, monthOver: ctx.now().getTime() >= w.end.getTime(), minDays, ...progress };
}

/**
 * Everyone's progress for staff (a supervisor: their unit's managers), a page of managers at a
 * time, by name; optionally only those with gaps (computed for the page's candidates).
 */
export async function coverageProgress({ ctx, input }: { ctx: Ctx; input: z.input<typeof progressInput> }) {
  assertRole(ctx.actor, 'staff', 'admin', 'supervisor');
  const f = parseInput(progressInput, input);
  const w = monthWindow(f.month, env().APP_TIMEZONE);
  const unitId = ctx.actor.role === 'supervisor' ? ctx.actor.unitId : f.unitId;
  if (ctx.actor.role === 'supervisor' && !unitId) return { month: f.month, rows: [], total: 0, page: f.page, pageSize: f.pageSize, minDays: 0 };
  const pattern = f.q ? likePattern(f.q) : null;
  const managers = await rows<{ id: string; displayName: string; username: string; unitName: string | null }>(
    ctx.db,
    sql`
      select u.id, u.display_name as "displayName", u.username, un.name as "unitName"
        from users u left join units un on un.id = u.unit_id
       where u.role = 'manager'
         and (u.active or exists (select 1 from claims c where c.manager_id = u.id and c.effective_from < ${w.end.toISOString()}::timestamptz
                                   and (c.effective_to is null or c.effective_to > ${w.start.toISOString()}::timestamptz)))
         ${unitId ? sql`and u.unit_id = ${unitId}::uuid` : sql``}
         ${pattern ? sql`and (u.display_name ilike ${pattern} or u.username ilike ${pattern})` : sql``}
       order by u.display_name, u.username`,
  );
  const minDays = (await policyInForce(ctx.db, 'assessment', w.lastDay)).value.minClaimedDays;
  const shape = (m: (typeof managers)[number], p: ManagerProgress) => ({ ...m, required: p.required, done: p.done, rate: p.rate, gaps: p.gaps.length, customers: p.customers });
  if (f.onlyGaps === 'yes') {
    // Gaps are known only once computed: walk the managers in pages until this page is full.
    const withGaps: ReturnType<typeof shape>[] = [];
    for (let i = 0; i < managers.length; i += 200) {
      const slice = managers.slice(i, i + 200);
      const progress = await progressOf(ctx.db, w, slice.map((m) => m.id));
      for (const m of slice) {
        const p = progress.get(m.id)!;
        if (p.gaps.length > 0) withGaps.push(shape(m, p));
      }
    }
    const start = (f.page - 1) * f.pageSize;
    return { month: f.month, rows: withGaps.slice(start, start + f.pageSize), total: withGaps.length, page: f.page, pageSize: f.pageSize, minDays };
  }
  const page = managers.slice((f.page - 1) * f.pageSize, f.page * f.pageSize);
  const progress = await progressOf(ctx.db, w, page.map((m) => m.id));
  return { month: f.month, rows: page.map((m) => shape(m, progress.get(m.id)!)), total: managers.length, page: f.page, pageSize: f.pageSize, minDays };
}

/**
 * One manager's coverage for a month, for staff, admin and the manager's unit supervisor (a
 * manager reads their own with `myCoverage`). Out of scope reads as not found.
 */
export async function managerCoverage({ ctx, input }: { ctx: Ctx; input: { month: string; managerId: string } }) {
  assertRole(ctx.actor, 'staff', 'admin', 'supervisor');
  const { month, managerId } = parseInput(z.object({ month: monthSchema, managerId: idField('errors.notFound') }), input);
  const [manager] = await rows<{ id: string; displayName: string; username: string; unitId: string | null; unitName: string | null }>(
    ctx.db,
    sql`select u.id, u.display_name as "displayName", u.username, u.unit_id as "unitId", un.name as "unitName"
          from users u left join units un on un.id = u.unit_id where u.id = ${managerId}::uuid and u.role = 'manager'`,
  );
  if (!manager || (ctx.actor.role === 'supervisor' && (!ctx.actor.unitId || manager.unitId !== ctx.actor.unitId))) throw new NotFoundError();
  const w = monthWindow(month, env().APP_TIMEZONE);
  const progress = (await progressOf(ctx.db, w, [managerId])).get(managerId)!;
  const minDays = (await policyInForce(ctx.db, 'assessment', w.lastDay)).value.minClaimedDays;
  return { month, monthOver: ctx.now().getTime() >= w.end.getTime(), minDays, manager, ...progress };
}
