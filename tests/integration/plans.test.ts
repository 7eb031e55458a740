import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, claims, visitPlanEvents, visitPlanItems, visitPlans } from '@/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { getOrCreateDraftPlan, reviewPlan, savePlanItems, submitPlan } from '@/lib/plans/commands';
import { listMyNotifications } from '@/lib/notifications/queries';
import { getPlan, listPlanCustomers, listPlans } from '@/lib/plans/queries';
import type { PlanItemInput } from '@/lib/plans/schemas';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

// 2 Nov 2026, 10:00 in Asia/Shanghai: managers plan November.
const NOW = new Date('2026-11-02T02:00:00Z');
const MONTH = '2026-11';

let db: Db;

async function world() {
  const unit = await makeUnit(db);
  const otherUnit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const colleague = await makeUser(db, 'manager', { unitId: unit.id });
  const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
  const otherSupervisor = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
  const staff = await makeUser(db, 'staff');
  const customer = await makeCustomer(db, unit.id);
  const contact = await makeContact(db, customer.id, { name: '王主任', phone: '+8613800138000' });
  await makeClaim(db, customer.id, manager.id);
  const unclaimed = await makeCustomer(db, unit.id);
  const colleagues = await makeCustomer(db, unit.id);
  await makeClaim(db, colleagues.id, colleague.id);
  const as = (user: typeof manager) => ctxAs(db, user, NOW);
  return { unit, otherUnit, manager, colleague, supervisor, otherSupervisor, staff, customer, contact, unclaimed, colleagues, as };
}

function item(overrides: Partial<PlanItemInput> & { customerId: string }): PlanItemInput {
  return { plannedAt: '2026-11-10T10:00', place: '客户总部', purpose: '业务回访', ...overrides };
}

async function fieldsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => `${i.field}:${i.code}`);
}

async function eventsOf(planId: string) {
  const rows = await db.select().from(visitPlanEvents).where(eq(visitPlanEvents.planId, planId));
  return rows;
}

beforeEach(async () => {
  db = (await testDb()).db;
});

describe('visit plans', () => {
  it('manager drafts, adds items, submits; the supervisor of the unit approves', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    expect(plan).toMatchObject({ status: 'draft', revision: 0, month: MONTH, unitId: w.unit.id });
    // Asking again gives the same plan, not a second one.
    expect((await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } })).id).toBe(plan.id);

    const saved = await savePlanItems({
      ctx: w.as(w.manager),
      input: {
        planId: plan.id,
        items: [
          item({ customerId: w.customer.id, contactId: w.contact.id }),
          item({ customerId: w.customer.id, contactName: '李科长', contactPhone: '139-0013-9000', plannedAt: '2026-11-30T23:59' }),
        ],
      },
    });
    expect(saved.items).toHaveLength(2);
    expect(saved.items[0]).toMatchObject({ contactName: '王主任', contactPhone: '+8613800138000', position: 0 });
    expect(saved.items[1]).toMatchObject({ contactId: null, contactName: '李科长', contactPhone: '+8613900139000' });
    expect(saved.items[0].plannedAt.toISOString()).toBe('2026-11-10T02:00:00.000Z');

    const submitted = await submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });
    expect(submitted).toMatchObject({ status: 'submitted', revision: 1, submittedAt: NOW });

    const queue = await listPlans({ ctx: w.as(w.supervisor), input: {} });
    expect(queue.status).toBe('submitted');
    expect(queue.rows.map((r) => [r.id, r.items])).toEqual([[plan.id, 2]]);

    const seen = await getPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id } });
    expect(seen.canReview).toBe(true);
    expect(seen.phonesMasked).toBe(true);
    expect(seen.items[0].contactPhone).toBe('138****8000');

    const approved = await reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'approve', revision: 1 } });
    expect(approved).toMatchObject({ status: 'approved', reviewedBy: w.supervisor.id });
    expect((await listPlans({ ctx: w.as(w.supervisor), input: {} })).rows).toHaveLength(0);

    const audit = await db.select().from(auditLog).where(eq(auditLog.entityId, plan.id)).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(['plan.created', 'plan.itemsSaved', 'plan.submitted', 'plan.approved']);
  });

  it('a supervisor of another unit can neither see nor review the plan', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    await savePlanItems({ ctx: w.as(w.manager), input: { planId: plan.id, items: [item({ customerId: w.customer.id, contactId: w.contact.id })] } });
    await submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });

    await expect(getPlan({ ctx: w.as(w.otherSupervisor), input: { planId: plan.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(reviewPlan({ ctx: w.as(w.otherSupervisor), input: { planId: plan.id, decision: 'approve' } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await listPlans({ ctx: w.as(w.otherSupervisor), input: { status: 'all' } })).rows).toHaveLength(0);
    const [row] = await db.select().from(visitPlans).where(eq(visitPlans.id, plan.id));
    expect(row.status).toBe('submitted');
    // Department staff see every unit's plans.
    expect((await listPlans({ ctx: w.as(w.staff), input: {} })).rows.map((r) => r.id)).toEqual([plan.id]);
  });

  it('reject needs a comment; the rejected plan is revised and resubmitted as revision 2 with full history', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    await savePlanItems({ ctx: w.as(w.manager), input: { planId: plan.id, items: [item({ customerId: w.customer.id, contactId: w.contact.id })] } });
    await submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });

    expect(await fieldsOf(reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'reject' } }))).toEqual([
      'comment:plans.rejectCommentRequired',
    ]);
    expect(await fieldsOf(reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'reject', comment: '  ' } }))).toEqual([
      'comment:plans.rejectCommentRequired',
    ]);

    const rejected = await reviewPlan({
      ctx: w.as(w.supervisor),
      input: { planId: plan.id, decision: 'reject', comment: '请补充财务负责人的拜访' },
    });
    expect(rejected).toMatchObject({ status: 'rejected', revision: 1, reviewComment: '请补充财务负责人的拜访' });
    // A rejected plan is not reviewed again until it is resubmitted.
    await expect(reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'approve' } })).rejects.toMatchObject({
      code: 'plans.notSubmitted',
    });

    await savePlanItems({
      ctx: w.as(w.manager),
      input: {
        planId: plan.id,
        items: [
          item({ customerId: w.customer.id, contactId: w.contact.id }),
          item({ customerId: w.customer.id, contactName: '赵会计', contactPhone: '13700137000', purpose: '财务对接' }),
        ],
      },
    });
    const resubmitted = await submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });
    expect(resubmitted).toMatchObject({ status: 'submitted', revision: 2, reviewComment: null, reviewedBy: null });

    // A review of what was looked at before the resubmission is stale.
    await expect(
      reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'approve', revision: 1 } }),
    ).rejects.toMatchObject({ code: 'plans.staleRevision' });
    await reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'approve', revision: 2 } });

    const detail = await getPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });
    expect(detail.events.map((e) => [e.action, e.revision, e.actorId])).toEqual([
      ['created', 0, w.manager.id],
      ['edited', 0, w.manager.id],
      ['submitted', 1, w.manager.id],
      ['rejected', 1, w.supervisor.id],
      ['edited', 1, w.manager.id],
      ['submitted', 2, w.manager.id],
      ['approved', 2, w.supervisor.id],
    ]);
    expect(detail.events[3].comment).toBe('请补充财务负责人的拜访');
    expect(detail.items).toHaveLength(2);
    expect(detail.phonesMasked).toBe(false);
    expect(detail.items[1].contactPhone).toBe('13700137000');
  });

  it('the unit’s supervisor hears of a submitted plan, the manager of its approval or rejection with the comment', async () => {
    const w = await world();
    const kinds = async (user: typeof w.manager) =>
      (await listMyNotifications({ ctx: w.as(user) })).rows.map((n) => [n.kind, n.params, n.link]);
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    await savePlanItems({ ctx: w.as(w.manager), input: { planId: plan.id, items: [item({ customerId: w.customer.id, contactId: w.contact.id })] } });
    expect(await kinds(w.supervisor)).toEqual([]);

    await submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });
    expect(await kinds(w.supervisor)).toEqual([['plan_submitted', { manager: w.manager.displayName, month: MONTH }, `/plans/${plan.id}`]]);
    // Another unit's supervisor is not told.
    expect(await kinds(w.otherSupervisor)).toEqual([]);

    await reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'reject', comment: '请补充财务负责人的拜访' } });
    expect(await kinds(w.manager)).toEqual([
      ['plan_rejected', { reviewer: w.supervisor.displayName, month: MONTH, comment: '请补充财务负责人的拜访' }, `/plans/${plan.id}`],
    ]);
    await submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });
    await reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'approve' } });
    expect((await kinds(w.manager))[0]).toEqual(['plan_approved', { reviewer: w.supervisor.displayName, month: MONTH, comment: '' }, `/plans/${plan.id}`]);
    expect(await kinds(w.supervisor)).toHaveLength(2);
  });

  it('a manager cannot see or change another manager’s plan', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    await expect(getPlan({ ctx: w.as(w.colleague), input: { planId: plan.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      savePlanItems({ ctx: w.as(w.colleague), input: { planId: plan.id, items: [item({ customerId: w.colleagues.id, contactName: '某人', contactPhone: '13800138000' })] } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(submitPlan({ ctx: w.as(w.colleague), input: { planId: plan.id } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listPlans({ ctx: w.as(w.colleague), input: {} })).rows).toHaveLength(0);
    // Managers do not review plans, not even their own.
    await expect(reviewPlan({ ctx: w.as(w.manager), input: { planId: plan.id, decision: 'approve' } })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it('refuses an item for a customer the manager does not claim, naming the field', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    const typed = { contactName: '某人', contactPhone: '13800138001' };
    expect(
      await fieldsOf(
        savePlanItems({
          ctx: w.as(w.manager),
          input: {
            planId: plan.id,
            items: [
              item({ customerId: w.customer.id, contactId: w.contact.id }),
              item({ customerId: w.unclaimed.id, ...typed }),
              item({ customerId: w.colleagues.id, ...typed }),
            ],
          },
        }),
      ),
    ).toEqual(['items.1.customerId:plans.customerNotClaimed', 'items.2.customerId:plans.customerNotClaimed']);
  });

  it('checks the claim at the planned time, not just in the month', async () => {
    const w = await world();
    const late = await makeCustomer(db, w.unit.id);
    // Claimed from 15 Nov local time only.
    await makeClaim(db, late.id, w.manager.id, new Date('2026-11-14T16:00:00Z'));
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    const typed = { contactName: '某人', contactPhone: '13800138001' };
    expect(
      await fieldsOf(
        savePlanItems({
          ctx: w.as(w.manager),
          input: { planId: plan.id, items: [item({ customerId: late.id, plannedAt: '2026-11-14T23:00', ...typed })] },
        }),
      ),
    ).toEqual(['items.0.customerId:plans.customerNotClaimed']);
    await savePlanItems({
      ctx: w.as(w.manager),
      input: { planId: plan.id, items: [item({ customerId: late.id, plannedAt: '2026-11-15T09:00', ...typed })] },
    });
    const options = await listPlanCustomers({ ctx: w.as(w.manager), input: { month: MONTH } });
    expect(options.map((c) => c.id).sort()).toEqual([w.customer.id, late.id].sort());
    expect(options.find((c) => c.id === w.customer.id)?.contacts.map((c) => c.id)).toEqual([w.contact.id]);
  });

  it('refuses planned times outside the month, bad phones and contacts of other customers', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    const other = await makeContact(db, w.colleagues.id);
    expect(
      await fieldsOf(
        savePlanItems({
          ctx: w.as(w.manager),
          input: {
            planId: plan.id,
            items: [
              item({ customerId: w.customer.id, contactId: w.contact.id, plannedAt: '2026-10-31T23:59' }),
              item({ customerId: w.customer.id, contactId: w.contact.id, plannedAt: '2026-12-01T00:00' }),
              item({ customerId: w.customer.id, contactId: w.contact.id, plannedAt: '2026-11-31T10:00' }),
              item({ customerId: w.customer.id, contactName: '某人', contactPhone: '12345' }),
              item({ customerId: w.customer.id, contactId: other.id }),
            ],
          },
        }),
      ),
    ).toEqual([
      'items.0.plannedAt:plans.plannedAtOutsideMonth',
      'items.1.plannedAt:plans.plannedAtOutsideMonth',
      'items.2.plannedAt:plans.plannedAtInvalid',
      'items.3.contactPhone:plans.phoneInvalid',
      'items.4.contactId:plans.contactNotOfCustomer',
    ]);
  });

  it('a failed save writes nothing', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    await savePlanItems({ ctx: w.as(w.manager), input: { planId: plan.id, items: [item({ customerId: w.customer.id, contactId: w.contact.id })] } });
    const before = {
      items: await db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id)),
      events: await eventsOf(plan.id),
      audit: await db.select().from(auditLog),
      plan: (await db.select().from(visitPlans).where(eq(visitPlans.id, plan.id)))[0],
    };
    await expect(
      savePlanItems({
        ctx: w.as(w.manager),
        input: {
          planId: plan.id,
          items: [
            item({ customerId: w.customer.id, contactId: w.contact.id, place: '新地点' }),
            item({ customerId: w.unclaimed.id, contactName: '某人', contactPhone: '13800138001' }),
          ],
        },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id))).toEqual(before.items);
    expect(await eventsOf(plan.id)).toEqual(before.events);
    expect(await db.select().from(auditLog)).toEqual(before.audit);
    expect((await db.select().from(visitPlans).where(eq(visitPlans.id, plan.id)))[0]).toEqual(before.plan);
  });

  it('an approved plan cannot be edited or resubmitted', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    await savePlanItems({ ctx: w.as(w.manager), input: { planId: plan.id, items: [item({ customerId: w.customer.id, contactId: w.contact.id })] } });
    await submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });
    // While waiting for review the plan is frozen too.
    await expect(savePlanItems({ ctx: w.as(w.manager), input: { planId: plan.id, items: [] } })).rejects.toMatchObject({
      code: 'plans.awaitingReview',
    });
    await reviewPlan({ ctx: w.as(w.staff), input: { planId: plan.id, decision: 'approve' } });

    const edit = savePlanItems({ ctx: w.as(w.manager), input: { planId: plan.id, items: [] } });
    await expect(edit).rejects.toBeInstanceOf(ConflictError);
    await expect(edit).rejects.toMatchObject({ code: 'plans.approvedLocked' });
    await expect(submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } })).rejects.toMatchObject({ code: 'plans.approvedLocked' });
    await expect(
      reviewPlan({ ctx: w.as(w.supervisor), input: { planId: plan.id, decision: 'reject', comment: '改主意了' } }),
    ).rejects.toMatchObject({ code: 'plans.approvedLocked' });
    expect(await db.select().from(visitPlanItems).where(eq(visitPlanItems.planId, plan.id))).toHaveLength(1);
    const detail = await getPlan({ ctx: w.as(w.manager), input: { planId: plan.id } });
    expect(detail).toMatchObject({ canEdit: false, canSubmit: false, canReview: false });
  });

  it('an empty plan cannot be submitted; past months cannot be started', async () => {
    const w = await world();
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    await expect(submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } })).rejects.toMatchObject({ code: 'plans.noItems' });
    expect(await fieldsOf(getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: '2026-10' } }))).toEqual(['month:plans.monthPast']);
    expect(await fieldsOf(getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: '2026-13' } }))).toEqual(['month:plans.monthInvalid']);
    await expect(getOrCreateDraftPlan({ ctx: w.as(w.supervisor), input: { month: MONTH } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('re-checks claims on submit: a claim that ended since the save stops the submission', async () => {
    const w = await world();
    const leaving = await makeCustomer(db, w.unit.id);
    const claim = await makeClaim(db, leaving.id, w.manager.id);
    const plan = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    await savePlanItems({
      ctx: w.as(w.manager),
      input: {
        planId: plan.id,
        items: [
          item({ customerId: w.customer.id, contactId: w.contact.id }),
          item({ customerId: leaving.id, contactName: '某人', contactPhone: '13800138001', plannedAt: '2026-11-20T10:00' }),
        ],
      },
    });
    await db.update(claims).set({ effectiveTo: new Date('2026-11-15T16:00:00Z') }).where(eq(claims.id, claim.id));
    expect(await fieldsOf(submitPlan({ ctx: w.as(w.manager), input: { planId: plan.id } }))).toEqual([
      'items.1.customerId:plans.customerNotClaimed',
    ]);
    const [row] = await db.select().from(visitPlans).where(eq(visitPlans.id, plan.id));
    expect(row).toMatchObject({ status: 'draft', revision: 0 });
  });

  it('lists with filters and paging for staff', async () => {
    const w = await world();
    const a = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: MONTH } });
    const b = await getOrCreateDraftPlan({ ctx: w.as(w.manager), input: { month: '2026-12' } });
    const c = await getOrCreateDraftPlan({ ctx: w.as(w.colleague), input: { month: MONTH } });
    const staff = w.as(w.staff);
    expect((await listPlans({ ctx: staff, input: { month: MONTH } })).rows.map((r) => r.id).sort()).toEqual([a.id, c.id].sort());
    expect((await listPlans({ ctx: staff, input: { managerId: w.manager.id } })).rows.map((r) => r.id)).toEqual([b.id, a.id]);
    expect((await listPlans({ ctx: staff, input: { unitId: w.otherUnit.id } })).total).toBe(0);
    expect((await listPlans({ ctx: staff, input: { status: 'submitted' } })).total).toBe(0);
    const page2 = await listPlans({ ctx: staff, input: { pageSize: 2, page: 2 } });
    expect(page2).toMatchObject({ total: 3, page: 2 });
    expect(page2.rows).toHaveLength(1);
    // A manager's own list ignores a filter for someone else.
    expect((await listPlans({ ctx: w.as(w.manager), input: { managerId: w.colleague.id } })).rows.map((r) => r.id).sort()).toEqual(
      [a.id, b.id].sort(),
    );
  });
});
