import { and, asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { claims, contacts, customers, units, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole, seesEverything } from '@/lib/auth/guards';
import { claimActiveAt, claimRows } from '@/lib/claims/queries';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { likePattern } from '@/lib/platform/core/like-pattern';
import { parseInput } from '@/lib/platform/core/parse-input';
import { pagedList } from '@/lib/platform/core/paged-list';
import { policyInForce } from '@/lib/policy/policies';
import { dayOf } from '@/lib/platform/time/zone';
import { mayRevealPhone, seesFullPhone, shownPhone } from '@/lib/contacts/phone-visibility';
import { listCustomersInput, updateCustomerInput, type ListCustomersInput, type UpdateCustomerInput } from './schemas';
import { findCustomerInScope, keepsContacts, unitScope } from '@/lib/claims/customer-scope';

export * from './schemas';

/** DOMAIN rule 6: how many contacts a class A/B customer should have, as in force today. */
async function minContactsAB(ctx: Ctx): Promise<number> {
  const policy = await policyInForce(ctx.db, 'reporting', dayOf(ctx.now(), env().APP_TIMEZONE));
  return policy.value.minContactsAB;
}

export function belowContactMinimum(customerClass: string, activeContacts: number, minimum: number): boolean {
  return (customerClass === 'A' || customerClass === 'B') && activeContacts < minimum;
}

/**
 * Customers in the actor's scope with their current manager and number of active contacts.
 * Filters: name or group code, class, unit, current manager, status.
 */
export async function listCustomers({ ctx, input }: { ctx: Ctx; input: ListCustomersInput }) {
  assertRole(ctx.actor, 'admin', 'staff', 'supervisor', 'manager');
  const f = parseInput(listCustomersInput, input);
  const now = ctx.now();
  const current = ctx.db
    .select({ customerId: claims.customerId, managerId: claims.managerId })
    .from(claims)
    .where(claimActiveAt(now))
    .as('current_claim');
  const contactCounts = ctx.db
    .select({ customerId: contacts.customerId, contactCount: count().as('contact_count') })
    .from(contacts)
    .where(eq(contacts.active, true))
    .groupBy(contacts.customerId)
    .as('contact_counts');

  const conditions: (SQL | undefined)[] = [unitScope(ctx.actor)];
  if (ctx.actor.role === 'manager') conditions.push(eq(current.managerId, ctx.actor.id));
  if (f.q) conditions.push(or(ilike(customers.name, likePattern(f.q)), ilike(customers.groupCode, likePattern(f.q))));
  if (f.class) conditions.push(eq(customers.class, f.class));
  if (f.unitId) conditions.push(eq(customers.unitId, f.unitId));
  if (f.managerId) conditions.push(eq(current.managerId, f.managerId));
  if (f.status) conditions.push(eq(customers.status, f.status));
  const where = and(...conditions);

  const [page, minimum] = await Promise.all([
    pagedList(
      f,
      ctx.db
        .select({
          id: customers.id,
          groupCode: customers.groupCode,
          name: customers.name,
          class: customers.class,
          status: customers.status,
          unitId: customers.unitId,
          unitName: units.name,
          managerId: current.managerId,
          managerName: users.displayName,
          contactCount: contactCounts.contactCount,
        })
        .from(customers)
        .innerJoin(units, eq(units.id, customers.unitId))
        .leftJoin(current, eq(current.customerId, customers.id))
        .leftJoin(users, eq(users.id, current.managerId))
        .leftJoin(contactCounts, eq(contactCounts.customerId, customers.id))
        .where(where)
        .orderBy(asc(customers.name), asc(customers.groupCode))
        .$dynamic(),
      ctx.db.select({ total: count() }).from(customers).leftJoin(current, eq(current.customerId, customers.id)).where(where),
    ),
    minContactsAB(ctx),
  ]);
  return {
    ...page,
    rows: page.rows.map((r) => {
      const contactCount = Number(r.contactCount ?? 0);
      return { ...r, contactCount, belowContactMinimum: belowContactMinimum(r.class, contactCount, minimum) };
    }),
    minContactsAB: minimum,
  };
}

/**
 * One customer with its contacts and claim history. Contact phones follow lib/contacts/phone-visibility:
 * in full for the claiming manager, masked for everyone else (staff reveal one at a time, audited).
 */
export async function getCustomer({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  assertRole(ctx.actor, 'admin', 'staff', 'supervisor', 'manager');
  const scope = await findCustomerInScope(ctx, input.id);
  const { customer } = scope;
  const [[unit], contactRows, history, minimum] = await Promise.all([
    ctx.db.select({ code: units.code, name: units.name }).from(units).where(eq(units.id, customer.unitId)),
    ctx.db
      .select()
      .from(contacts)
      .where(eq(contacts.customerId, customer.id))
      .orderBy(desc(contacts.active), asc(contacts.name)),
    claimRows(ctx.db, customer.id),
    minContactsAB(ctx),
  ]);
  const phoneRelation = { claimsCustomer: scope.isClaimant };
  const now = ctx.now().getTime();
  const currentClaim =
    history.find((c) => c.effectiveFrom.getTime() <= now && (c.effectiveTo === null || c.effectiveTo.getTime() > now)) ?? null;
  const activeContacts = contactRows.filter((c) => c.active).length;
  return {
    ...customer,
    unitCode: unit?.code ?? '',
    unitName: unit?.name ?? '',
    contacts: contactRows.map((c) => ({
      id: c.id,
      name: c.name,
      title: c.title,
      role: c.role,
      active: c.active,
      phone: shownPhone(ctx.actor, phoneRelation, c.phone),
      updatedAt: c.updatedAt,
    })),
    claims: history,
    currentClaim,
    activeContacts,
    minContactsAB: minimum,
    belowContactMinimum: belowContactMinimum(customer.class, activeContacts, minimum),
    phonesMasked: !seesFullPhone(ctx.actor, phoneRelation),
    canRevealPhones: mayRevealPhone(ctx.actor),
    canEditCustomer: seesEverything(ctx.actor),
    canEditContacts: keepsContacts(ctx.actor, scope),
    canReassign: seesEverything(ctx.actor),
  };
}

/** The department corrects a customer's master data (class, unit, address, location, status). */
export async function updateCustomer({ ctx, input }: { ctx: Ctx; input: UpdateCustomerInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const parsed = parseInput(updateCustomerInput, input);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(customers).where(eq(customers.id, parsed.id)).for('update');
    if (!before) throw new NotFoundError();
    if (parsed.unitId !== before.unitId) {
      const [unit] = await tx.select({ active: units.active }).from(units).where(eq(units.id, parsed.unitId));
      if (!unit) throw ValidationError.field('unitId', 'customers.unknownUnit');
      if (!unit.active) throw ValidationError.field('unitId', 'customers.unitInactive');
    }
    const { id, ...next } = parsed;
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== before[k]);
    if (changed.length === 0) return before;
    const [after] = await tx.update(customers).set({ ...next, updatedAt: ctx.now() }).where(eq(customers.id, id)).returning();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'customer.updated',
      entityType: 'customer',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
    return after;
  });
}
