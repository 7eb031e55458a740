import { and, asc, count, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { claims, contacts, customers, units, users, visitPlanEvents, visitPlanItems, visitPlans } from '@/db/schema';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { customersClaimedNow, seesFullPhone, shownPhone } from '@/lib/contacts/phone-visibility';
import { monthRange } from '@/lib/platform/time/zone';
import { loadPlanInScope } from './access';
import { compareEvents, isEditable, isReviewable, type PlanStatus } from './rules';
import { getPlanInput, listPlansInput, planCustomersInput, type PlanStatusFilter } from './schemas';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { parseInput } from '@/lib/platform/core/parse-input';
import { pagedList } from '@/lib/platform/core/paged-list';

const PLAN_READERS = ['manager', 'supervisor', 'staff', 'admin'] as const;

/**
 * Plans in the actor's scope: a manager their own, a supervisor their unit's (by default only
 * those waiting for review: the approval queue), staff and admin all.
 */
export async function listPlans({ ctx, input }: { ctx: Ctx; input: z.input<typeof listPlansInput> }) {
  assertRole(ctx.actor, ...PLAN_READERS);
  const f = parseInput(listPlansInput, input);
  const { actor } = ctx;
  const status: PlanStatusFilter = f.status ?? (actor.role === 'supervisor' ? 'submitted' : 'all');
  const conditions: SQL[] = [];
  const scope = managerRecordsCondition(actor, visitPlans.managerId);
  if (scope) conditions.push(scope);
  else if (f.unitId) conditions.push(eq(visitPlans.unitId, f.unitId));
  if (f.managerId && actor.role !== 'manager') conditions.push(eq(visitPlans.managerId, f.managerId));
  if (f.month) conditions.push(eq(visitPlans.month, f.month));
  if (status !== 'all') conditions.push(eq(visitPlans.status, status));
  const where = and(...conditions);

  const itemCounts = ctx.db
    .select({ planId: visitPlanItems.planId, items: count().as('items') })
    .from(visitPlanItems)
    .groupBy(visitPlanItems.planId)
    .as('item_counts');
  const page = await pagedList(
    f,
    ctx.db
      .select({
        id: visitPlans.id,
        month: visitPlans.month,
        status: visitPlans.status,
        revision: visitPlans.revision,
        submittedAt: visitPlans.submittedAt,
        reviewedAt: visitPlans.reviewedAt,
        updatedAt: visitPlans.updatedAt,
        managerId: visitPlans.managerId,
        managerName: users.displayName,
        unitId: visitPlans.unitId,
        unitName: units.name,
        items: sql<number>`coalesce(${itemCounts.items}, 0)`.mapWith(Number),
      })
      .from(visitPlans)
      .innerJoin(users, eq(users.id, visitPlans.managerId))
      .innerJoin(units, eq(units.id, visitPlans.unitId))
      .leftJoin(itemCounts, eq(itemCounts.planId, visitPlans.id))
      .where(where)
      // Newest month first; within a month the longest-waiting submission first, as a queue.
      .orderBy(desc(visitPlans.month), sql`${visitPlans.submittedAt} asc nulls last`, asc(users.displayName), asc(visitPlans.id))
      .$dynamic(),
    ctx.db.select({ total: count() }).from(visitPlans).where(where),
  );
  return { ...page, status };
}

/** The managers and units the actor may filter plans by. */
export async function listPlanFilterOptions({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, ...PLAN_READERS);
  const { actor } = ctx;
  if (actor.role === 'manager') return { managers: [], units: [] };
  if (actor.role === 'supervisor' && !actor.unitId) return { managers: [], units: [] };
  const managerScope = actor.role === 'supervisor' ? eq(users.unitId, actor.unitId!) : undefined;
  const [managers, unitRows] = await Promise.all([
    ctx.db
      .select({ id: users.id, displayName: users.displayName, username: users.username, unitId: users.unitId })
      .from(users)
      .where(and(eq(users.role, 'manager'), managerScope))
      .orderBy(asc(users.displayName)),
    actor.role === 'supervisor'
      ? Promise.resolve([])
      : ctx.db.select({ id: units.id, name: units.name, code: units.code }).from(units).orderBy(asc(units.code)),
  ]);
  return { managers, units: unitRows };
}

/**
 * One plan with its items and history, if it is in the actor's scope. Contact phones follow
 * lib/contacts/phone-visibility: in full to the plan's manager for the customers they claim now,
 * masked for reviewers and for customers handed over since.
 */
export async function getPlan({ ctx, input }: { ctx: Ctx; input: z.input<typeof getPlanInput> }) {
  assertRole(ctx.actor, ...PLAN_READERS);
  const { planId } = parseInput(getPlanInput, input);
  const plan = await loadPlanInScope(ctx.db, ctx.actor, planId);
  const reviewer = alias(users, 'reviewer');
  const eventActor = alias(users, 'event_actor');
  const [nameRows, items, events] = await Promise.all([
    ctx.db
      .select({ managerName: users.displayName, unitName: units.name, reviewerName: reviewer.displayName })
      .from(visitPlans)
      .innerJoin(users, eq(users.id, visitPlans.managerId))
      .innerJoin(units, eq(units.id, visitPlans.unitId))
      .leftJoin(reviewer, eq(reviewer.id, visitPlans.reviewedBy))
      .where(eq(visitPlans.id, plan.id)),
    ctx.db
      .select({
        id: visitPlanItems.id,
        customerId: visitPlanItems.customerId,
        customerName: customers.name,
        groupCode: customers.groupCode,
        customerClass: customers.class,
        contactId: visitPlanItems.contactId,
        contactName: visitPlanItems.contactName,
        contactPhone: visitPlanItems.contactPhone,
        plannedAt: visitPlanItems.plannedAt,
        place: visitPlanItems.place,
        purpose: visitPlanItems.purpose,
        position: visitPlanItems.position,
      })
      .from(visitPlanItems)
      .innerJoin(customers, eq(customers.id, visitPlanItems.customerId))
      .where(eq(visitPlanItems.planId, plan.id))
      // By planned time, as a manager and their reviewer read a month; the order typed breaks ties.
      .orderBy(asc(visitPlanItems.plannedAt), asc(visitPlanItems.position), asc(visitPlanItems.id)),
    ctx.db
      .select({
        id: visitPlanEvents.id,
        action: visitPlanEvents.action,
        revision: visitPlanEvents.revision,
        comment: visitPlanEvents.comment,
        at: visitPlanEvents.at,
        actorId: visitPlanEvents.actorId,
        actorName: eventActor.displayName,
      })
      .from(visitPlanEvents)
      .innerJoin(eventActor, eq(eventActor.id, visitPlanEvents.actorId))
      .where(eq(visitPlanEvents.planId, plan.id)),
  ]);
  const names = nameRows[0];
  const isOwner = plan.managerId === ctx.actor.id;
  const claimedNow = await customersClaimedNow(ctx.db, ctx.actor, items.map((i) => i.customerId), ctx.now());
  const phoneRelation = (customerId: string) => ({ claimsCustomer: claimedNow.has(customerId) });
  const status: PlanStatus = plan.status;
  return {
    ...plan,
    managerName: names.managerName,
    unitName: names.unitName,
    reviewerName: names.reviewerName,
    items: items.map((item) => ({ ...item, contactPhone: shownPhone(ctx.actor, phoneRelation(item.customerId), item.contactPhone) })),
    events: events.sort(compareEvents),
    phonesMasked: items.some((item) => !seesFullPhone(ctx.actor, phoneRelation(item.customerId))),
    canEdit: isOwner && isEditable(status),
    canSubmit: isOwner && isEditable(status) && items.length > 0,
    canReview: ['supervisor', 'staff', 'admin'].includes(ctx.actor.role) && isReviewable(status),
  };
}

/**
 * What the plan form offers the manager: the customers they claim at some time in the month,
 * with the periods of those claims and each customer's active contacts on file.
 */
export async function listPlanCustomers({ ctx, input }: { ctx: Ctx; input: z.input<typeof planCustomersInput> }) {
  assertRole(ctx.actor, 'manager');
  const { month } = parseInput(planCustomersInput, input);
  const { start, end } = monthRange(month, env().APP_TIMEZONE);
  const claimed = await ctx.db
    .select({
      id: customers.id,
      name: customers.name,
      groupCode: customers.groupCode,
      customerClass: customers.class,
      address: customers.address,
      from: claims.effectiveFrom,
      to: claims.effectiveTo,
    })
    .from(claims)
    .innerJoin(customers, eq(customers.id, claims.customerId))
    .where(
      and(
        eq(claims.managerId, ctx.actor.id),
        lt(claims.effectiveFrom, end),
        or(isNull(claims.effectiveTo), gt(claims.effectiveTo, start)),
      ),
    )
    .orderBy(asc(customers.name), asc(claims.effectiveFrom));
  const ids = [...new Set(claimed.map((c) => c.id))];
  const claimedNow = await customersClaimedNow(ctx.db, ctx.actor, ids, ctx.now());
  const contactRows =
    ids.length > 0
      ? await ctx.db
          .select({
            id: contacts.id,
            customerId: contacts.customerId,
            name: contacts.name,
            title: contacts.title,
            role: contacts.role,
            phone: contacts.phone,
          })
          .from(contacts)
          .where(and(inArray(contacts.customerId, ids), eq(contacts.active, true)))
          .orderBy(asc(contacts.name))
      : [];
  const byId = new Map<
    string,
    {
      id: string;
      name: string;
      groupCode: string;
      customerClass: string;
      address: string;
      periods: { from: Date; to: Date | null }[];
      contacts: typeof contactRows;
    }
  >();
  for (const row of claimed) {
    const entry = byId.get(row.id) ?? {
      id: row.id,
      name: row.name,
      groupCode: row.groupCode,
      customerClass: row.customerClass,
      address: row.address,
      periods: [],
      contacts: contactRows
        .filter((c) => c.customerId === row.id)
        .map((c) => ({ ...c, phone: shownPhone(ctx.actor, { claimsCustomer: claimedNow.has(c.customerId) }, c.phone) })),
    };
    entry.periods.push({ from: row.from, to: row.to });
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}
