import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { claims, contacts, customers } from '@/db/schema';
import type { Actor } from '@/lib/platform/core/context';
import { inManagerScope } from '@/lib/auth/guards';

/**
 * The small customer and contact look-ups visit reports need. They live here, not in
 * lib/customers, so the visit module reads only what it uses and owns how it reads it.
 */

/** Does a visit fall in the actor's data scope: a manager their own, a supervisor their unit's managers', staff/admin all? */
export function visitInScope(actor: Actor, visit: { managerId: string; managerUnitId: string | null }): boolean {
  return inManagerScope(actor, { managerId: visit.managerId, unitId: visit.managerUnitId });
}

/**
 * A month closed before has changed since (a verdict, a finding, points, a spot check's result):
 * its report says so and its next close lists what. Here, below every domain that can change a
 * closed month's figures.
 */
export async function markChangedSinceClose(tx: DbOrTx, month: string, now: Date): Promise<void> {
  await tx.execute(sql`
    update month_status set changed_since_close = true, updated_at = ${now.toISOString()}::timestamptz
     where month = ${month} and closed_version is not null and not changed_since_close`);
}

/** Has the month ('YYYY-MM') been closed (a version of its assessment frozen)? */
export async function isMonthClosed(db: DbOrTx, month: string): Promise<boolean> {
  const found = (await db.execute(sql`select 1 from month_status where month = ${month} and closed_version is not null`)) as unknown as unknown[];
  return found.length > 0;
}

export async function activeContactsOf(db: DbOrTx, customerId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.customerId, customerId), eq(contacts.active, true), inArray(contacts.id, ids)));
}

export async function contactByNamePhone(db: DbOrTx, customerId: string, name: string, phone: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.customerId, customerId), eq(contacts.name, name), eq(contacts.phone, phone)));
  return row;
}

/**
 * Customers a manager claims at `now` or claimed within `lookbackDays` before it (a report may be
 * filed for a visit made just before a handover), each with its active contacts.
 */
export async function claimedCustomersWithContacts(db: DbOrTx, managerId: string, now: Date, lookbackDays: number) {
  const since = new Date(now.getTime() - lookbackDays * 24 * 60 * 60 * 1000);
  const customerRows = await db
    .selectDistinct({ id: customers.id, name: customers.name, groupCode: customers.groupCode, class: customers.class })
    .from(claims)
    .innerJoin(customers, eq(customers.id, claims.customerId))
    .where(and(eq(claims.managerId, managerId), lte(claims.effectiveFrom, now), or(isNull(claims.effectiveTo), gt(claims.effectiveTo, since))))
    .orderBy(asc(customers.name), asc(customers.id));
  if (customerRows.length === 0) return [];
  const contactRows = await db
    .select({ id: contacts.id, customerId: contacts.customerId, name: contacts.name, title: contacts.title, role: contacts.role, phone: contacts.phone })
    .from(contacts)
    .where(and(eq(contacts.active, true), inArray(contacts.customerId, customerRows.map((c) => c.id))))
    .orderBy(asc(contacts.name), asc(contacts.id));
  const byCustomer = new Map<string, typeof contactRows>();
  for (const c of contactRows) {
    const list = byCustomer.get(c.customerId) ?? [];
    list.push(c);
    byCustomer.set(c.customerId, list);
  }
  return customerRows.map((c) => ({ ...c, contacts: byCustomer.get(c.id) ?? [] }));
}
