import { and, asc, eq, gt, inArray, isNull, lt, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { claims, contacts, customers } from '@/db/schema';
import type { ContactRole, CustomerFacts } from './import-rules';

/**
 * The customers a manager claims at an instant, or at some time within a period [from, to), each
 * with the parts of its claims that fall in the query and its active contacts. The base of
 * everything assessed per manager (coverage, plans, sampling); no scope check, so callers are
 * verbs that have checked who may ask about this manager.
 */
export type ClaimWindow = { at: Date } | { from: Date; to: Date };

export interface ClaimedCustomer extends CustomerFacts {
  id: string;
  groupCode: string;
  status: 'active' | 'inactive';
  /** The manager's claims on this customer overlapping the window, earliest first (unclipped). */
  claims: { id: string; effectiveFrom: Date; effectiveTo: Date | null }[];
  contacts: { id: string; name: string; title: string; role: ContactRole; phone: string }[];
}

export async function customersClaimedBy(
  db: DbOrTx,
  managerId: string,
  window: ClaimWindow,
  options: { includeInactive?: boolean } = {},
): Promise<ClaimedCustomer[]> {
  const overlaps =
    'at' in window
      ? and(lte(claims.effectiveFrom, window.at), or(isNull(claims.effectiveTo), gt(claims.effectiveTo, window.at)))
      : and(lt(claims.effectiveFrom, window.to), or(isNull(claims.effectiveTo), gt(claims.effectiveTo, window.from)));
  const rows = await db
    .select({
      customer: customers,
      claimId: claims.id,
      effectiveFrom: claims.effectiveFrom,
      effectiveTo: claims.effectiveTo,
    })
    .from(claims)
    .innerJoin(customers, eq(customers.id, claims.customerId))
    .where(and(eq(claims.managerId, managerId), overlaps, options.includeInactive ? undefined : eq(customers.status, 'active')))
    .orderBy(asc(customers.name), asc(customers.groupCode), asc(claims.effectiveFrom));

  const byId = new Map<string, ClaimedCustomer>();
  for (const row of rows) {
    let entry = byId.get(row.customer.id);
    if (!entry) {
      const c = row.customer;
      entry = {
        id: c.id,
        groupCode: c.groupCode,
        name: c.name,
        class: c.class,
        unitId: c.unitId,
        address: c.address,
        latitude: c.latitude,
        longitude: c.longitude,
        status: c.status,
        claims: [],
        contacts: [],
      };
      byId.set(c.id, entry);
    }
    entry.claims.push({ id: row.claimId, effectiveFrom: row.effectiveFrom, effectiveTo: row.effectiveTo });
  }
  if (byId.size === 0) return [];
  const contactRows = await db
    .select({ id: contacts.id, customerId: contacts.customerId, name: contacts.name, title: contacts.title, role: contacts.role, phone: contacts.phone })
    .from(contacts)
    .where(and(inArray(contacts.customerId, [...byId.keys()]), eq(contacts.active, true)))
    .orderBy(asc(contacts.name));
  for (const { customerId, ...contact } of contactRows) byId.get(customerId)?.contacts.push(contact);
  return [...byId.values()];
}
