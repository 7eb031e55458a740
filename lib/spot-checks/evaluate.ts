import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { recordAudit } from '@/lib/platform/audit/record';
import { env } from '@/lib/platform/config/env';
import { NotFoundError } from '@/lib/platform/core/errors';
import { column, decodedRows, toDate } from '@/lib/platform/core/sql';
import { policyInForce } from '@/lib/policy/policies';
import {
  dayResult,
  desiredPenalty,
  itemFinding,
  penaltyLedgerDelta,
  SPOT_CHECK_FINDINGS,
  SPOT_CHECK_RESULTS,
  type SpotCheckCallback,
  type SpotCheckFinding,
  type SpotCheckResult,
} from './finding-rules';
import { raiseRemovalFlagIfDue } from './flags';
import { notVisitedNotice } from './notices';
import { addNotifications } from '@/lib/notifications/store';
import { markChangedSinceClose } from '@/lib/visits/queries';

/**
 * The evaluation of a checked manager-day (电话抽查): every checked customer's finding from its
 * callbacks and any decided dispute, the visit report filed for that customer that day (shown
 * beside the finding), the day's result and penalty, the penalty ledger by difference, and the
 * removal flag. The job 'spotChecks.evaluate' runs it after any spot-check callback ends or is
 * scored (lib/campaigns/follow-up.ts); the catch-up runs it for what a lost job left behind.
 */

export interface SpotCheckEvaluation {
  spotCheckId: string;
  day: string;
  managerId: string;
  items: { id: string; finding: SpotCheckFinding | null; matchedVisitId: string | null }[];
  result: SpotCheckResult | null;
  findings: number;
  penaltyYuan: number;
  /** Ledger entries appended now (0 when nothing changed). */
  ledgerEntries: number;
  /** Whether any stored finding, match or the day's result changed. */
  changed: boolean;
  /** A removal flag raised now. */
  flagRaised: string | null;
}

const dayRow = z.object({
  id: z.string(),
  day: z.string(),
  month: z.string(),
  managerId: z.string(),
  unitId: z.string().nullable(),
  selected: z.boolean(),
  result: z.enum(SPOT_CHECK_RESULTS).nullable(),
  findings: z.number(),
  penaltyYuan: z.number(),
});

const itemRow = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  plannedAt: column.instant,
  finding: z.enum(SPOT_CHECK_FINDINGS).nullable(),
  matchedVisitId: z.string().nullable(),
  /** The latest decided dispute of the finding. */
  dispute: z.enum(['upheld', 'overturned']).nullable(),
  /** The report of this customer by the manager for the checked day, nearest the planned time. */
  match: z.string().nullable(),
});

const callbackRow = z.object({
  item: z.string(),
  origin: z.enum(['sampled', 'recheck']),
  state: z.enum(['waiting', 'ready', 'held', 'closed', 'unreachable', 'cancelled']),
  outcome: z.string().nullable(),
  result: z.enum(['valid', 'invalid']).nullable(),
  closedAt: column.instant.nullable(),
});

const ledgerRow = z.object({ id: z.number(), kind: z.enum(['penalty', 'reversal']), amountYuan: z.number(), cause: z.string(), reverses: z.number().nullable() });

/**
 * Evaluates the manager-day of one spot-check item (all its items, so the day is consistent), in
 * one transaction with the manager-day row locked: two callbacks of one day ending at once are
 * evaluated one after the other, and the second sees the first's findings and ledger entries.
 * Idempotent: evaluating again with nothing changed writes no finding, result or ledger entry.
 *
 * `event` names what asked (the job's event, e.g. `callback-<resultId>`, `expired-<taskId>`);
 * `disputeId` says a dispute's decision asked, so its ledger entries name the dispute.
 */
export async function evaluateSpotCheckItem(
  db: DbOrTx,
  input: { spotCheckItemId: string; now?: Date; event?: string; disputeId?: string },
): Promise<SpotCheckEvaluation> {
  const now = input.now ?? new Date();
  const timeZone = env().APP_TIMEZONE;
  return db.transaction(async (tx) => {
    const [day] = await decodedRows(
      tx,
      dayRow,
      sql`
        select s.id, to_char(s.day, 'YYYY-MM-DD') as day, s.month, s.manager_id as "managerId", s.unit_id as "unitId", s.selected,
               s.result, s.findings, s.penalty_yuan as "penaltyYuan"
          from spot_checks s
         where s.id = (select spot_check_id from spot_check_items where id = ${input.spotCheckItemId}::uuid)
           for update`,
    );
    if (!day) throw new NotFoundError();

    const [items, callbacks, ledger, policy] = await Promise.all([
      decodedRows(
        tx,
        itemRow,
        sql`
          select i.id, i.customer_id as "customerId", (select c.name from customers c where c.id = i.customer_id) as "customerName", i.planned_at as "plannedAt", i.finding, i.matched_visit_id as "matchedVisitId",
                 (select d.state from disputes d
                   where d.spot_check_item_id = i.id and d.state in ('upheld', 'overturned')
                   order by d.decided_at desc nulls last, d.id desc limit 1) as dispute,
                 (select v.id from visit_reports v
                   where v.manager_id = ${day.managerId}::uuid and v.customer_id = i.customer_id
                     and (v.visited_at at time zone ${timeZone})::date = ${day.day}::date
                     and v.backfill is distinct from 'rejected'
                   order by abs(extract(epoch from v.visited_at - i.planned_at)), v.id limit 1) as match
            from spot_check_items i
           where i.spot_check_id = ${day.id}::uuid
           order by i.planned_at, i.id`,
      ),
      decodedRows(
        tx,
        callbackRow,
        sql`
          select t.spot_check_item_id as item, t.origin, t.state, t.outcome, t.closed_at as "closedAt",
                 -- What the completed attempt found. A spot check asks one thing — did the manager come —
                 -- so only the script's knock-out answer ("no") makes it a finding; a low score without
                 -- it (an unhappy customer, a threshold staff raised above the script's yes) does not.
                 -- The result row is the record; the task's own result stands where no row holds it.
                 coalesce((select case when cr.knocked_out is not null then 'invalid' else 'valid' end
                             from callback_results cr join callback_attempts a on a.id = cr.attempt_id
                            where cr.task_id = t.id and a.outcome = 'completed'
                            order by cr.submitted_at desc, cr.id desc limit 1), t.result) as result
            from callback_tasks t
           where t.spot_check_item_id in (select id from spot_check_items where spot_check_id = ${day.id}::uuid)`,
      ),
      decodedRows(
        tx,
        ledgerRow,
        sql`
          select id::int as id, kind, amount_yuan as "amountYuan", cause, reverses::int as reverses
            from penalty_ledger where spot_check_id = ${day.id}::uuid order by id`,
      ),
      policyInForce(tx, 'spotCheck', day.day),
    ]);

    const byItem = new Map<string, SpotCheckCallback[]>();
    for (const c of callbacks) {
      const list = byItem.get(c.item) ?? [];
      list.push({ origin: c.origin, state: c.state, outcome: c.outcome, result: c.result, closedAt: c.closedAt === null ? null : toDate(c.closedAt) });
      byItem.set(c.item, list);
    }
    const decided = items.map((i) => {
      const found = itemFinding({ callbacks: byItem.get(i.id) ?? [], dispute: i.dispute });
      return { ...i, newFinding: found?.finding ?? null };
    });

    // A manager not checked that day has no result (the table's check): only its items' findings.
    const result = day.selected ? dayResult(decided.map((i) => i.newFinding), policy.value) : null;
    const changedItems = decided.filter((i) => i.newFinding !== i.finding || i.match !== i.matchedVisitId);
    const resultChanged = (result?.result ?? null) !== day.result || (result?.findings ?? 0) !== day.findings || (result?.penaltyYuan ?? 0) !== day.penaltyYuan;
    const delta = penaltyLedgerDelta(desiredPenalty(result, policy.value), ledger);
    const at = now.toISOString();

    if (changedItems.length > 0) {
      await tx.execute(sql`
        update spot_check_items i
           set finding = x.finding, matched_visit_id = x.match,
               finding_at = case when i.finding is distinct from x.finding then ${at}::timestamptz else i.finding_at end
          from jsonb_to_recordset(${JSON.stringify(changedItems.map((c) => ({ id: c.id, finding: c.newFinding, match: c.match })))}::jsonb)
               as x(id uuid, finding text, match uuid)
         where i.id = x.id`);
    }
    // evaluated_at: when the day was last evaluated — the catch-up compares callbacks and
    // decisions that ended later with it.
    await tx.execute(sql`
      update spot_checks
         set result = ${result?.result ?? null}, findings = ${result?.findings ?? 0}, penalty_yuan = ${result?.penaltyYuan ?? 0},
             evaluated_at = ${at}::timestamptz ${resultChanged ? sql`, updated_at = ${at}::timestamptz` : sql``}
       where id = ${day.id}::uuid`);
    if (delta.length > 0) {
      await tx.execute(sql`
        insert into penalty_ledger (manager_id, unit_id, month, spot_check_id, kind, amount_yuan, cause, cause_params, reverses, source_type, source_id, created_at)
        select ${day.managerId}::uuid, ${day.unitId}::uuid, ${day.month}, ${day.id}::uuid, x.kind, x.amount, x.cause, x.params, x.reverses,
               ${input.disputeId ? 'dispute' : 'evaluation'}, ${input.disputeId ?? input.event ?? null}, ${at}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(delta.map((e, n) => ({ kind: e.kind, amount: e.amountYuan, cause: e.cause, params: e.causeParams, reverses: e.reverses, n })))}::jsonb)
               as x(kind text, amount int, cause text, params jsonb, reverses bigint, n int)
         order by x.n`);
    }
    const notice = notVisitedNotice({ managerId: day.managerId, day: day.day, month: day.month, items: decided, penaltyYuan: result?.penaltyYuan ?? 0 });
    if (notice) await addNotifications(tx, [notice], now);
    // A closed month's 拜访到位率 is frozen with its close: a result or a charge changed since (a
    // dispute overturned, a late callback) is listed by the next close.
    if (resultChanged || delta.length > 0) await markChangedSinceClose(tx, day.month, now);
    if (changedItems.length > 0 || resultChanged || delta.length > 0) {
      await recordAudit(tx, {
        actorId: null,
        action: 'spotCheck.evaluated',
        entityType: 'spot_check',
        entityId: day.id,
        before: { result: day.result, findings: day.findings, penaltyYuan: day.penaltyYuan, items: Object.fromEntries(changedItems.map((i) => [i.id, i.finding])) },
        after: {
          result: result?.result ?? null,
          findings: result?.findings ?? 0,
          penaltyYuan: result?.penaltyYuan ?? 0,
          items: Object.fromEntries(changedItems.map((i) => [i.id, i.newFinding])),
          ledger: delta.map((e) => ({ kind: e.kind, amountYuan: e.amountYuan, cause: e.cause, reverses: e.reverses })),
          event: input.event ?? null,
          disputeId: input.disputeId ?? null,
        },
      });
    }
    // The flag reads every checked day of the window (this one's result included, just written).
    const flagRaised = result ? await raiseRemovalFlagIfDue(tx, day.managerId, now) : null;

    return {
      spotCheckId: day.id,
      day: day.day,
      managerId: day.managerId,
      items: decided.map((i) => ({ id: i.id, finding: i.newFinding, matchedVisitId: i.match })),
      result: result?.result ?? null,
      findings: result?.findings ?? 0,
      penaltyYuan: result?.penaltyYuan ?? 0,
      ledgerEntries: delta.length,
      changed: changedItems.length > 0 || resultChanged,
      flagRaised,
    };
  });
}

/**
 * The catch-up: evaluates every checked manager-day a lost 'spotChecks.evaluate' left behind —
 * one of its callbacks ended (or a dispute of it was decided) after the day was last evaluated,
 * or never evaluated at all. One evaluation per day (it evaluates all the day's items). Idempotent;
 * `limit` bounds one run (the next run takes the rest).
 */
export async function evaluateOpenSpotChecks(db: DbOrTx, now: Date = new Date(), options: { limit?: number } = {}): Promise<{ evaluated: number; changed: number }> {
  const pending = await decodedRows(
    db,
    z.object({ item: z.string() }),
    sql`
      select (select i.id from spot_check_items i where i.spot_check_id = s.id order by i.id limit 1) as item
        from spot_checks s
       where s.selected
         and (exists (select 1 from spot_check_items i join callback_tasks t on t.spot_check_item_id = i.id
                       where i.spot_check_id = s.id and t.state in ('closed', 'unreachable', 'cancelled')
                         and (s.evaluated_at is null or coalesce(t.closed_at, t.updated_at) > s.evaluated_at))
           or exists (select 1 from spot_check_items i join disputes d on d.spot_check_item_id = i.id
                       where i.spot_check_id = s.id and d.state in ('upheld', 'overturned')
                         and (s.evaluated_at is null or d.decided_at > s.evaluated_at)))
       order by s.day, s.id
       limit ${options.limit ?? 2000}`,
  );
  let changed = 0;
  for (const p of pending) {
    const r = await evaluateSpotCheckItem(db, { spotCheckItemId: p.item, now, event: 'catch-up' });
    if (r.changed || r.ledgerEntries > 0) changed++;
  }
  return { evaluated: pending.length, changed };
}
