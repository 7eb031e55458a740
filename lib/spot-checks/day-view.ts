import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { column, decodedRows, toDate } from '@/lib/platform/core/sql';
import { dayOf, isRealDay } from '@/lib/platform/time/zone';
import { SPOT_CHECK_FINDINGS, SPOT_CHECK_RESULTS, type SpotCheckFinding, type SpotCheckResult } from './finding-rules';
import { openManagerFlags, type OpenManagerFlag } from './flags';

/**
 * 电话抽查 for staff, one day at a time: each manager-day checked, its customers with the planned
 * time, the callback's state, the finding and the report filed for that customer that day; the
 * day's result and what the ledger charged; and the open 建议调离 flags to clear.
 */

export const spotCheckDayInput = z.object({
  day: z
    .string('errors.spotCheckResults.dayInvalid')
    .trim()
    .refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && isRealDay(d), 'errors.spotCheckResults.dayInvalid')
    .optional(),
});
export type SpotCheckDayInput = z.input<typeof spotCheckDayInput>;

export interface SpotCheckCallbackView {
  state: 'waiting' | 'ready' | 'held' | 'closed' | 'unreachable' | 'cancelled';
  outcome: string | null;
  result: 'valid' | 'invalid' | null;
  attempts: number;
  dueBy: Date | null;
  /** Set when staff or the deadline cancelled it. */
  cancelReason: string | null;
  /** Cancelled because its deadline (due_by) passed before anyone reached the customer. */
  expired: boolean;
}

export interface SpotCheckItemView {
  id: string;
  customerName: string;
  customerCode: string;
  plannedAt: Date;
  /** The day's callback (null if none was created). */
  callback: SpotCheckCallbackView | null;
  /** The latest re-callback a dispute ordered, if any. */
  recheck: SpotCheckCallbackView | null;
  finding: SpotCheckFinding | null;
  findingAt: Date | null;
  /** The report of this customer by the manager for that day (stored by the evaluation, or filed since). */
  matchedVisit: { id: string; visitedAt: Date; reportedAt: Date; type: 'on_site' | 'phone' } | null;
  /** The latest dispute of the finding and its state. */
  dispute: { id: string; state: 'open' | 'under_review' | 'upheld' | 'overturned' | 'withdrawn' } | null;
}

export interface SpotCheckManagerDayView {
  id: string;
  managerId: string;
  managerName: string;
  managerUsername: string;
  unitName: string | null;
  result: SpotCheckResult | null;
  findings: number;
  penaltyYuan: number;
  /** What the penalty ledger holds for the day (the sum of its entries). */
  chargedYuan: number;
  evaluatedAt: Date | null;
  items: SpotCheckItemView[];
}

export interface SpotCheckDayView {
  day: string;
  today: string;
  /** Managers with approved plan items that day (decided by the draw), and how many were checked. */
  decided: number;
  checked: number;
  managerDays: SpotCheckManagerDayView[];
  flags: OpenManagerFlag[];
}

/** A callback as jsonb_build_object gives it (CALLBACK_JSON). */
const callbackJson = z
  .object({
    state: z.enum(['waiting', 'ready', 'held', 'closed', 'unreachable', 'cancelled']),
    outcome: z.string().nullable(),
    result: z.enum(['valid', 'invalid']).nullable(),
    attempts: z.number(),
    dueBy: z.string().nullable(),
    cancelReason: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .nullable()
  .transform((c): SpotCheckCallbackView | null => {
    if (!c) return null;
    const dueBy = c.dueBy === null ? null : new Date(c.dueBy);
    // Cancelled at or after its deadline: closed by the timers as expired (lib/callbacks), not by staff.
    const expired = c.state === 'cancelled' && dueBy !== null && c.closedAt !== null && new Date(c.closedAt).getTime() >= dueBy.getTime();
    return { state: c.state, outcome: c.outcome, result: c.result, attempts: c.attempts, dueBy, cancelReason: c.cancelReason, expired };
  });

/** One callback task (alias) as a JSON object, or null when there is none. */
const CALLBACK_JSON = (alias: string) =>
  sql.raw(
    `case when ${alias}.id is null then null else jsonb_build_object('state', ${alias}.state, 'outcome', ${alias}.outcome, 'result', ${alias}.result, ` +
      `'attempts', ${alias}.attempts, 'dueBy', ${alias}.due_by, 'cancelReason', ${alias}.cancel_reason, 'closedAt', ${alias}.closed_at) end`,
  );

const managerDayRow = z.object({
  id: z.string(),
  managerId: z.string(),
  managerName: z.string(),
  managerUsername: z.string(),
  unitName: z.string().nullable(),
  result: z.enum(SPOT_CHECK_RESULTS).nullable(),
  findings: z.number(),
  penaltyYuan: z.number(),
  chargedYuan: z.number(),
  evaluatedAt: column.instant.nullable(),
});

const itemRow = z.object({
  id: z.string(),
  spotCheckId: z.string(),
  customerName: z.string(),
  customerCode: z.string(),
  plannedAt: column.instant,
  finding: z.enum(SPOT_CHECK_FINDINGS).nullable(),
  findingAt: column.instant.nullable(),
  callback: callbackJson,
  recheck: callbackJson,
  visitId: z.string().nullable(),
  visitedAt: column.instant.nullable(),
  reportedAt: column.instant.nullable(),
  visitType: z.enum(['on_site', 'phone']).nullable(),
  disputeId: z.string().nullable(),
  disputeState: z.enum(['open', 'under_review', 'upheld', 'overturned', 'withdrawn']).nullable(),
});
/** The checked manager-days of a day (default today in APP_TIMEZONE) and the open flags. Staff and admin. */
export async function spotCheckDay({ ctx, input = {} }: { ctx: Ctx; input?: SpotCheckDayInput }): Promise<SpotCheckDayView> {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = parseInput(spotCheckDayInput, input);
  const timeZone = env().APP_TIMEZONE;
  const today = dayOf(ctx.now(), timeZone);
  const day = f.day ?? today;
  const [counts, managerDays, items, flags] = await Promise.all([
    decodedRows(
      ctx.db,
      z.object({ decided: z.number(), checked: z.number() }),
      sql`select count(*)::int as decided, (count(*) filter (where selected))::int as checked from spot_checks where day = ${day}::date`,
    ),
    decodedRows(
      ctx.db,
      managerDayRow,
      sql`
        select s.id, s.manager_id as "managerId", u.display_name as "managerName", u.username as "managerUsername", un.name as "unitName",
               s.result, s.findings, s.penalty_yuan as "penaltyYuan", s.evaluated_at as "evaluatedAt",
               (select coalesce(sum(l.amount_yuan), 0)::int from penalty_ledger l where l.spot_check_id = s.id) as "chargedYuan"
          from spot_checks s
          join users u on u.id = s.manager_id
          left join units un on un.id = s.unit_id
         where s.day = ${day}::date and s.selected
         order by un.name nulls last, u.display_name, s.id`,
    ),
    decodedRows(
      ctx.db,
      itemRow,
      sql`
        select i.id, i.spot_check_id as "spotCheckId", c.name as "customerName", c.group_code as "customerCode",
               i.planned_at as "plannedAt", i.finding, i.finding_at as "findingAt",
               ${CALLBACK_JSON('t')} as callback, ${CALLBACK_JSON('r')} as recheck,
               v.id as "visitId", v.visited_at as "visitedAt", v.reported_at as "reportedAt", v.type as "visitType",
               d.id as "disputeId", d.state as "disputeState"
          from spot_checks s
          join spot_check_items i on i.spot_check_id = s.id
          join customers c on c.id = i.customer_id
          left join lateral (select * from callback_tasks where spot_check_item_id = i.id and origin = 'sampled' limit 1) t on true
          left join lateral (select * from callback_tasks where spot_check_item_id = i.id and origin = 'recheck' order by created_at desc, id desc limit 1) r on true
          -- The report the evaluation matched, or one filed since (a report may come in after the call).
          left join lateral (
            select v.id, v.visited_at, v.reported_at, v.type from visit_reports v
             where v.manager_id = s.manager_id and v.customer_id = i.customer_id
               and (v.visited_at at time zone ${timeZone})::date = s.day and v.backfill is distinct from 'rejected'
             order by (v.id = i.matched_visit_id) desc nulls last, abs(extract(epoch from v.visited_at - i.planned_at)), v.id
             limit 1) v on true
          left join lateral (select id, state from disputes where spot_check_item_id = i.id order by filed_at desc, id desc limit 1) d on true
         where s.day = ${day}::date and s.selected
         order by i.planned_at, i.id`,
    ),
    openManagerFlags(ctx.db),
  ]);
  const byDay = new Map<string, SpotCheckItemView[]>();
  for (const r of items) {
    const list = byDay.get(r.spotCheckId) ?? [];
    list.push({
      id: r.id,
      customerName: r.customerName,
      customerCode: r.customerCode,
      plannedAt: toDate(r.plannedAt),
      callback: r.callback,
      recheck: r.recheck,
      finding: r.finding,
      findingAt: r.findingAt === null ? null : toDate(r.findingAt),
      matchedVisit: r.visitId && r.visitedAt && r.reportedAt && r.visitType ? { id: r.visitId, visitedAt: toDate(r.visitedAt), reportedAt: toDate(r.reportedAt), type: r.visitType } : null,
      dispute: r.disputeId && r.disputeState ? { id: r.disputeId, state: r.disputeState } : null,
    });
    byDay.set(r.spotCheckId, list);
  }
  return {
    day,
    today,
    decided: counts[0]?.decided ?? 0,
    checked: counts[0]?.checked ?? 0,
    managerDays: managerDays.map((m) => ({ ...m, evaluatedAt: m.evaluatedAt === null ? null : toDate(m.evaluatedAt), items: byDay.get(m.id) ?? [] })),
    flags,
  };
}

/** Open 建议调离 flags for staff (the page's list); the unit view reads openManagerFlags in its own scope. */
export async function listOpenManagerFlags({ ctx }: { ctx: Ctx }): Promise<OpenManagerFlag[]> {
  assertRole(ctx.actor, 'staff', 'admin');
  return openManagerFlags(ctx.db);
}
