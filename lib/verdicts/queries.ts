import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { customers, units, users, visitReports, visitVerdicts } from '@/db/schema';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { findingsOfVisit } from '@/lib/checks/queries';
import { monthWindow } from '@/lib/platform/time/month-window';
import { monthSchema } from '@/lib/platform/time/month-window';
import { visitIdInput } from '@/lib/visits/schemas';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { allPages } from '@/lib/platform/core/all-pages';
import { NotFoundError } from '@/lib/platform/core/errors';
import { visitInScope } from '@/lib/visits/queries';
import { seesUnpublished, type VerdictStatus } from '@/lib/visits/verdict-status';
import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { manualResultSql, withManualMark } from './manual';
import { parseInput } from '@/lib/platform/core/parse-input';
import { pagedList } from '@/lib/platform/core/paged-list';

/**
 * Reading verdicts: one visit's verdict with its history and findings, a manager's month, and the
 * verdicts in the actor's scope (a manager their own, a supervisor their unit's managers', staff
 * and admin all). A manager sees a verdict once it is published (final); staff see every version.
 */
const READERS = ['manager', 'supervisor', 'staff', 'admin'] as const;

export interface VerdictView {
  version: number;
  status: VerdictStatus;
  final: boolean;
  reasons: { code: string; params: Record<string, string | number> }[];
  findings: { code: string; severity: string; params: Record<string, string | number> }[];
  cause: string;
  decidedAt: Date;
  publishedAt: Date | null;
}

export interface FindingView {
  code: string;
  severity: 'flag' | 'invalidating';
  params: Record<string, string | number>;
  firstFoundAt: Date;
}

export async function getVisitVerdict({ ctx, input }: { ctx: Ctx; input: { visitId: string } }) {
  assertRole(ctx.actor, ...READERS);
  const { visitId } = parseInput(visitIdInput, input);
  const [visit] = await ctx.db
    .select({ managerId: visitReports.managerId, managerUnitId: users.unitId })
    .from(visitReports)
    .innerJoin(users, eq(users.id, visitReports.managerId))
    .where(eq(visitReports.id, visitId));
  if (!visit || !visitInScope(ctx.actor, visit)) throw new NotFoundError();
  const [versions, findings, [manual]] = await Promise.all([
    ctx.db
      .select({
        version: visitVerdicts.version,
        status: visitVerdicts.status,
        final: visitVerdicts.final,
        reasons: visitVerdicts.reasons,
        findings: visitVerdicts.findings,
        cause: visitVerdicts.cause,
        decidedAt: visitVerdicts.decidedAt,
        publishedAt: visitVerdicts.publishedAt,
      })
      .from(visitVerdicts)
      .where(eq(visitVerdicts.visitId, visitId))
      .orderBy(desc(visitVerdicts.version)),
    findingsOfVisit(ctx.db, visitId),
    ctx.db.execute(sql`select ${manualResultSql(sql`${visitId}::uuid`)} as manual`) as unknown as Promise<{ manual: boolean }[]>,
  ]);
  // A verdict resting on a manual call (人工拨打) says so in its explanation.
  const marked = versions.map((v) => ({ ...v, reasons: withManualMark(v.reasons, manual?.manual ?? false) }));
  const visible = seesUnpublished(ctx.actor) ? marked : marked.filter((v) => v.publishedAt !== null);
  const latest = marked[0];
  return {
    /** The verdict the actor reads: the latest version (staff) or the latest published one (manager). */
    current: (visible[0] ?? null) as VerdictView | null,
    /** A newer version than the one shown exists, not published yet: the visit is being verified again. */
    underReview: latest !== undefined && visible[0] !== undefined && latest.version !== visible[0].version,
    /** Versions exist but none is published yet (what a manager sees while a callback is due). */
    unpublished: versions.length > 0 && visible.length === 0,
    history: visible as VerdictView[],
    findings: findings as FindingView[],
  };
}

const listInput = z.object({
  month: monthSchema,
  managerId: idField('errors.notFound').optional(),
  status: z.enum(['valid', 'invalid', 'unverified', 'pending'], 'errors.invalidValue').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListVerdictsInput = z.input<typeof listInput>;

function scopeCondition(actor: Actor): SQL | undefined {
  return managerRecordsCondition(actor, visitReports.managerId);
}

/**
 * The visits of a month in the actor's scope with the verdict each has for the actor (a manager:
 * the latest published version) and the codes of its current findings. Newest visit first.
 */
export async function listVerdicts({ ctx, input }: { ctx: Ctx; input: ListVerdictsInput }) {
  assertRole(ctx.actor, ...READERS);
  const f = parseInput(listInput, input);
  const w = monthWindow(f.month, env().APP_TIMEZONE);
  const publishedOnly = !seesUnpublished(ctx.actor);
  const verdict = sql`(select jsonb_build_object('version', vv.version, 'status', vv.status, 'final', vv.final, 'reasons', vv.reasons, 'publishedAt', vv.published_at)
      from visit_verdicts vv where vv.visit_id = ${visitReports.id} ${publishedOnly ? sql`and vv.published_at is not null` : sql``}
      order by vv.version desc limit 1)`;
  const conditions: (SQL | undefined)[] = [
    gte(visitReports.visitedAt, w.start),
    lt(visitReports.visitedAt, w.end),
    scopeCondition(ctx.actor),
    f.managerId && ctx.actor.role !== 'manager' ? eq(visitReports.managerId, f.managerId) : undefined,
  ];
  if (f.status) conditions.push(sql`(${verdict})->>'status' = ${f.status}`);
  const where = and(...conditions);
  const page = await pagedList(
    f,
    ctx.db
      .select({
        visitId: visitReports.id,
        visitedAt: visitReports.visitedAt,
        type: visitReports.type,
        late: visitReports.late,
        customerId: visitReports.customerId,
        customerName: customers.name,
        customerClass: customers.class,
        managerId: visitReports.managerId,
        managerName: users.displayName,
        unitName: units.name,
        verdict: sql<{ version: number; status: VerdictStatus; final: boolean; reasons: VerdictView['reasons']; publishedAt: string | null } | null>`${verdict}`,
        findings: sql<{ code: string; severity: string; params: Record<string, string | number> }[]>`coalesce((select jsonb_agg(jsonb_build_object('code', f.code, 'severity', f.severity, 'params', f.params) order by f.code) from visit_findings f where f.visit_id = ${visitReports.id}), '[]'::jsonb)`,
        manualCall: sql<boolean>`${manualResultSql(sql`${visitReports.id}`)}`,
      })
      .from(visitReports)
      .innerJoin(customers, eq(customers.id, visitReports.customerId))
      .innerJoin(users, eq(users.id, visitReports.managerId))
      .leftJoin(units, eq(units.id, users.unitId))
      .where(where)
      .orderBy(desc(visitReports.visitedAt), desc(visitReports.id))
      .$dynamic(),
    ctx.db.select({ total: count() }).from(visitReports).innerJoin(users, eq(users.id, visitReports.managerId)).where(where),
  );
  // A verdict resting on a manual call (人工拨打) says so in its explanation.
  const marked = page.rows.map(({ manualCall, ...r }) => (r.verdict && manualCall ? { ...r, verdict: { ...r.verdict, reasons: withManualMark(r.verdict.reasons, true) } } : r));
  return { ...page, rows: marked, month: f.month };
}

/** A manager's month of verdicts, every one of them (own for a manager; in scope for the others). */
export async function listManagerMonthVerdicts({ ctx, input }: { ctx: Ctx; input: { managerId?: string; month: string } }) {
  const managerId = ctx.actor.role === 'manager' ? ctx.actor.id : input.managerId;
  return allPages((page) => listVerdicts({ ctx, input: { month: input.month, managerId, page, pageSize: 500 } }));
}
