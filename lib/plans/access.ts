import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { visitPlans } from '@/db/schema';
import type { Actor } from '@/lib/core/context';
import { NotFoundError } from '@/lib/core/errors';
import { inManagerScope } from '@/lib/auth/guards';


export type PlanRow = typeof visitPlans.$inferSelect;

/** Does the plan fall in the actor's data scope: a manager their own, a supervisor their unit's, staff/admin all? */
export function planInScope(actor: Actor, plan: Pick<PlanRow, 'managerId' | 'unitId'>): boolean {
  return inManagerScope(actor, plan);
}

/**
 * Loads a plan the actor may see, locking it for the rest of the transaction when asked so
 * concurrent edits and reviews are applied one after the other. Out of scope reads as absent.
 */
export async function loadPlanInScope(db: DbOrTx, actor: Actor, planId: string, lock = false): Promise<PlanRow> {
  const query = db.select().from(visitPlans).where(eq(visitPlans.id, planId));
  const [plan] = lock ? await query.for('update') : await query;
  if (!plan || !planInScope(actor, plan)) throw new NotFoundError();
  return plan;
}

/** Only the plan's own manager changes its items or submits it. */
export async function loadOwnPlan(db: DbOrTx, actor: Actor, planId: string): Promise<PlanRow> {
  const plan = await loadPlanInScope(db, actor, planId, true);
  if (plan.managerId !== actor.id) throw new NotFoundError();
  return plan;
}
