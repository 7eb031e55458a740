import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { claims } from '@/db/schema';
import { claimActiveAt } from '@/lib/claims/queries';
import type { Actor } from '@/lib/platform/core/context';
import { displayPhone, maskPhone } from '@/lib/users/phone';

/**
 * THE rule for contact phone numbers (DOMAIN: information security — mask for those who don't
 * need them, log who saw what). Every verb that returns a contact's phone goes through `shownPhone`.
 *
 * - A manager sees in full the numbers of the contacts of customers they claim now: they are the
 *   ones who phone and visit them (report form, visit page, plan editor, customer page alike).
 *   A customer handed over, or a visit filed before the hand-over, shows masked.
 * - Everyone else (supervisor, staff, admin, agent) sees them masked. Staff and admin may reveal
 *   one number at a time (`revealContactPhone`), which writes an audit entry; supervisors and
 *   agents cannot (the desk dials server-side, the number never reaches the agent).
 */
export interface PhoneRelation {
  /** The actor is the manager claiming the contact's customer right now. */
  claimsCustomer: boolean;
}

export function seesFullPhone(actor: Pick<Actor, 'role'>, relation: PhoneRelation): boolean {
  return actor.role === 'manager' && relation.claimsCustomer;
}

/** Who may reveal a masked number, one at a time, audited. */
export function mayRevealPhone(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'staff' || actor.role === 'admin';
}

/** The phone as this actor may see it: displayPhone in full, or maskPhone. */
export function shownPhone(actor: Pick<Actor, 'role'>, relation: PhoneRelation, e164: string): string {
  return seesFullPhone(actor, relation) ? displayPhone(e164) : maskPhone(e164);
}

/** Of these customers, the ones the actor (a manager) claims now; empty for every other role. */
export async function customersClaimedNow(db: DbOrTx, actor: Actor, customerIds: string[], now: Date): Promise<Set<string>> {
  if (actor.role !== 'manager' || customerIds.length === 0) return new Set();
  const rows = await db
    .select({ customerId: claims.customerId })
    .from(claims)
    .where(and(eq(claims.managerId, actor.id), inArray(claims.customerId, [...new Set(customerIds)]), claimActiveAt(now)));
  return new Set(rows.map((r) => r.customerId));
}
