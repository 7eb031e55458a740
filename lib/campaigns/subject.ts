import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { contacts, spotCheckItems, visitPlanItems, visitReportContacts, visitReports } from '@/db/schema';
import type { CallbackSubject } from './kinds';

/** A contact a callback may ring, as the engine reads it (the phone never leaves the server unmasked for agents). */
export interface SubjectContact {
  id: string;
  name: string;
  title: string;
  role: 'key_person' | 'liaison';
  phone: string;
  active: boolean;
}

/**
 * Who a callback may call, first choice first.
 * - verification: the contacts the manager reported visiting (key persons first, then by name).
 * - spot check: the contact the plan names, then the customer's other contacts on file — the
 *   numbers on file, never the phone typed into the plan, so a plan cannot route the check to a
 *   number of the manager's choosing.
 */
export async function subjectContacts(db: DbOrTx, subject: CallbackSubject): Promise<SubjectContact[]> {
  const columns = { id: contacts.id, name: contacts.name, title: contacts.title, role: contacts.role, phone: contacts.phone, active: contacts.active };
  if (subject.kind === 'verification') {
    return db
      .select(columns)
      .from(visitReportContacts)
      .innerJoin(contacts, eq(contacts.id, visitReportContacts.contactId))
      .where(eq(visitReportContacts.visitId, subject.visitId))
      .orderBy(asc(contacts.role), asc(contacts.name), asc(contacts.id));
  }
  // The plan names its contact by id when picked from the file, else by the name typed in.
  const planned = sql`(${contacts.id} = ${spotCheckItems.contactId} or ${contacts.name} = ${visitPlanItems.contactName}) is not true`;
  return db
    .select(columns)
    .from(spotCheckItems)
    .innerJoin(visitPlanItems, eq(visitPlanItems.id, spotCheckItems.planItemId))
    .innerJoin(contacts, eq(contacts.customerId, spotCheckItems.customerId))
    .where(eq(spotCheckItems.id, subject.spotCheckItemId))
    .orderBy(planned, asc(contacts.role), asc(contacts.name), asc(contacts.id));
}

/**
 * What the callback asks about, for the script's placeholders and the desk: the visit as the
 * manager reported it, or the visit as the manager planned it (a spot check asks about the day
 * planned, before any report exists). `at` is the visit's or the planned time; `type` is null for
 * a plan (a plan item does not say on site or by phone).
 */
export interface SubjectFacts {
  at: Date;
  type: 'on_site' | 'phone' | null;
  purpose: string | null;
  /** The name the plan gives the contact, when the plan names one not on file. */
  plannedContactName: string | null;
}

export async function subjectFacts(db: DbOrTx, subject: CallbackSubject): Promise<SubjectFacts | null> {
  if (subject.kind === 'verification') {
    const [v] = await db
      .select({ at: visitReports.visitedAt, type: visitReports.type, purpose: visitReports.purpose })
      .from(visitReports)
      .where(eq(visitReports.id, subject.visitId));
    return v ? { ...v, plannedContactName: null } : null;
  }
  const [p] = await db
    .select({ at: visitPlanItems.plannedAt, purpose: visitPlanItems.purpose, plannedContactName: visitPlanItems.contactName })
    .from(spotCheckItems)
    .innerJoin(visitPlanItems, eq(visitPlanItems.id, spotCheckItems.planItemId))
    .where(eq(spotCheckItems.id, subject.spotCheckItemId));
  return p ? { at: p.at, type: null, purpose: p.purpose, plannedContactName: p.plannedContactName } : null;
}

/** The first active contact with a phone: who "Call" rings when the agent does not choose. */
export function firstCallable(list: readonly SubjectContact[]): SubjectContact | undefined {
  return list.find((c) => c.active && c.phone);
}
