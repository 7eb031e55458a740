import { sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { assertRole, inManagerScope } from '@/lib/auth/guards';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { idField } from '@/lib/platform/core/ids';
import { blank, parseInput } from '@/lib/platform/core/parse-input';
import { column, decodedReader, decodedRows, rows, uuidArray, type ReadOptions } from '@/lib/platform/core/sql';
import { monthSchema } from '@/lib/platform/time/month-window';
import { monthOf, shiftMonth } from '@/lib/platform/time/zone';
import { openManagerFlags, type OpenManagerFlag } from './flags';
import { NO_SPOT_CHECKS, spotCheckCountsOf, spotCheckRate, type SpotCheckCounts, type SpotCheckRate } from './report-rules';

/**
 * 拜访到位率 reports: each manager's spot-checked days of a month — checked days with a result,
 * 到位 / 拜访不全 / 未拜访, findings, the yuan the penalty ledger holds, the days still open — per
 * manager, per unit and in total, and a manager's own days with each not-visited finding. Counts
 * are SQL aggregates over spot_checks (one row per manager-day) and penalty_ledger, never rows
 * counted here. Scope (docs/ARCHITECTURE.md, "Data scope"): staff and admin all; a supervisor the
 * managers in their unit now (their history moves with them, as on the unit view); a manager
 * themselves. A unit's figures are its managers' as the unit is now: the month close freezes the
 * unit of the close beside each manager's figures.
 */

const countColumns = {
  days: z.number(),
  onSite: z.number(),
  incomplete: z.number(),
  none: z.number(),
  findings: z.number(),
  yuan: z.number(),
  open: z.number(),
};
/** A manager-month's counts as read (built once: zod compiles each schema's parser on its first use). */
const countsRow = z.object({ manager_id: z.string(), month: z.string(), candidate: z.boolean(), ...countColumns });

/** The first day of a month and of the month after, as dates: the (manager_id, day) index's range. */
function dayRange(months: readonly string[]): { from: string; to: string } {
  const sorted = [...months].sort();
  return { from: `${sorted[0]}-01`, to: `${shiftMonth(sorted.at(-1)!, 1)}-01` };
}

/**
 * Per manager and month: the spot-check counts (a full join of the day aggregate and the ledger's
 * sums, so yuan reversed into a month without a checked day still show). `managers` narrows to
 * those managers, or to a condition on the manager's column `m` (users alias) — the scope.
 */
function countsSql(months: readonly string[], managers: { ids?: readonly string[]; where?: SQL }): SQL {
  const monthList = `{${months.join(',')}}`;
  const { from, to } = dayRange(months);
  const byIds = (col: SQL) => (managers.ids ? sql`and ${col} = any(${uuidArray(managers.ids)})` : sql``);
  const byScope = (col: SQL) => (managers.where ? sql`and ${col} in (select m.id from users m where ${managers.where})` : sql``);
  return sql`
    with d as (
      select s.manager_id, s.month,
             count(*) filter (where s.selected and s.result is not null)::int as days,
             count(*) filter (where s.selected and s.result = 'on_site')::int as "onSite",
             count(*) filter (where s.selected and s.result = 'incomplete')::int as incomplete,
             count(*) filter (where s.selected and s.result = 'none')::int as none,
             coalesce(sum(s.findings) filter (where s.selected and s.result is not null), 0)::int as findings,
             count(*) filter (where s.selected and s.result is null)::int as open
        from spot_checks s
       where s.month = any(${monthList}::text[]) and s.day >= ${from}::date and s.day < ${to}::date
             ${byIds(sql`s.manager_id`)} ${byScope(sql`s.manager_id`)}
       group by 1, 2
    ), l as (
      select p.manager_id, p.month, sum(p.amount_yuan)::int as yuan
        from penalty_ledger p
       where p.month = any(${monthList}::text[]) ${byIds(sql`p.manager_id`)} ${byScope(sql`p.manager_id`)}
       group by 1, 2
    )
    select coalesce(d.manager_id, l.manager_id) as manager_id, coalesce(d.month, l.month) as month,
           coalesce(d.days, 0) as days, coalesce(d."onSite", 0) as "onSite", coalesce(d.incomplete, 0) as incomplete,
           coalesce(d.none, 0) as none, coalesce(d.findings, 0) as findings, coalesce(l.yuan, 0) as yuan, coalesce(d.open, 0) as open,
           -- A manager who was a candidate (approved plan items that day) but not drawn still shows, as 未测.
           d.manager_id is not null as candidate
      from d full join l on l.manager_id = d.manager_id and l.month = d.month`;
}

export interface ManagerSpotCheckMonth extends SpotCheckCounts {
  managerId: string;
  month: string;
}

/**
 * The spot-check counts of the given managers for the given months (one aggregate; a manager
 * without a row had nothing: NO_SPOT_CHECKS). For callers that have checked role and scope
 * themselves (the unit view, the month close, the manager's own month).
 */
export async function loadSpotCheckCounts(db: DbOrTx, a: { months: readonly string[]; managerIds: readonly string[] }, options: ReadOptions = {}): Promise<ManagerSpotCheckMonth[]> {
  if (a.months.length === 0 || a.managerIds.length === 0) return [];
  const found = await decodedReader(options)(
    db,
    countsRow,
    countsSql(a.months, { ids: a.managerIds }),
  );
  return found.map(({ manager_id, month, candidate: _candidate, ...c }) => ({ managerId: manager_id, month, ...c }));
}

/**
 * Every manager's spot-check counts of one month, for the month close (in its transaction, from
 * the system of record): managers with a spot_checks row or a ledger entry in the month.
 */
export async function loadMonthSpotCheckCounts(db: DbOrTx, month: string): Promise<Map<string, SpotCheckCounts>> {
  const found = await decodedRows(db, countsRow, countsSql([month], {}));
  return new Map(found.map(({ manager_id, month: _m, candidate: _c, ...c }) => [manager_id, c]));
}

/**
 * The open 建议调离 flags of the given managers, by manager (openManagerFlags: of the unit they are
 * in now when `unitId` is given, else of everyone, narrowed to `managerIds`). The caller has
 * checked the reader's scope.
 */
export async function openRemovalFlagsOf(db: DbOrTx, a: { unitId?: string | null; managerIds: readonly string[] }): Promise<Map<string, OpenManagerFlag>> {
  if (a.managerIds.length === 0) return new Map();
  const wanted = new Set(a.managerIds);
  const flags = await openManagerFlags(db, { unitId: a.unitId ?? null });
  return new Map(flags.filter((f) => wanted.has(f.managerId)).map((f) => [f.managerId, f]));
}

export const spotCheckReportInput = z.object({
  month: blank(monthSchema),
  unitId: blank(idField('errors.notFound')),
});
export type SpotCheckReportInput = z.input<typeof spotCheckReportInput>;

export interface SpotCheckReportRow extends SpotCheckCounts {
  managerId: string;
  displayName: string;
  username: string;
  unitId: string | null;
  unitName: string | null;
  rate: SpotCheckRate;
  flag: OpenManagerFlag | null;
}

export interface SpotCheckUnitRow extends SpotCheckCounts {
  unitId: string | null;
  unitName: string | null;
  managers: number;
  rate: SpotCheckRate;
}

const groupedRow = z.object({
  level: z.number(),
  managerId: z.string().nullable(),
  displayName: z.string().nullable(),
  username: z.string().nullable(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  managers: z.number(),
  ...countColumns,
});

/**
 * 拜访到位率 of a month, per manager, per unit and in total, in the reader's scope: staff and admin
 * everyone (or one unit), a supervisor their unit (another unit reads as not found), a manager
 * themselves. Managers listed: those who were candidates for a spot check in the month (approved
 * plan items on a working day) or have yuan on its ledger; one never drawn reads 未测.
 */
export async function getSpotCheckReport({ ctx, input = {} }: { ctx: Ctx; input?: SpotCheckReportInput }) {
  assertRole(ctx.actor, 'staff', 'admin', 'supervisor', 'manager');
  const f = parseInput(spotCheckReportInput, input);
  const month = f.month ?? monthOf(ctx.now(), env().APP_TIMEZONE);
  const actor = ctx.actor;
  if (actor.role === 'supervisor' && f.unitId && f.unitId !== actor.unitId) throw new NotFoundError();
  const m = alias(users, 'm');
  const scope = managerRecordsCondition(actor, m.id);
  const unitId = actor.role === 'supervisor' ? actor.unitId : actor.role === 'manager' ? null : (f.unitId ?? null);
  const where = sql.join([scope ?? sql`true`, unitId ? sql`m.unit_id = ${unitId}::uuid` : sql`true`], sql` and `);

  // Managers, units and the total in one pass (grouping sets): every figure summed in SQL.
  // The grand total of nothing (an empty month) is one row of null sums: 0.
  const sum = (k: string) => sql.raw(`coalesce(sum(c."${k}"), 0)::int as "${k}"`);
  const found = await decodedRows(
    ctx.db,
    groupedRow,
    sql`
      with c as (${countsSql([month], { where })})
      select grouping(u.id) + grouping(un.id) as level,
             u.id as "managerId", u.display_name as "displayName", u.username, un.id as "unitId", un.name as "unitName",
             count(*)::int as managers,
             ${sql.join(['days', 'onSite', 'incomplete', 'none', 'findings', 'yuan', 'open'].map(sum), sql`, `)}
        from c join users u on u.id = c.manager_id left join units un on un.id = u.unit_id
       group by grouping sets ((un.id, un.name, u.id, u.display_name, u.username), (un.id, un.name), ())
       order by level, un.name nulls last, u.display_name, u.username`,
  );
  const counts = (r: z.output<typeof groupedRow>) => spotCheckCountsOf(r);
  const managerRows = found.filter((r) => r.level === 0);
  const flags = await openRemovalFlagsOf(ctx.db, { unitId, managerIds: managerRows.map((r) => r.managerId!) });
  const managers: SpotCheckReportRow[] = managerRows.map((r) => {
    const c = counts(r);
    return { managerId: r.managerId!, displayName: r.displayName!, username: r.username!, unitId: r.unitId, unitName: r.unitName, ...c, rate: spotCheckRate(c), flag: flags.get(r.managerId!) ?? null };
  });
  const units: SpotCheckUnitRow[] = found
    .filter((r) => r.level === 1)
    .map((r) => {
      const c = counts(r);
      return { unitId: r.unitId, unitName: r.unitName, managers: r.managers, ...c, rate: spotCheckRate(c) };
    });
  const total = found.find((r) => r.level === 2);
  const totals = total ? counts(total) : { ...NO_SPOT_CHECKS };
  return { month, unitId, managers, units, totals: { ...totals, managers: total?.managers ?? 0, rate: spotCheckRate(totals) } };
}
export type SpotCheckReport = Awaited<ReturnType<typeof getSpotCheckReport>>;

export const managerSpotChecksInput = z.object({ month: blank(monthSchema), managerId: blank(idField('errors.notFound')) });

const RESULTS = ['on_site', 'incomplete', 'none'] as const;

/** A checked day of the manager's, with what its customers were found to be and the yuan its result cost. */
export interface MySpotCheckDay {
  spotCheckId: string;
  day: string;
  /** null: callbacks still open. */
  result: (typeof RESULTS)[number] | null;
  customers: number;
  visited: number;
  notVisited: number;
  unreachable: number;
  unverified: number;
  pending: number;
  /** The ledger's balance for this day (penalties less reversals). */
  yuan: number;
}

/** A customer found not visited on a checked day (a finding), with what the manager can answer it with. */
export interface MySpotCheckFinding {
  spotCheckItemId: string;
  spotCheckId: string;
  day: string;
  customerId: string;
  customerName: string;
  groupCode: string;
  plannedAt: Date;
  place: string;
  findingAt: Date | null;
  /** A visit report of the customer filed later the same day, if any. */
  matchedVisit: { id: string; visitedAt: Date; type: 'on_site' | 'phone' } | null;
  /** The latest dispute of this finding, if any. */
  dispute: { id: string; state: string } | null;
}

/**
 * A manager's spot checks of a month: their counts, their checked days (newest first) with each
 * day's customers by finding and yuan, and each not-visited finding with its customer, planned
 * time, the matching report if one was filed, and its dispute. A manager reads their own (我的本月);
 * staff, admin and the supervisor of the manager's unit name the manager (the month report's
 * page of one manager). Anyone else, or a manager out of scope, finds nothing there.
 */
export async function getManagerSpotChecks({ ctx, input = {} }: { ctx: Ctx; input?: z.input<typeof managerSpotChecksInput> }) {
  assertRole(ctx.actor, 'manager', 'supervisor', 'staff', 'admin');
  const f = parseInput(managerSpotChecksInput, input);
  const month = f.month ?? monthOf(ctx.now(), env().APP_TIMEZONE);
  const me = ctx.actor.role === 'manager' ? ctx.actor.id : f.managerId;
  if (!me) throw new NotFoundError();
  if (ctx.actor.role !== 'manager') {
    const [manager] = await rows<{ unitId: string | null }>(ctx.db, sql`select unit_id as "unitId" from users where id = ${me}::uuid and role = 'manager'`);
    if (!manager || !inManagerScope(ctx.actor, { managerId: me, unitId: manager.unitId })) throw new NotFoundError();
  }
  const { from, to } = dayRange([month]);
  const [[mine], checkedDays, notVisited] = await Promise.all([
    loadSpotCheckCounts(ctx.db, { months: [month], managerIds: [me] }).then((r) => (r.length ? r : [{ managerId: me, month, ...NO_SPOT_CHECKS }])),
    decodedRows(
      ctx.db,
      z.object({
        spotCheckId: z.string(),
        day: z.string(),
        result: z.enum(RESULTS).nullable(),
        customers: z.number(),
        visited: z.number(),
        notVisited: z.number(),
        unreachable: z.number(),
        unverified: z.number(),
        pending: z.number(),
        yuan: z.number(),
      }),
      sql`
        select s.id as "spotCheckId", to_char(s.day, 'YYYY-MM-DD') as day, s.result,
               coalesce(i.customers, 0) as customers, coalesce(i.visited, 0) as visited, coalesce(i."notVisited", 0) as "notVisited",
               coalesce(i.unreachable, 0) as unreachable, coalesce(i.unverified, 0) as unverified, coalesce(i.pending, 0) as pending,
               coalesce((select sum(p.amount_yuan) from penalty_ledger p where p.spot_check_id = s.id), 0)::int as yuan
          from spot_checks s
          left join lateral (
            select count(*)::int as customers,
                   count(*) filter (where x.finding = 'visited')::int as visited,
                   count(*) filter (where x.finding = 'not_visited')::int as "notVisited",
                   count(*) filter (where x.finding = 'unreachable')::int as unreachable,
                   count(*) filter (where x.finding = 'unverified')::int as unverified,
                   count(*) filter (where x.finding is null)::int as pending
              from spot_check_items x where x.spot_check_id = s.id
          ) i on true
         where s.manager_id = ${me}::uuid and s.day >= ${from}::date and s.day < ${to}::date and s.month = ${month} and s.selected
         order by s.day desc`,
    ),
    decodedRows(
      ctx.db,
      z.object({
        spotCheckItemId: z.string(),
        spotCheckId: z.string(),
        day: z.string(),
        customerId: z.string(),
        customerName: z.string(),
        groupCode: z.string(),
        plannedAt: column.instant,
        place: z.string().nullable(),
        findingAt: column.instant.nullable(),
        visitId: z.string().nullable(),
        visitedAt: column.instant.nullable(),
        visitType: z.enum(['on_site', 'phone']).nullable(),
        disputeId: z.string().nullable(),
        disputeState: z.string().nullable(),
      }),
      sql`
        select x.id as "spotCheckItemId", s.id as "spotCheckId", to_char(s.day, 'YYYY-MM-DD') as day,
               c.id as "customerId", c.name as "customerName", c.group_code as "groupCode",
               x.planned_at as "plannedAt", pi.place, x.finding_at as "findingAt",
               v.id as "visitId", v.visited_at as "visitedAt", v.type as "visitType",
               d.id as "disputeId", d.state as "disputeState"
          from spot_checks s
          join spot_check_items x on x.spot_check_id = s.id
          join customers c on c.id = x.customer_id
          left join visit_plan_items pi on pi.id = x.plan_item_id
          -- Only the manager's own report: the match is theirs to show.
          left join visit_reports v on v.id = x.matched_visit_id and v.manager_id = s.manager_id
          left join lateral (
            select d.id, d.state from disputes d where d.spot_check_item_id = x.id order by d.filed_at desc, d.id desc limit 1
          ) d on true
         where s.manager_id = ${me}::uuid and s.day >= ${from}::date and s.day < ${to}::date and s.month = ${month}
           and s.selected and x.finding = 'not_visited'
         order by s.day desc, x.planned_at, c.name`,
    ),
  ]);
  const counts = spotCheckCountsOf(mine);
  return {
    month,
    ...counts,
    rate: spotCheckRate(counts),
    /** The checked days, newest first (counts.days is how many have a result). */
    checkedDays: checkedDays satisfies MySpotCheckDay[],
    /** The customers found not visited (counts.findings counts those of days with a result). */
    notVisited: notVisited.map(
      (r): MySpotCheckFinding => ({
        spotCheckItemId: r.spotCheckItemId,
        spotCheckId: r.spotCheckId,
        day: r.day,
        customerId: r.customerId,
        customerName: r.customerName,
        groupCode: r.groupCode,
        plannedAt: new Date(r.plannedAt),
        place: r.place ?? '',
        findingAt: r.findingAt ? new Date(r.findingAt) : null,
        matchedVisit: r.visitId && r.visitedAt && r.visitType ? { id: r.visitId, visitedAt: new Date(r.visitedAt), type: r.visitType } : null,
        dispute: r.disputeId ? { id: r.disputeId, state: r.disputeState! } : null,
      }),
    ),
  };
}
export type ManagerSpotChecks = Awaited<ReturnType<typeof getManagerSpotChecks>>;
