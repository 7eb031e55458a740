import { aliasedTable, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callbackTasks, customers, users } from '@/db/schema';
import { subjectOf, type CallbackSubject, type CampaignKind } from '@/lib/campaigns/kinds';
import { firstCallable, subjectContacts, subjectFacts } from '@/lib/campaigns/subject';
import { env } from '@/lib/platform/config/env';
import { NotFoundError } from '@/lib/platform/core/errors';
import { visitContextOf } from '@/lib/scripts/context';
import type { VisitContext } from '@/lib/scripts/definition';
import { REPORT_PLACEHOLDERS } from '@/lib/scripts/definition';

/**
 * The facts of what a callback asks about, on the server: what the script's placeholders are
 * filled from and what blind answers are compared with — the reported visit for a verification,
 * the planned visit for a spot check. The contact named in the script is the one the call dials
 * (lib/telephony placeCall: the first callable contact of lib/campaigns/subject) — so "are you
 * {contact}?" asks for the person who was rung.
 */
export interface TaskVisit {
  taskId: string;
  kind: CampaignKind;
  subject: CallbackSubject;
  state: (typeof callbackTasks.$inferSelect)['state'];
  holderId: string | null;
  heldAt: Date | null;
  attempts: number;
  customerClass: 'A' | 'B' | 'C' | 'D';
  /** The full report (or plan): never sent to an agent's browser as such for blind scripts. */
  context: VisitContext;
}

export async function loadTaskVisit(db: DbOrTx, taskId: string): Promise<TaskVisit> {
  const manager = aliasedTable(users, 'manager');
  const [row] = await db
    .select({
      task: {
        id: callbackTasks.id,
        kind: callbackTasks.kind,
        visitId: callbackTasks.visitId,
        spotCheckItemId: callbackTasks.spotCheckItemId,
        state: callbackTasks.state,
        holderId: callbackTasks.holderId,
        heldAt: callbackTasks.heldAt,
        attempts: callbackTasks.attempts,
      },
      customerClass: customers.class,
      customerName: customers.name,
      managerName: manager.displayName,
    })
    .from(callbackTasks)
    .innerJoin(customers, eq(customers.id, callbackTasks.customerId))
    .innerJoin(manager, eq(manager.id, callbackTasks.managerId))
    .where(eq(callbackTasks.id, taskId));
  if (!row) throw new NotFoundError();
  const subject = subjectOf(row.task);
  const [facts, reachable] = await Promise.all([subjectFacts(db, subject), subjectContacts(db, subject)]);
  if (!facts) throw new NotFoundError();
  const contact = firstCallable(reachable);
  return {
    taskId: row.task.id,
    kind: row.task.kind,
    subject,
    state: row.task.state,
    holderId: row.task.holderId,
    heldAt: row.task.heldAt,
    attempts: row.task.attempts,
    customerClass: row.customerClass,
    context: visitContextOf(
      {
        customerName: row.customerName,
        contactName: contact?.name ?? facts.plannedContactName,
        managerName: row.managerName,
        visitedAt: facts.at,
        type: facts.type,
        purpose: facts.purpose,
      },
      env().APP_TIMEZONE,
    ),
  };
}

/** What a blind script may show: who is called and about whom, never what the manager reported. */
export function blindContext(context: VisitContext): VisitContext {
  const out: VisitContext = { ...context };
  for (const key of REPORT_PLACEHOLDERS) out[key] = null;
  return out;
}
