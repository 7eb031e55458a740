import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { contacts, users, visitPlanEvents, visitPlanItems, visitPlans } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { isClaimedBy } from '@/lib/claims/queries';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, ValidationError, type FieldIssue } from '@/lib/platform/core/errors';
import { publishLive } from '@/lib/live/publish';
import { addNotifications } from '@/lib/notifications/store';
import { normalizePhone } from '@/lib/users/phone';
import { loadOwnPlan, loadPlanInScope, type PlanRow } from './access';
import { isPlannableMonth, plannedAtInMonth, planTransition, readPlannedAt, type PlanCommand, type PlanEventAction } from './rules';
import { reviewPlanInput, savePlanItemsInput, startPlanInput, submitPlanInput, type PlanItemInput } from './schemas';
import { parseInput } from '@/lib/platform/core/parse-input';

const ENTITY = 'visit_plan';

function transitionOrConflict(plan: PlanRow, command: PlanCommand) {
  const outcome = planTransition(plan.status, command, plan.revision);
  if (!outcome.ok) throw new ConflictError(outcome.code, { status: plan.status });
  return outcome;
}

async function recordEvent(
  tx: DbOrTx,
  ctx: Ctx,
  plan: Pick<PlanRow, 'id'>,
  action: PlanEventAction,
  revision: number,
  comment: string | null = null,
) {
  await tx.insert(visitPlanEvents).values({ planId: plan.id, actorId: ctx.actor.id, action, revision, comment, at: ctx.now() });
}

/**
 * The manager's plan for a month, created as a draft the first time it is asked for. One plan
 * per manager and month (unique index), so asking twice, or from two tabs at once, gives the same plan.
 */
export async function getOrCreateDraftPlan({ ctx, input }: { ctx: Ctx; input: z.input<typeof startPlanInput> }) {
  assertRole(ctx.actor, 'manager');
  const { month } = parseInput(startPlanInput, input);
  const timeZone = env().APP_TIMEZONE;
  return ctx.db.transaction(async (tx) => {
    const existing = await planOf(tx, ctx.actor.id, month);
    if (existing) return existing;
    if (!ctx.actor.unitId) throw new ConflictError('plans.noUnit');
    if (!isPlannableMonth(month, ctx.now(), timeZone)) throw ValidationError.field('month', 'plans.monthPast', { month });
    const [created] = await tx
      .insert(visitPlans)
      .values({ managerId: ctx.actor.id, unitId: ctx.actor.unitId, month, createdAt: ctx.now(), updatedAt: ctx.now() })
      .onConflictDoNothing()
      .returning();
    // Lost a race with a concurrent request: that request created (and recorded) the plan.
    if (!created) return (await planOf(tx, ctx.actor.id, month))!;
    await recordEvent(tx, ctx, created, 'created', created.revision);
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'plan.created', entityType: ENTITY, entityId: created.id, after: created });
    return created;
  });
}

async function planOf(db: DbOrTx, managerId: string, month: string) {
  const [row] = await db
    .select()
    .from(visitPlans)
    .where(and(eq(visitPlans.managerId, managerId), eq(visitPlans.month, month)));
  return row;
}

interface ResolvedItem {
  customerId: string;
  contactId: string | null;
  contactName: string;
  contactPhone: string;
  plannedAt: Date;
  place: string;
  purpose: string;
}

/**
 * Each planned visit must be in the plan's month and to a customer the plan's manager claims at
 * that time. Unknown customers read as unclaimed so nothing leaks about other managers' customers.
 */
async function checkTimeAndClaim(
  db: DbOrTx,
  plan: PlanRow,
  item: { customerId: string; plannedAt: Date },
  index: number,
  timeZone: string,
): Promise<FieldIssue[]> {
  if (!plannedAtInMonth(item.plannedAt, plan.month, timeZone)) {
    return [{ field: `items.${index}.plannedAt`, code: 'plans.plannedAtOutsideMonth', params: { month: plan.month } }];
  }
  if (!(await isClaimedBy(db, item.customerId, plan.managerId, item.plannedAt))) {
    return [{ field: `items.${index}.customerId`, code: 'plans.customerNotClaimed' }];
  }
  return [];
}

/** Validates every item against the database and collects all issues, so a form shows them at once. */
async function resolveItems(db: DbOrTx, plan: PlanRow, items: PlanItemInput[], timeZone: string): Promise<ResolvedItem[]> {
  const contactIds = [...new Set(items.map((i) => i.contactId).filter((id): id is string => !!id))];
  const onFile = new Map(
    (contactIds.length > 0 ? await db.select().from(contacts).where(inArray(contacts.id, contactIds)) : []).map((c) => [c.id, c]),
  );
  const issues: FieldIssue[] = [];
  const resolved: ResolvedItem[] = [];
  for (const [index, item] of items.entries()) {
    const plannedAt = readPlannedAt(item.plannedAt, timeZone);
    if (!plannedAt) issues.push({ field: `items.${index}.plannedAt`, code: 'plans.plannedAtInvalid' });
    else issues.push(...(await checkTimeAndClaim(db, plan, { customerId: item.customerId, plannedAt }, index, timeZone)));

    let contactName = item.contactName ?? '';
    let contactPhone: string | undefined;
    if (item.contactId) {
      const contact = onFile.get(item.contactId);
      if (!contact || contact.customerId !== item.customerId || !contact.active) {
        issues.push({ field: `items.${index}.contactId`, code: 'plans.contactNotOfCustomer' });
      } else {
        contactName = contact.name;
        contactPhone = contact.phone;
      }
    } else {
      contactPhone = normalizePhone(item.contactPhone ?? '');
      if (!contactPhone) issues.push({ field: `items.${index}.contactPhone`, code: 'plans.phoneInvalid' });
    }
    if (plannedAt && contactPhone) {
      resolved.push({
        customerId: item.customerId,
        contactId: item.contactId || null,
        contactName,
        contactPhone,
        plannedAt,
        place: item.place,
        purpose: item.purpose,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return resolved;
}

/**
 * Replaces all items of a draft or rejected plan. Everything is validated before anything is
 * written, and the write is one transaction: a refused save leaves the plan as it was.
 */
export async function savePlanItems({ ctx, input }: { ctx: Ctx; input: z.input<typeof savePlanItemsInput> }) {
  assertRole(ctx.actor, 'manager');
  const data = parseInput(savePlanItemsInput, input);
  const timeZone = env().APP_TIMEZONE;
  return ctx.db.transaction(async (tx) => {
    const plan = await loadOwnPlan(tx, ctx.actor, data.planId);
    transitionOrConflict(plan, 'edit');
    const items = await resolveItems(tx, plan, data.items, timeZone);
    const before = await tx.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id)).orderBy(asc(visitPlanItems.position));
    await tx.delete(visitPlanItems).where(eq(visitPlanItems.planId, plan.id));
    const after =
      items.length > 0
        ? await tx
            .insert(visitPlanItems)
            .values(items.map((item, position) => ({ ...item, planId: plan.id, position })))
            .returning()
        : [];
    const [updated] = await tx.update(visitPlans).set({ updatedAt: ctx.now() }).where(eq(visitPlans.id, plan.id)).returning();
    await recordEvent(tx, ctx, plan, 'edited', plan.revision);
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'plan.itemsSaved', entityType: ENTITY, entityId: plan.id, before, after });
    return { plan: updated, items: after };
  });
}

/** Sends a draft or revised plan to the unit supervisor; every submission is a new revision. */
export async function submitPlan({ ctx, input }: { ctx: Ctx; input: z.input<typeof submitPlanInput> }) {
  assertRole(ctx.actor, 'manager');
  const { planId } = parseInput(submitPlanInput, input);
  const timeZone = env().APP_TIMEZONE;
  const submitted = await ctx.db.transaction(async (tx) => {
    const plan = await loadOwnPlan(tx, ctx.actor, planId);
    const outcome = transitionOrConflict(plan, 'submit');
    // The supervisor who reviews is the one of the unit the manager belongs to now.
    if (!ctx.actor.unitId) throw new ConflictError('plans.noUnit');
    const items = await tx.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id)).orderBy(asc(visitPlanItems.position));
    if (items.length === 0) throw new ConflictError('plans.noItems');
    // Claims may have ended since the items were saved: check again what is being submitted.
    const issues: FieldIssue[] = [];
    for (const [index, item] of items.entries()) issues.push(...(await checkTimeAndClaim(tx, plan, item, index, timeZone)));
    if (issues.length > 0) throw new ValidationError(issues, 'plans.itemsNoLongerValid');
    const [updated] = await tx
      .update(visitPlans)
      .set({
        status: outcome.next,
        revision: outcome.revision,
        unitId: ctx.actor.unitId,
        submittedAt: ctx.now(),
        reviewedBy: null,
        reviewedAt: null,
        reviewComment: null,
        updatedAt: ctx.now(),
      })
      .where(eq(visitPlans.id, plan.id))
      .returning();
    await recordEvent(tx, ctx, plan, 'submitted', outcome.revision);
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'plan.submitted', entityType: ENTITY, entityId: plan.id, before: plan, after: updated });
    // The unit's supervisors approve it: they hear of it in the same transaction.
    const supervisors = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'supervisor'), eq(users.unitId, ctx.actor.unitId), eq(users.active, true)));
    await addNotifications(
      tx,
      supervisors.map((s) => ({ userId: s.id, kind: 'plan_submitted' as const, params: { manager: ctx.actor.displayName, month: plan.month }, link: `/plans/${plan.id}` })),
      ctx.now(),
    );
    return { updated, told: supervisors.map((s) => s.id) };
  });
  // After commit: the supervisors' bells count it at once.
  await publishLive({ users: submitted.told }, { topic: 'notification', id: null });
  return submitted.updated;
}

/**
 * The unit supervisor (or department staff / admin) approves a submitted plan or rejects it with
 * a reason. Passing the revision that was looked at refuses a review of a plan resubmitted since.
 */
export async function reviewPlan({ ctx, input }: { ctx: Ctx; input: z.input<typeof reviewPlanInput> }) {
  assertRole(ctx.actor, 'supervisor', 'staff', 'admin');
  const data = parseInput(reviewPlanInput, input);
  const reviewed = await ctx.db.transaction(async (tx) => {
    const plan = await loadPlanInScope(tx, ctx.actor, data.planId, true);
    if (data.revision !== undefined && data.revision !== plan.revision) {
      throw new ConflictError('plans.staleRevision', { revision: plan.revision });
    }
    const outcome = transitionOrConflict(plan, data.decision);
    const comment = data.comment || null;
    const [updated] = await tx
      .update(visitPlans)
      .set({ status: outcome.next, reviewedBy: ctx.actor.id, reviewedAt: ctx.now(), reviewComment: comment, updatedAt: ctx.now() })
      .where(eq(visitPlans.id, plan.id))
      .returning();
    const action = data.decision === 'approve' ? 'approved' : 'rejected';
    await recordEvent(tx, ctx, plan, action, plan.revision, comment);
    await recordAudit(tx, { actorId: ctx.actor.id, action: `plan.${action}`, entityType: ENTITY, entityId: plan.id, before: plan, after: updated });
    await addNotifications(
      tx,
      [{ userId: plan.managerId, kind: `plan_${action}` as const, params: { reviewer: ctx.actor.displayName, month: plan.month, comment: comment ?? '' }, link: `/plans/${plan.id}` }],
      ctx.now(),
    );
    return updated;
  });
  await publishLive({ users: [reviewed.managerId] }, { topic: 'notification', id: null });
  return reviewed;
}
