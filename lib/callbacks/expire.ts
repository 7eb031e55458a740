import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditRowsFrom } from '@/lib/platform/audit/record';
import { requestCallbackFollowUp } from '@/lib/campaigns/follow-up';
import { subjectOf, type CampaignKind } from '@/lib/campaigns/kinds';

/** Kept on the task (cancel_reason), read by whoever looks at the callback later. */
export const EXPIRED_REASON = '已过外呼时限（due_by），未再外呼；不计作对客户经理不利的结果。';

/**
 * Callbacks whose campaign deadline (callback_tasks.due_by) has passed while they wait or are
 * ready are cancelled: nobody is offered them any more (take-next skips them already), and their
 * campaign reads them as never against the manager (a spot check's finding becomes unverified).
 * A task an agent holds is left to finish: the call may be under way. Runs with the timers'
 * reconcile (every few minutes) and when a due timer fires past the deadline; idempotent.
 * Returns the tasks expired now; their follow-ups are requested after the statement commits.
 */
export async function expireOverdueCallbacks({ db, now }: { db: DbOrTx; now: Date }): Promise<{ expired: number }> {
  const at = now.toISOString();
  const expired = (await db.execute(sql`
    with expired as (
      update callback_tasks
         set state = 'cancelled', cancel_reason = ${EXPIRED_REASON}, appointment_at = null, closed_at = ${at}, updated_at = ${at}
       where state in ('waiting', 'ready') and due_by is not null and due_by <= ${at}
      returning id, kind, visit_id, spot_check_item_id, due_by
    ), audit as (
      ${auditRowsFrom('expired', {
        actorId: null,
        action: 'callback.expired',
        entityType: 'callback_task',
        entityId: sql`expired.id::text`,
        after: sql`jsonb_build_object('state', 'cancelled', 'dueBy', expired.due_by)`,
      })}
    )
    select id, kind, visit_id, spot_check_item_id from expired`)) as unknown as { id: string; kind: CampaignKind; visit_id: string | null; spot_check_item_id: string | null }[];
  for (const t of expired) {
    await requestCallbackFollowUp({ subject: subjectOf({ kind: t.kind, visitId: t.visit_id, spotCheckItemId: t.spot_check_item_id }), event: `expired-${t.id}` });
  }
  return { expired: expired.length };
}
