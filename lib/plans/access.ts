import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { visitPlans } from '@/db/schema';
import type { Actor } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { managerRecordsCondition } from '@/lib/auth/scope';

export type PlanRow = typeof visitPlans.$inferSelect;

/**
 * Loads a plan the actor may see (the data scope of a manager's records: lib/auth/scope.ts), locking it for the rest of the transaction when asked so
 * concurrent edits and reviews are applied one after the other. Out of scope reads as absent.
 */
export async function loadPlanInScope(db: DbOrTx, actor: Actor, planId: string, lock = false): Promise<PlanRow> {
  const query = db
    .select()
    .from(visitPlans)
    .where(and(eq(visitPlans.id, planId), managerRecordsCondition(actor, visitPlans.managerId)));
  const [plan] = lock ? await query.for('update') : await query;
  if (!plan) throw new NotFoundError();
  return plan;
}

/** Only the plan's own manager changes its items or submits it. */
export async function loadOwnPlan(db: DbOrTx, actor: Actor, planId: string): Promise<PlanRow> {
  const plan = await loadPlanInScope(db, actor, planId, true);
  if (plan.managerId !== actor.id) throw new NotFoundError();
  return plan;
}
