import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { CallbackFollowUp } from '@/lib/campaigns/follow-up';
import { CONTACT_DIALLED } from './contact-dialled';
import { recordOutcomeInTransaction, type OutcomeResult } from './outcome';
import { actorColumns } from '@/lib/auth/actor';

export type AbandonedBy = 'leaseLapsed' | 'pulledBack';

/** Kept on the attempt: what happened, for the reviewer who reads the callback's history. */
const NOTES: Record<AbandonedBy, string> = {
  leaseLapsed: '[auto] 坐席离开：已拨打客户电话但未记录结果（坐席租约到期），本次尝试按技术故障计。',
  pulledBack: '[auto] 集团客户部收回：已拨打客户电话但未记录结果，本次尝试按技术故障计。',
};

/**
 * A held callback is leaving its agent without an outcome: the desk's lease lapsed, or staff
 * pulled it back. If a call of the attempt had already dialled the contact, the attempt has
 * begun — like "put back", the callback may not simply return unworked (a contact could then be
 * rung again and again without using attempts or waiting the retry spacing). The attempt is
 * recorded, by the system in the holder's name, as a technical failure on that call
 * (recordOutcomeInTransaction's `abandoned` path), and the retry rules decide when the contact is called next.
 *
 * Runs in the caller's transaction with the task row locked. Null when the attempt never began:
 * the caller returns the task to the queue as before. Otherwise the result, and the campaign's
 * follow-up to request after commit when the attempt ended the callback (the last one).
 */
export async function endAbandonedAttempt(
  tx: DbOrTx,
  task: { id: string; holderId: string | null; attempts: number },
  now: Date,
  by: AbandonedBy,
): Promise<{ result: OutcomeResult; followUp: CallbackFollowUp | null } | null> {
  if (!task.holderId) return null;
  const [dialled] = (await tx.execute(sql`select exists (${CONTACT_DIALLED}) as dialled from callback_tasks t where t.id = ${task.id}`)) as unknown as { dialled: boolean }[];
  if (!dialled?.dialled) return null;
  const [holder] = await tx
    .select(actorColumns)
    .from(users)
    .where(eq(users.id, task.holderId));
  if (!holder) return null;
  const { result, afterCommit } = await tx.transaction((sp) =>
    recordOutcomeInTransaction({
      ctx: { db: sp, actor: holder, now: () => now },
      input: { taskId: task.id, attemptNo: task.attempts + 1, outcome: 'technical_failure', notes: NOTES[by] },
      abandoned: true,
    }),
  );
  return { result, followUp: afterCommit };
}
