import { aliasedTable, and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callbackTasks, contacts, customers, users, visitReportContacts, visitReports } from '@/db/schema';
import { env } from '@/lib/platform/config/env';
import { NotFoundError } from '@/lib/platform/core/errors';
import { visitContextOf } from '@/lib/scripts/context';
import type { VisitContext } from '@/lib/scripts/definition';
import { REPORT_PLACEHOLDERS } from '@/lib/scripts/definition';

/**
 * The facts of the visit a callback verifies, on the server: what the script's placeholders are
 * filled from and what blind answers are compared with. The contact named in the script is the
 * one the call dials (lib/telephony placeCall: the first active visited contact by role and
 * name) — so "are you {contact}?" asks for the person who was rung.
 */
export interface TaskVisit {
  taskId: string;
  visitId: string;
  state: (typeof callbackTasks.$inferSelect)['state'];
  holderId: string | null;
  heldAt: Date | null;
  attempts: number;
  customerClass: 'A' | 'B' | 'C' | 'D';
  /** The full report: never sent to an agent's browser as such for blind scripts. */
  context: VisitContext;
}

export async function loadTaskVisit(db: DbOrTx, taskId: string): Promise<TaskVisit> {
  const manager = aliasedTable(users, 'manager');
  const [row] = await db
    .select({
      task: { id: callbackTasks.id, visitId: callbackTasks.visitId, state: callbackTasks.state, holderId: callbackTasks.holderId, heldAt: callbackTasks.heldAt, attempts: callbackTasks.attempts },
      customerClass: customers.class,
      customerName: customers.name,
      managerName: manager.displayName,
      visitedAt: visitReports.visitedAt,
      type: visitReports.type,
      purpose: visitReports.purpose,
    })
    .from(callbackTasks)
    .innerJoin(customers, eq(customers.id, callbackTasks.customerId))
    .innerJoin(manager, eq(manager.id, callbackTasks.managerId))
    .innerJoin(visitReports, eq(visitReports.id, callbackTasks.visitId))
    .where(eq(callbackTasks.id, taskId));
  if (!row) throw new NotFoundError();
  const [contact] = await db
    .select({ name: contacts.name })
    .from(visitReportContacts)
    .innerJoin(contacts, eq(contacts.id, visitReportContacts.contactId))
    .where(and(eq(visitReportContacts.visitId, row.task.visitId), eq(contacts.active, true)))
    .orderBy(asc(contacts.role), asc(contacts.name), asc(contacts.id))
    .limit(1);
  return {
    taskId: row.task.id,
    visitId: row.task.visitId,
    state: row.task.state,
    holderId: row.task.holderId,
    heldAt: row.task.heldAt,
    attempts: row.task.attempts,
    customerClass: row.customerClass,
    context: visitContextOf(
      { customerName: row.customerName, contactName: contact?.name ?? null, managerName: row.managerName, visitedAt: row.visitedAt, type: row.type, purpose: row.purpose },
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
