import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { disputes } from '@/db/schema';
import { rows } from '@/lib/platform/core/sql';
import type { Actor } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { managerRecordsCondition } from '@/lib/auth/scope';

export type DisputeRow = typeof disputes.$inferSelect;

/**
 * A dispute the actor may see (the data scope of a manager's records: lib/auth/scope.ts), locked for the rest of the transaction when asked (decisions,
 * reviews and withdrawals on one dispute are applied one after the other). Out of scope reads as absent.
 */
export async function loadDisputeInScope(db: DbOrTx, actor: Actor, disputeId: string, lock = false): Promise<DisputeRow> {
  const query = db
    .select()
    .from(disputes)
    .where(and(eq(disputes.id, disputeId), managerRecordsCondition(actor, disputes.managerId)));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new NotFoundError();
  return row;
}

/**
 * The agents who made the disputed callback: everyone with an attempt or a result on the visit's
 * sampled callback task. Checked by user id (a user may have moved from agent to staff).
 */
export async function callbackAgentsOfVisit(db: DbOrTx, visitId: string): Promise<Set<string>> {
  const found = await rows<{ agentId: string }>(
    db,
    sql`select a.agent_id as "agentId" from callback_attempts a join callback_tasks t on t.id = a.task_id
         where t.visit_id = ${visitId}::uuid and t.origin = 'sampled'
        union
        select r.agent_id from callback_results r join callback_tasks t on t.id = r.task_id
         where t.visit_id = ${visitId}::uuid and t.origin = 'sampled'`,
  );
  return new Set(found.map((r) => r.agentId));
}

/**
 * The agent of the disputed call: who submitted the latest result of the visit's sampled task,
 * else who made its latest attempt. A re-callback is never offered to them.
 */
export async function disputedCallAgent(db: DbOrTx, visitId: string): Promise<string | null> {
  const [row] = await rows<{ agentId: string | null }>(
    db,
    sql`select coalesce(
          (select r.agent_id from callback_results r join callback_tasks t on t.id = r.task_id
            where t.visit_id = ${visitId}::uuid and t.origin = 'sampled' order by r.submitted_at desc, r.id desc limit 1),
          (select a.agent_id from callback_attempts a join callback_tasks t on t.id = a.task_id
            where t.visit_id = ${visitId}::uuid and t.origin = 'sampled' order by a.ended_at desc, a.attempt_no desc limit 1)
        ) as "agentId"`,
  );
  return row?.agentId ?? null;
}
