import { eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { customers } from '@/db/schema';
import { seesEverything } from '@/lib/auth/guards';
import { claimantAt } from './queries';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';

/**
 * Which customers a person may see: staff and admin all; a supervisor their unit's; a manager the
 * ones they claim now (a manager who handed a customer over no longer sees it). Out of scope reads
 * as "does not exist", so nobody learns about other managers' customers. It lives with the claims
 * it is made of, below customers, so that reassigning a customer (./claims.ts) checks it too.
 */
export type CustomerRecord = typeof customers.$inferSelect;

/** A SQL condition on `customers` for roles scoped by unit; managers are scoped by claim in the caller's join. */
export function unitScope(actor: Actor): SQL | undefined {
  if (seesEverything(actor)) return undefined;
  if (actor.role === 'supervisor') return actor.unitId ? eq(customers.unitId, actor.unitId) : sql`false`;
  return undefined;
}

export interface CustomerInScope {
  customer: CustomerRecord;
  /** The manager claiming the customer now, if any. */
  claimantId: string | null;
  /** The actor is that manager: keeps the contacts (and sees their phones in full, lib/contacts/phone-visibility). */
  isClaimant: boolean;
}

export async function findCustomerInScope(ctx: Ctx, customerId: string, db: DbOrTx = ctx.db, options: { forUpdate?: boolean } = {}): Promise<CustomerInScope> {
  if (!isId(customerId)) throw new NotFoundError();
  const query = db.select().from(customers).where(eq(customers.id, customerId));
  const [customer] = options.forUpdate ? await query.for('update') : await query;
  if (!customer) throw new NotFoundError();
  const claimantId = await claimantAt(db, customer.id, ctx.now());
  const isClaimant = ctx.actor.role === 'manager' && claimantId === ctx.actor.id;
  const visible =
    seesEverything(ctx.actor) ||
    (ctx.actor.role === 'supervisor' && ctx.actor.unitId !== null && customer.unitId === ctx.actor.unitId) ||
    isClaimant;
  if (!visible) throw new NotFoundError();
  return { customer, claimantId, isClaimant };
}

/** Who keeps a customer's contacts: the department, and the manager claiming it now. */
export function keepsContacts(actor: Actor, scope: { isClaimant: boolean }): boolean {
  return seesEverything(actor) || scope.isClaimant;
}
