import { and, eq, sql, type SQL } from 'drizzle-orm';
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
 * What a dispute is about, as the callbacks read it: a visit (a verdict or a finding of it) or a
 * spot-check item (a finding of 电话抽查). The database's check (disputes_subject_target) holds
 * the ids to the subject.
 */
export type DisputeTarget = { kind: 'visit'; visitId: string } | { kind: 'spot_check'; spotCheckItemId: string };

export function targetOf(d: Pick<DisputeRow, 'id' | 'subject' | 'visitId' | 'spotCheckItemId'>): DisputeTarget {
  if (d.subject === 'spot_check') {
    if (!d.spotCheckItemId) throw new Error(`spot-check dispute ${d.id} without its item`);
    return { kind: 'spot_check', spotCheckItemId: d.spotCheckItemId };
  }
  if (!d.visitId) throw new Error(`dispute ${d.id} without its visit`);
  return { kind: 'visit', visitId: d.visitId };
}

/** The disputed callback task(s): the target's first callback (origin 'sampled'), never a re-callback. */
function sampledTaskOf(target: DisputeTarget, alias: string): SQL {
  const t = sql.raw(alias);
  return target.kind === 'visit'
    ? sql`${t}.visit_id = ${target.visitId}::uuid and ${t}.origin = 'sampled'`
    : sql`${t}.spot_check_item_id = ${target.spotCheckItemId}::uuid and ${t}.origin = 'sampled'`;
}

/**
 * The agents who made the disputed callback: everyone with an attempt or a result on the
 * target's sampled callback task. Checked by user id (a user may have moved from agent to staff).
 */
export async function callbackAgentsOf(db: DbOrTx, target: DisputeTarget): Promise<Set<string>> {
  const found = await rows<{ agentId: string }>(
    db,
    sql`select a.agent_id as "agentId" from callback_attempts a join callback_tasks t on t.id = a.task_id where ${sampledTaskOf(target, 't')}
        union
        select r.agent_id from callback_results r join callback_tasks t on t.id = r.task_id where ${sampledTaskOf(target, 't')}`,
  );
  return new Set(found.map((r) => r.agentId));
}

/**
 * The agent of the disputed call: who submitted the latest result of the target's sampled task,
 * else who made its latest attempt. A re-callback is never offered to them.
 */
export async function disputedCallAgent(db: DbOrTx, target: DisputeTarget): Promise<string | null> {
  const [row] = await rows<{ agentId: string | null }>(
    db,
    sql`select coalesce(
          (select r.agent_id from callback_results r join callback_tasks t on t.id = r.task_id
            where ${sampledTaskOf(target, 't')} order by r.submitted_at desc, r.id desc limit 1),
          (select a.agent_id from callback_attempts a join callback_tasks t on t.id = a.task_id
            where ${sampledTaskOf(target, 't')} order by a.ended_at desc, a.attempt_no desc limit 1)
        ) as "agentId"`,
  );
  return row?.agentId ?? null;
}
