import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { allReportRows } from '@/lib/assessment/report';
import { monthSchema } from '@/lib/platform/time/month-window';
import { rows, uuidArray } from '@/lib/platform/core/sql';
import { monthWindow } from '@/lib/platform/time/month-window';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { progressOf, type ManagerProgress } from '@/lib/coverage/progress';
import { listUnits } from '@/lib/org/units';
import { listPlans } from '@/lib/plans/queries';
import { monthOf, shiftMonth } from '@/lib/platform/time/zone';
import { coverageState, unitRates, unitTotals, type ManagerFigures, type UnitRates } from './rules';
import type { Grade } from '@/lib/assessment/grade';
import { blank, parseInput } from '@/lib/platform/core/parse-input';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { loadSpotCheckCounts, openRemovalFlagsOf } from '@/lib/spot-checks/reports';
import type { OpenManagerFlag } from '@/lib/spot-checks/flags';
import { spotCheckCountsOf, spotCheckRate, type SpotCheckCounts, type SpotCheckRate } from '@/lib/spot-checks/report-rules';

/**
 * 本单位考核: a unit's month for its supervisor — each manager's coverage (from the coverage
 * progress), verdicts in force, points (the ledger's month sum), open and overdue disputes and
 * late reports, spot checks (拜访到位率) and an open 建议调离 flag; the close's score and grade
 * once the month is closed; and the unit's plans
 * waiting for approval. A supervisor reads their own unit only (another unit reads as not
 * found); staff and admin any unit.
 */

export const unitMonthInput = z.object({
  month: blank(monthSchema),
  unitId: blank(idField('errors.notFound')),
});
export type UnitMonthInput = z.input<typeof unitMonthInput>;

export interface UnitManagerRow extends ManagerFigures, UnitRates {
  managerId: string;
  displayName: string;
  username: string;
  active: boolean;
  claimedCustomers: number;
  /** Requirements not met (customer and requirement), for the row's detail. */
  gaps: number;
  /** Whether the month is closed with this manager in it (score and grade are the close's). */
  closed: boolean;
  /** The latest close's score and grade; null before the close, or 样本不足 after it. */
  score: number | null;
  grade: Grade | null;
  /** The month's spot checks as they stand (not the close's): checked days by result, yuan, open days. */
  spotChecks: SpotCheckCounts & { rate: SpotCheckRate };
  /** An open 建议调离 flag (whatever month raised it), or null. */
  removalFlag: OpenManagerFlag | null;
}

export async function unitMonthView({ ctx, input = {} }: { ctx: Ctx; input?: UnitMonthInput }) {
  assertRole(ctx.actor, 'supervisor', 'staff', 'admin');
  return (await loadUnitMonth(ctx, parseInput(unitMonthInput, input), 0)).view;
}

/** The month's figures of each manager in the unit (now), by month, for the months read. */
export interface ManagerMonthCounts {
  managerId: string;
  month: string;
  visits: number;
  late: number;
  valid: number;
  invalid: number;
  unverified: number;
  pending: number;
  points: number;
}

/**
 * The unit's month as the view shows it, with what the dashboard reads beside it: each manager's
 * coverage progress (customer by customer) and the counts of the `monthsBefore` months before
 * this one as well (one aggregate per kind over the whole range, not one per month).
 * `f` is parsed input; the caller has checked the role.
 */
export async function loadUnitMonth(ctx: Ctx, f: z.output<typeof unitMonthInput>, monthsBefore: number) {
  const timeZone = env().APP_TIMEZONE;
  const month = f.month ?? monthOf(ctx.now(), timeZone);
  const w = monthWindow(month, timeZone);
  const monthOver = ctx.now().getTime() >= w.end.getTime();
  const isSupervisor = ctx.actor.role === 'supervisor';

  // Which unit: a supervisor's own (asking for another is asking for something that is not there).
  if (isSupervisor && f.unitId && f.unitId !== ctx.actor.unitId) throw new NotFoundError();
  const units = isSupervisor ? [] : (await listUnits({ ctx })).map((u) => ({ id: u.id, name: u.name, code: u.code, active: u.active }));
  const unitId = isSupervisor ? ctx.actor.unitId : (f.unitId ?? units.find((u) => u.active)?.id ?? units[0]?.id ?? null);
  const empty = { month, monthOver, thisMonth: monthOf(ctx.now(), timeZone), units, unitLocked: isSupervisor };
  const months = Array.from({ length: monthsBefore + 1 }, (_, i) => shiftMonth(month, i - monthsBefore));
  if (!unitId) {
    const view = { ...empty, unit: null, managers: [] as UnitManagerRow[], totals: unitTotals([]), close: null, plans: { rows: [], total: 0 } };
    return { view, months, progress: new Map<string, ManagerProgress>(), byMonth: [] as ManagerMonthCounts[] };
  }
  const [unit] = await rows<{ id: string; name: string; code: string }>(ctx.db, sql`select id, name, code from units where id = ${unitId}::uuid`);
  if (!unit) throw new NotFoundError();

  // The unit's managers: those in it now who work or held claims during the month.
  const managers = await rows<{ id: string; displayName: string; username: string; active: boolean }>(
    ctx.db,
    sql`
      select u.id, u.display_name as "displayName", u.username, u.active
        from users u
       where u.role = 'manager' and u.unit_id = ${unitId}::uuid
         and (u.active or exists (select 1 from claims c where c.manager_id = u.id and c.effective_from < ${w.end.toISOString()}::timestamptz
                                   and (c.effective_to is null or c.effective_to > ${w.start.toISOString()}::timestamptz)))
       order by u.display_name, u.username`,
  );
  const ids = managers.map((m) => m.id);
  const now = ctx.now().toISOString();
  const first = monthWindow(months[0], timeZone);
  const [progress, byMonth, disputes, report, plans, spotChecks, flags] = await Promise.all([
    progressOf(ctx.db, w, ids),
    loadManagerMonthCounts(ctx.db, ctx.actor, unitId, { months, start: first.start, end: w.end, timeZone }),
    // Disputes about the month still waiting for the department, and those past its deadline.
    rows<{ managerId: string; open: number; overdue: number }>(
      ctx.db,
      sql`select manager_id as "managerId", count(*)::int as open, count(*) filter (where respond_by <= ${now}::timestamptz)::int as overdue
            from disputes where month = ${month} and manager_id = any(${uuidArray(ids)}) and state in ('open', 'under_review')
           group by manager_id`,
    ),
    allReportRows(ctx, { month, unitId }),
    listPlans({ ctx, input: { status: 'submitted', unitId, pageSize: 200 } }),
    loadSpotCheckCounts(ctx.db, { months: [month], managerIds: ids }),
    openRemovalFlagsOf(ctx.db, { unitId, managerIds: ids }),
  ]);
  const byManager = <T extends { managerId: string }>(list: T[]) => new Map(list.map((r) => [r.managerId, r]));
  const counts = byManager(byMonth.filter((r) => r.month === month));
  const open = byManager(disputes);
  const closed = byManager(report.rows);
  const checked = byManager(spotChecks);

  const rowsOut: UnitManagerRow[] = managers.map((m) => {
    const p = progress.get(m.id)!;
    const c = counts.get(m.id);
    const d = open.get(m.id);
    const a = closed.get(m.id);
    const figures: ManagerFigures = {
      required: p.required,
      done: p.done,
      visits: c?.visits ?? 0,
      late: c?.late ?? 0,
      valid: c?.valid ?? 0,
      invalid: c?.invalid ?? 0,
      unverified: c?.unverified ?? 0,
      pending: c?.pending ?? 0,
      points: c?.points ?? 0,
      openDisputes: d?.open ?? 0,
      overdueDisputes: d?.overdue ?? 0,
      coverage: coverageState({ required: p.required, done: p.done, monthOver }),
    };
    return {
      managerId: m.id,
      displayName: m.displayName,
      username: m.username,
      active: m.active,
      claimedCustomers: p.customers.length,
      gaps: p.gaps.length,
      ...figures,
      ...unitRates(figures),
      closed: a !== undefined,
      score: a?.score ?? null,
      grade: a?.grade ?? null,
      spotChecks: spotCountsOf(checked.get(m.id)),
      removalFlag: flags.get(m.id) ?? null,
    };
  });

  const view = {
    ...empty,
    unit,
    managers: rowsOut,
    totals: unitTotals(rowsOut),
    close: report.close ? { version: report.close.version, closedAt: report.close.closedAt, changedSinceClose: report.status.changedSinceClose } : null,
    plans: { rows: plans.rows, total: plans.total },
  };
  return { view, months, progress, byMonth };
}

/** A manager's spot checks of the month, none when the aggregate has no row for them. */
function spotCountsOf(r: SpotCheckCounts | undefined): SpotCheckCounts & { rate: SpotCheckRate } {
  const c = spotCheckCountsOf(r ?? {});
  return { ...c, rate: spotCheckRate(c) };
}

/**
 * Counts of each manager in the unit now (their history with them: the data scope), by month over
 * [range.start, range.end): visits by the month they were made in (the app's time zone), late
 * reports, verdicts in force (the latest version; none yet = pending) — and the month's points,
 * the sum of the ledger's entries, never a stored figure. Three queries: the unit's managers (within
 * the actor's scope), then one aggregate each on the indexes of visit_reports (manager_id,
 * visited_at), visit_verdicts (manager_id, month) and points_ledger (manager_id, month). The
 * managers go in as an array, not a subquery, so the planner walks those indexes.
 */
export async function loadManagerMonthCounts(
  db: DbOrTx,
  actor: Actor,
  unitId: string,
  range: { months: readonly string[]; start: Date; end: Date; timeZone: string },
): Promise<ManagerMonthCounts[]> {
  const scope = managerRecordsCondition(actor, alias(users, 'm').id);
  const managers = (
    await rows<{ id: string }>(db, sql`select m.id from users m where m.unit_id = ${unitId}::uuid and m.role = 'manager' ${scope ? sql`and ${scope}` : sql``}`)
  ).map((m) => m.id);
  if (managers.length === 0) return [];
  const ids = uuidArray(managers);
  const [visits, points] = await Promise.all([
    rows<Omit<ManagerMonthCounts, 'points'>>(
      db,
      sql`
        with vis as (
          select v.id, v.manager_id, v.visited_at, v.late from visit_reports v
           where v.manager_id = any(${ids}) and ${sql.raw(COUNTING_VISIT_SQL)}
             and v.visited_at >= ${range.start.toISOString()}::timestamptz and v.visited_at < ${range.end.toISOString()}::timestamptz
        ), in_force as (
          -- A verdict carries its visit's manager: the manager index keeps this to the unit's verdicts.
          select distinct on (vv.visit_id) vv.visit_id, vv.status
            from visit_verdicts vv join vis on vis.id = vv.visit_id
           where vv.manager_id = any(${ids})
           order by vv.visit_id, vv.version desc
        )
        select vis.manager_id as "managerId", to_char(vis.visited_at at time zone ${range.timeZone}, 'YYYY-MM') as month,
               count(*)::int as visits, count(*) filter (where vis.late)::int as late,
               count(*) filter (where s.status = 'valid')::int as valid, count(*) filter (where s.status = 'invalid')::int as invalid,
               count(*) filter (where s.status = 'unverified')::int as unverified, count(*) filter (where s.status is null or s.status = 'pending')::int as pending
          from vis left join in_force s on s.visit_id = vis.id
         group by 1, 2`,
    ),
    rows<{ managerId: string; month: string; points: number }>(
      db,
      sql`select l.manager_id as "managerId", l.month, sum(l.points)::int as points from points_ledger l
           where l.manager_id = any(${ids}) and l.month = any(${`{${range.months.join(',')}}`}::text[])
           group by 1, 2`,
    ),
  ]);
  const key = (r: { managerId: string; month: string }) => `${r.managerId}|${r.month}`;
  const out = new Map<string, ManagerMonthCounts>();
  const zero = { visits: 0, late: 0, valid: 0, invalid: 0, unverified: 0, pending: 0, points: 0 };
  for (const v of visits) out.set(key(v), { ...zero, ...v, points: 0 });
  for (const p of points) out.set(key(p), { ...(out.get(key(p)) ?? { ...zero, managerId: p.managerId, month: p.month }), points: p.points });
  return [...out.values()];
}
