import { sql, type SQL } from 'drizzle-orm';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { allPages } from '@/lib/platform/core/all-pages';
import { NotFoundError } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import { likePattern } from '@/lib/platform/core/like-pattern';
import { policyInForce, policyOfVersion } from '@/lib/policy/policies';
import { monthOf, shiftMonth } from '@/lib/platform/time/zone';
import type { z } from 'zod';
import { readFigures, spotCheckFigures, unmeasuredOfTotals, type AssessmentFigures, type ClosedFigures, type FigureChange, type SpotCheckFigures, type Totals } from './figures';
import { spotCheckCountsOf } from '@/lib/spot-checks/report-rules';
import { readGrade, readScore, type Grade } from './grade';
import { storedRate, ratesOf, unmeasuredOf, type RateFigure, type UnmeasuredReason } from './rates';
import type { PolicyValue } from '@/lib/policy/definitions';
import { closeChangesInput, monthInput, monthReportInput, type MonthReportInput } from './schemas';
import { rows } from '@/lib/platform/core/sql';
import { monthWindow } from '@/lib/platform/time/month-window';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * The monthly assessment as closed: the months and their close status, the report of a close
 * version per manager and per unit (sorting, filters, paging), what changed between versions,
 * and a manager's own result. Staff and admin see everyone; a supervisor their unit (as it was at
 * the close); a manager only their own result.
 */

export interface CloseInfo {
  id: string;
  month: string;
  version: number;
  closedAt: Date;
  closedByName: string | null;
  policies: Record<string, number>;
  totals: Totals;
  /** The reasons of the totals' rates that were not measured. */
  unmeasured: Partial<Record<RateFigure, UnmeasuredReason>>;
  changes: FigureChange[];
}

export interface ReportRow {
  managerId: string;
  managerName: string;
  username: string;
  unitId: string | null;
  unitName: string | null;
  /** With the spot checks' (拜访到位率) always present: a manager not checked reads 0 days, 未测. */
  figures: AssessmentFigures & SpotCheckFigures;
  /** Why each rate that is null was not measured (JSON: null plus a reason code). */
  unmeasured: Partial<Record<RateFigure, UnmeasuredReason>>;
  gaps: { customerId: string; requirement: string }[];
  /** null: 样本不足 — no part of the score was measured, so no score and no grade. */
  score: number | null;
  grade: Grade | null;
}

/** A stored assessment as every reader sees it: rates through the one rule, "no score/grade" as null. */
function readAssessment<T extends { figures: ClosedFigures; score: number | string; grade: string }>(row: T) {
  const figures = readFigures(row.figures);
  return { ...row, figures, unmeasured: unmeasuredOf(figures), score: readScore(row.score), grade: readGrade(row.grade) };
}

/** Supervisors read their unit only; a supervisor without a unit reads nothing. */
function unitScope(actor: Actor): { unitId: string | null; none: boolean } {
  if (actor.role === 'supervisor') return { unitId: actor.unitId, none: !actor.unitId };
  return { unitId: null, none: false };
}

async function closeOf(ctx: Ctx, month: string, version?: number): Promise<CloseInfo | null> {
  const [c] = await rows<Omit<CloseInfo, 'closedAt' | 'unmeasured'> & { closedAt: Date | string }>(
    ctx.db,
    sql`
      select mc.id, mc.month, mc.version, mc.closed_at as "closedAt", u.display_name as "closedByName", mc.policies, mc.totals, mc.changes
        from month_closes mc left join users u on u.id = mc.closed_by
       where mc.month = ${month} ${version ? sql`and mc.version = ${version}` : sql``}
       order by mc.version desc limit 1`,
  );
  if (!c) return null;
  // Rates re-read from the sums through the one rule (an older close stored 1 for "nothing to measure").
  const n = (k: string) => Number(c.totals[k] ?? 0);
  const counts = { required: n('required'), done: n('done'), valid: n('valid'), invalid: n('invalid'), visits: n('visits'), late: n('late') };
  const r = ratesOf(counts);
  const totals = { ...c.totals, coverageRate: storedRate(r.coverageRate), validRate: storedRate(r.validRate), onTimeRate: storedRate(r.onTimeRate) };
  return { ...c, totals, unmeasured: unmeasuredOfTotals(totals), closedAt: new Date(c.closedAt) };
}

/**
 * The score weights and grade bands a close was assessed with: the assessment policy version it
 * recorded (0 = the shipped defaults). The report explains the score with them.
 */
export async function scoringOfClose(ctx: Ctx, close: Pick<CloseInfo, 'policies'>): Promise<Pick<PolicyValue<'assessment'>, 'weights' | 'gradeBands'>> {
  const value = await policyOfVersion(ctx.db, 'assessment', close.policies.assessment ?? 0);
  return { weights: value.weights, gradeBands: value.gradeBands };
}

/**
 * The months to show: from the first visit's month to last month, plus this month (in progress),
 * with each one's close status.
 */
export async function listAssessmentMonths({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'staff', 'admin', 'supervisor');
  const timeZone = env().APP_TIMEZONE;
  const thisMonth = monthOf(ctx.now(), timeZone);
  const [first] = await rows<{ at: Date | string | null }>(ctx.db, sql`select min(visited_at) as at from visit_reports`);
  const statuses = await rows<{ month: string; closedVersion: number | null; changedSinceClose: boolean; closedAt: Date | string | null; managers: number | null; averageScore: number | null }>(
    ctx.db,
    sql`
      select s.month, s.closed_version as "closedVersion", s.changed_since_close as "changedSinceClose", mc.closed_at as "closedAt",
             (mc.totals->>'managers')::int as managers, (mc.totals->>'averageScore')::float8 as "averageScore"
        from month_status s left join month_closes mc on mc.month = s.month and mc.version = s.closed_version`,
  );
  const byMonth = new Map(statuses.map((s) => [s.month, s]));
  const firstMonth = first?.at ? monthOf(new Date(first.at), timeZone) : thisMonth;
  const months: string[] = [];
  for (let m = thisMonth; m >= firstMonth && months.length < 120; m = shiftMonth(m, -1)) months.push(m);
  for (const s of statuses) if (!months.includes(s.month)) months.push(s.month);
  months.sort().reverse();
  const closeDay = (await policyInForce(ctx.db, 'assessment', monthWindow(shiftMonth(thisMonth, -1), timeZone).lastDay)).value.closeDay;
  return {
    thisMonth,
    closeDay,
    months: months.map((month) => {
      const s = byMonth.get(month);
      return {
        month,
        over: ctx.now().getTime() >= monthWindow(month, timeZone).end.getTime(),
        closedVersion: s?.closedVersion ?? null,
        changedSinceClose: s?.changedSinceClose ?? false,
        closedAt: s?.closedAt ? new Date(s.closedAt) : null,
        managers: s?.managers ?? null,
        averageScore: s?.averageScore ?? null,
      };
    }),
  };
}

const SORTS: Record<string, SQL> = {
  manager: sql`u.display_name`,
  unit: sql`un.name`,
  // No score (样本不足) sorts with the nulls: last.
  score: sql`a.score`,
  claimedCustomers: sql`(a.figures->>'claimedCustomers')::float8`,
  required: sql`(a.figures->>'required')::float8`,
  done: sql`(a.figures->>'done')::float8`,
  coverageRate: sql`(a.figures->>'coverageRate')::float8`,
  sampled: sql`(a.figures->>'sampled')::float8`,
  valid: sql`(a.figures->>'valid')::float8`,
  invalid: sql`(a.figures->>'invalid')::float8`,
  unverified: sql`(a.figures->>'unverified')::float8`,
  validRate: sql`(a.figures->>'validRate')::float8`,
  onTimeRate: sql`(a.figures->>'onTimeRate')::float8`,
  points: sql`(a.figures->>'points')::float8`,
  // Absent for a manager not checked: null, so last (未测).
  spotCheckRate: sql`(a.figures->>'spotCheckRate')::float8`,
  spotCheckFindings: sql`coalesce((a.figures->>'spotCheckFindings')::float8, 0)`,
  spotCheckYuan: sql`coalesce((a.figures->>'spotCheckYuan')::float8, 0)`,
};

/** The conditions of a report query on `month_assessments a` joined with users u and units un. */
function reportWhere(ctx: Ctx, closeId: string, f: z.output<typeof monthReportInput>): SQL {
  const scope = unitScope(ctx.actor);
  const parts: SQL[] = [sql`a.close_id = ${closeId}::uuid`];
  const unitId = scope.unitId ?? f.unitId;
  if (unitId) parts.push(sql`a.unit_id = ${unitId}::uuid`);
  // 'insufficient_sample' (NO_GRADE) finds the managers without a grade.
  if (f.grade) parts.push(sql`a.grade = ${f.grade}`);
  if (f.coverageFailed) parts.push(sql`(a.figures->>'coverageFailed')::int = ${f.coverageFailed === 'yes' ? 1 : 0}`);
  if (f.q) {
    const pattern = likePattern(f.q);
    parts.push(sql`(u.display_name ilike ${pattern} or u.username ilike ${pattern})`);
  }
  return sql.join(parts, sql` and `);
}

export async function getMonthReport({ ctx, input }: { ctx: Ctx; input: MonthReportInput }) {
  assertRole(ctx.actor, 'staff', 'admin', 'supervisor');
  const f = parseInput(monthReportInput, input);
  const scope = unitScope(ctx.actor);
  const timeZone = env().APP_TIMEZONE;
  const [status] = await rows<{ closedVersion: number | null; changedSinceClose: boolean }>(
    ctx.db,
    sql`select closed_version as "closedVersion", changed_since_close as "changedSinceClose" from month_status where month = ${f.month}`,
  );
  const versions = await rows<{ version: number; closedAt: Date | string; closedByName: string | null; changes: number }>(
    ctx.db,
    sql`
      select mc.version, mc.closed_at as "closedAt", u.display_name as "closedByName", jsonb_array_length(mc.changes)::int as changes
        from month_closes mc left join users u on u.id = mc.closed_by where mc.month = ${f.month} order by mc.version desc`,
  );
  const base = {
    month: f.month,
    over: ctx.now().getTime() >= monthWindow(f.month, timeZone).end.getTime(),
    status: { closedVersion: status?.closedVersion ?? null, changedSinceClose: status?.changedSinceClose ?? false },
    versions: versions.map((v) => ({ ...v, closedAt: new Date(v.closedAt) })),
    filters: f,
    unitLocked: ctx.actor.role === 'supervisor',
  };
  if (f.version && !versions.some((v) => v.version === f.version)) throw new NotFoundError('assessment.versionNotFound');
  const close = versions.length > 0 ? await closeOf(ctx, f.month, f.version) : null;
  if (!close || scope.none) return { ...base, close: null, rows: [] as ReportRow[], total: 0, units: [], unitOptions: [], changes: [] as (FigureChange & { managerName: string })[], scoring: null };

  const where = reportWhere(ctx, close.id, f);
  const order = SORTS[f.sort] ?? SORTS.manager;
  const direction = f.dir === 'desc' ? sql`desc nulls last` : sql`asc nulls last`;
  const [found, [{ total }], units, unitOptions] = await Promise.all([
    rows<Omit<ReportRow, 'score' | 'grade' | 'unmeasured'> & { score: number | string; grade: string }>(
      ctx.db,
      sql`
        select a.manager_id as "managerId", u.display_name as "managerName", u.username, a.unit_id as "unitId", un.name as "unitName",
               a.figures, a.gaps, a.score, a.grade
          from month_assessments a join users u on u.id = a.manager_id left join units un on un.id = a.unit_id
         where ${where}
         order by ${order} ${direction}, u.display_name, a.manager_id
         limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`,
    ),
    rows<{ total: number }>(ctx.db, sql`select count(*)::int as total from month_assessments a join users u on u.id = a.manager_id left join units un on un.id = a.unit_id where ${where}`),
    unitTotals(ctx, close.id, scope.unitId),
    rows<{ id: string; name: string }>(
      ctx.db,
      sql`select distinct un.id, un.name from month_assessments a join units un on un.id = a.unit_id where a.close_id = ${close.id}::uuid ${scope.unitId ? sql`and a.unit_id = ${scope.unitId}::uuid` : sql``} order by un.name`,
    ),
  ]);
  return {
    ...base,
    close,
    rows: found.map(readAssessment) as ReportRow[],
    total,
    units,
    unitOptions,
    changes: await namedChanges(ctx, close.changes, scope.unitId, close.id),
    scoring: await scoringOfClose(ctx, close),
  };
}

export interface UnitTotals {
  unitId: string | null;
  unitName: string | null;
  managers: number;
  claimedCustomers: number;
  required: number;
  done: number;
  visits: number;
  late: number;
  sampled: number;
  valid: number;
  invalid: number;
  unverified: number;
  pending: number;
  points: number;
  coverageFailed: number;
  /** Of the unit's managers with a score; null when none has one. */
  averageScore: number | null;
  /** Managers without a score (样本不足). */
  unscored: number;
  /** The unit's spot checks (拜访到位率), summed over its managers. */
  spotCheckDays: number;
  spotCheckOnSite: number;
  spotCheckIncomplete: number;
  spotCheckNone: number;
  spotCheckFindings: number;
  spotCheckYuan: number;
  spotCheckOpen: number;
}

/** Per unit: sums of the figures and rates recomputed from the sums; the average score. */
async function unitTotals(ctx: Ctx, closeId: string, unitId: string | null) {
  const sum = (k: string) => sql`coalesce(sum((a.figures->>${k})::float8), 0)::float8`;
  const found = await rows<UnitTotals>(
    ctx.db,
    sql`
      select a.unit_id as "unitId", un.name as "unitName", count(*)::int as managers,
             ${sum('claimedCustomers')} as "claimedCustomers", ${sum('required')} as required, ${sum('done')} as done,
             ${sum('visits')} as visits, ${sum('late')} as late, ${sum('sampled')} as sampled, ${sum('valid')} as valid,
             ${sum('invalid')} as invalid, ${sum('unverified')} as unverified, ${sum('pending')} as pending, ${sum('points')} as points,
             ${sum('coverageFailed')} as "coverageFailed",
             ${sum('spotCheckDays')} as "spotCheckDays", ${sum('spotCheckOnSite')} as "spotCheckOnSite", ${sum('spotCheckIncomplete')} as "spotCheckIncomplete",
             ${sum('spotCheckNone')} as "spotCheckNone", ${sum('spotCheckFindings')} as "spotCheckFindings", ${sum('spotCheckYuan')} as "spotCheckYuan",
             ${sum('spotCheckOpen')} as "spotCheckOpen",
             round(avg(a.score)::numeric, 1)::float8 as "averageScore", count(*) filter (where a.score is null)::int as unscored
        from month_assessments a left join units un on un.id = a.unit_id
       where a.close_id = ${closeId}::uuid ${unitId ? sql`and a.unit_id = ${unitId}::uuid` : sql``}
       group by a.unit_id, un.name order by un.name`,
  );
  return found.map((u) => {
    const r = ratesOf(u);
    const spot = spotCheckCountsOf({ days: u.spotCheckDays, onSite: u.spotCheckOnSite, incomplete: u.spotCheckIncomplete, none: u.spotCheckNone, findings: u.spotCheckFindings, yuan: u.spotCheckYuan, open: u.spotCheckOpen });
    return {
      ...u,
      coverageRate: storedRate(r.coverageRate),
      onTimeRate: storedRate(r.onTimeRate),
      validRate: storedRate(r.validRate),
      // From the unit's sums, not an average of its managers' rates; null (未测) with no checked day.
      spotCheckRate: spotCheckFigures(spot).spotCheckRate,
      unmeasured: unmeasuredOf(u),
    };
  });
}

/** Changes with the managers' names; a supervisor sees their unit's managers' changes only. */
async function namedChanges(ctx: Ctx, changes: FigureChange[], unitId: string | null, closeId: string) {
  if (changes.length === 0) return [];
  const ids = [...new Set(changes.map((c) => c.managerId))];
  const names = await rows<{ id: string; displayName: string; unitId: string | null }>(
    ctx.db,
    sql`
      select u.id, u.display_name as "displayName",
             coalesce((select a.unit_id from month_assessments a where a.close_id = ${closeId}::uuid and a.manager_id = u.id), u.unit_id) as "unitId"
        from users u where u.id = any(${`{${ids.join(',')}}`}::uuid[])`,
  );
  const byId = new Map(names.map((n) => [n.id, n]));
  return changes.filter((c) => !unitId || byId.get(c.managerId)?.unitId === unitId).map((c) => ({ ...c, managerName: byId.get(c.managerId)?.displayName ?? c.managerId }));
}

/** What changed in one close version (from the version before it). */
export async function getCloseChanges({ ctx, input }: { ctx: Ctx; input: z.input<typeof closeChangesInput> }) {
  assertRole(ctx.actor, 'staff', 'admin', 'supervisor');
  const f = parseInput(closeChangesInput, input);
  const close = await closeOf(ctx, f.month, f.version);
  if (!close) throw new NotFoundError('assessment.versionNotFound');
  const scope = unitScope(ctx.actor);
  if (scope.none) return { close, changes: [] };
  return { close, changes: await namedChanges(ctx, close.changes, scope.unitId, close.id) };
}

/** Every row of a report (all pages) for the export. */
export async function allReportRows(ctx: Ctx, input: MonthReportInput) {
  return allPages((page) => getMonthReport({ ctx, input: { ...input, page, pageSize: 500 } }));
}

/**
 * A manager's result for a month: the latest close's figures, score and grade (null while the
 * month is not closed). Managers read their own; staff, admin and the unit's supervisor any.
 */
export async function managerMonthResult({ ctx, input }: { ctx: Ctx; input: { month: string; managerId?: string } }) {
  assertRole(ctx.actor, 'manager', 'supervisor', 'staff', 'admin');
  const { month } = parseInput(monthInput, { month: input.month });
  const managerId = ctx.actor.role === 'manager' ? ctx.actor.id : input.managerId;
  if (!managerId) throw new NotFoundError();
  const [found] = await rows<{ version: number; closedAt: Date | string; figures: AssessmentFigures; gaps: ReportRow['gaps']; score: number | string; grade: string; unitId: string | null }>(
    ctx.db,
    sql`
      select mc.version, mc.closed_at as "closedAt", a.figures, a.gaps, a.score, a.grade, a.unit_id as "unitId"
        from month_closes mc join month_assessments a on a.close_id = mc.id and a.manager_id = ${managerId}::uuid
       where mc.month = ${month} order by mc.version desc limit 1`,
  );
  if (ctx.actor.role === 'supervisor') {
    const [m] = await rows<{ unitId: string | null }>(ctx.db, sql`select unit_id as "unitId" from users where id = ${managerId}::uuid`);
    if (!ctx.actor.unitId || (m?.unitId !== ctx.actor.unitId && found?.unitId !== ctx.actor.unitId)) throw new NotFoundError();
  }
  return found ? { ...readAssessment(found), closedAt: new Date(found.closedAt) } : null;
}

/**
 * A manager's closed months, newest first: the latest close's score, grade and points of each
 * month they were assessed in, and whether the month changed since (a dispute overturned…).
 * Managers read their own; staff and admin anyone's; a supervisor their unit's managers'.
 */
export async function managerClosedMonths({ ctx, input = {} }: { ctx: Ctx; input?: { managerId?: string } }) {
  assertRole(ctx.actor, 'manager', 'supervisor', 'staff', 'admin');
  const managerId = ctx.actor.role === 'manager' ? ctx.actor.id : input.managerId;
  if (!managerId || !isId(managerId)) throw new NotFoundError();
  if (ctx.actor.role === 'supervisor') {
    const [m] = await rows<{ unitId: string | null }>(ctx.db, sql`select unit_id as "unitId" from users where id = ${managerId}::uuid`);
    if (!ctx.actor.unitId || m?.unitId !== ctx.actor.unitId) throw new NotFoundError();
  }
  const found = await rows<{ month: string; version: number; closedAt: Date | string; score: number | string; grade: string; points: number; changedSinceClose: boolean }>(
    ctx.db,
    sql`
      select s.month, mc.version, mc.closed_at as "closedAt", a.score, a.grade, (a.figures->>'points')::float8 as points, s.changed_since_close as "changedSinceClose"
        from month_status s
        join month_closes mc on mc.month = s.month and mc.version = s.closed_version
        join month_assessments a on a.close_id = mc.id and a.manager_id = ${managerId}::uuid
       order by s.month desc`,
  );
  return found.map((r) => ({ ...r, score: readScore(r.score), grade: readGrade(r.grade), closedAt: new Date(r.closedAt) }));
}
