import { and, count, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { queue } from '@/lib/platform/jobs/queues';
import type { Db } from '@/db/client';
import { auditLog, contacts, monthStatus, pointsLedger, samplingDecisions, visitReports, visitVerdicts } from '@/db/schema';
import { closeMonth, evaluateMonth } from '@/lib/assessment/close';
import { evaluateForVisit, evaluateManagerMonth } from '@/lib/assessment/evaluate';
import { myCoverage } from '@/lib/coverage/progress';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/platform/core/errors';
import { savePolicyVersion } from '@/lib/policy/policies';
import { sampleVisit } from '@/lib/sampling/sample';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { getVisitVerdict } from '@/lib/verdicts/queries';
import { verdictText, type RootTranslator } from '@/lib/visits/verdict-text';
import { decideBackfill } from '@/lib/visits/backfill';
import type { VisitReportInput } from '@/lib/visits/schemas';
import { createVisitReport, listVisits } from '@/lib/visits/visits';
import zh from '@/messages/zh-CN/assessment.json';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * 超期补报 (issue 10, point 4): a manager's report of a visit older than the sampling look-back, or
 * in a closed month, is refused (default) or held for staff ('approval'); a held one counts for
 * nothing — no sample, no coverage, no points — until approved.
 */
const local = (text: string) => parseLocalDateTime(text, 'Asia/Shanghai')!;
/** "Today": 20 December 2026, 10:00 in Asia/Shanghai. */
const NOW = local('2026-12-20 10:00');
/** 51 days before NOW, in October (a month over but not closed). */
const OLD_VISIT = '2026-10-30T10:00';

/** A translator over the real zh-CN catalogue, as the pages fill it. */
const t = Object.assign(
  (key: string, values: Record<string, string | number> = {}) => {
    const text = key.split('.').slice(1).reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], zh) as string;
    return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
  },
  { has: (key: string) => typeof key.split('.').slice(1).reduce<unknown>((node, k) => (node as Record<string, unknown>)?.[k], zh) === 'string' },
) as RootTranslator;

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

async function world() {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const staff = await makeUser(db, 'staff');
  // Class A: on site once a month is its coverage; 10 points a month by default.
  const customer = await makeCustomer(db, unit.id, { class: 'A' });
  const contact = await makeContact(db, customer.id, { phone: '+8613800001234' });
  await makeClaim(db, customer.id, manager.id, local('2026-01-01 00:00'));
  return { unit, manager, staff, customer, contact };
}

function report(customerId: string, contactIds: string[], overrides: Partial<VisitReportInput> = {}): VisitReportInput {
  return { customerId, contactIds, newContacts: [], type: 'on_site', visitedAt: OLD_VISIT, checkInMethod: 'none', purpose: '了解 5G 专线需求', summary: '', ...overrides };
}

async function approvalPolicy(staff: Awaited<ReturnType<typeof world>>['staff']) {
  await savePolicyVersion({
    ctx: ctxAs(db, staff, NOW),
    input: { key: 'reporting', effectiveFrom: '2026-12-01', value: { reportDeadlineHours: 24, minContactsAB: 3, lateBackfill: 'approval' } },
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** What the jobs after a report or decision do (sampling.visit, then verdicts.visit), run here in line. */
async function runJobs(visitId: string) {
  await sampleVisit(db, visitId, { now: NOW });
  const [october] = (await evaluateForVisit(db, visitId, { now: NOW }))!;
  return october;
}

const ledgerSum = async (managerId: string, month: string) =>
  Number((await db.select({ n: sql<number>`coalesce(sum(${pointsLedger.points}), 0)` }).from(pointsLedger).where(and(eq(pointsLedger.managerId, managerId), eq(pointsLedger.month, month))))[0].n);

describe('a manager reporting a visit nobody can verify any more', () => {
  it('by default refuses a visit 51 days old, naming the date field and the look-back, and writes nothing', async () => {
    const { manager, customer, contact } = await world();
    const contactsBefore = (await db.select({ n: count() }).from(contacts))[0].n;
    const error = await failure(
      createVisitReport({
        ctx: ctxAs(db, manager, NOW),
        input: report(customer.id, [contact.id], { newContacts: [{ name: '王五', title: '', role: 'liaison', phone: '139 0000 1111' }] }),
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ field: 'visitedAt', code: 'visits.backfillTooOld', params: { days: 45, month: '2026-10' } }]);
    expect((await db.select({ n: count() }).from(visitReports))[0].n).toBe(0);
    expect((await db.select({ n: count() }).from(contacts))[0].n).toBe(contactsBefore);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'visit.reported'))).toHaveLength(0);
  });

  it('refuses a recent visit in a closed month', async () => {
    const { manager, customer, contact } = await world();
    await db.insert(monthStatus).values({ month: '2026-12', closedVersion: 1 });
    const error = await failure(createVisitReport({ ctx: ctxAs(db, manager, NOW), input: report(customer.id, [contact.id], { visitedAt: '2026-12-18T10:00' }) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ field: 'visitedAt', code: 'visits.backfillMonthClosed', params: { days: 45, month: '2026-12' } }]);
    expect((await db.select({ n: count() }).from(visitReports))[0].n).toBe(0);
  });

  it('accepts an ordinary visit within the look-back in an open month, as before', async () => {
    const { manager, customer, contact } = await world();
    const r = await createVisitReport({ ctx: ctxAs(db, manager, NOW), input: report(customer.id, [contact.id], { visitedAt: '2026-11-10T10:00' }) });
    expect(r.backfill).toBeNull();
    expect(r.late).toBe(true);
  });
});

describe('超期补报 under the approval policy', () => {
  it('is stored pending: not sampled, no coverage, no points, its verdict says it waits; approved, it counts', async () => {
    const { manager, staff, customer, contact } = await world();
    await approvalPolicy(staff);
    const created = await createVisitReport({ ctx: ctxAs(db, manager, NOW), input: report(customer.id, [contact.id]) });
    expect(created).toMatchObject({ late: true, backfill: 'pending' });

    const pending = await runJobs(created.id);
    expect(await db.select().from(samplingDecisions).where(eq(samplingDecisions.visitId, created.id))).toHaveLength(0);
    expect(pending.assessment.figures).toMatchObject({ visits: 0, required: 1, done: 0, points: 0 });
    expect(await ledgerSum(manager.id, '2026-10')).toBe(0);
    const coverage = await myCoverage({ ctx: ctxAs(db, manager, NOW), input: { month: '2026-10' } });
    expect(coverage.done).toBe(0);
    expect(coverage.customers[0].visits).toEqual([expect.objectContaining({ id: created.id, counts: false })]);
    const staffView = await getVisitVerdict({ ctx: ctxAs(db, staff, NOW), input: { visitId: created.id } });
    expect(staffView.current).toMatchObject({ status: 'pending', final: false });
    expect(verdictText(t, staffView.current!)).toBe('超期补报，待审核（审核通过前不计入覆盖、积分和抽样）');
    // Staff find it under the list's filter 超期补报待审核.
    const listed = await listVisits({ ctx: ctxAs(db, staff, NOW), input: { backfill: 'pending' } });
    expect(listed.rows.map((v) => v.id)).toEqual([created.id]);

    const decided = await decideBackfill({ ctx: ctxAs(db, staff, NOW), input: { visitId: created.id, decision: 'approved', comment: '客户书面确认了拜访' } });
    expect(decided.backfill).toBe('approved');
    // Sampling is asked again under an id of its own: the report's first job (done, kept for a day) would swallow it.
    expect(await queue('sampling').getJob(`sampling.visit.${created.id}.backfill-approved`)).toBeTruthy();
    const [stored] = await db.select().from(visitReports).where(eq(visitReports.id, created.id));
    expect(stored).toMatchObject({ backfill: 'approved', backfillDecidedBy: staff.id, backfillComment: '客户书面确认了拜访' });
    expect((await db.select().from(auditLog).where(eq(auditLog.entityId, created.id))).map((a) => a.action)).toContain('visit.backfillApproved');
    expect((await listVisits({ ctx: ctxAs(db, staff, NOW), input: { backfill: 'pending' } })).total).toBe(0);

    const approved = await runJobs(created.id);
    // Too old to be called back: excluded from sampling, and the verdict names that reason.
    const [decision] = await db.select().from(samplingDecisions).where(eq(samplingDecisions.visitId, created.id));
    expect(decision).toMatchObject({ sampled: false, reasonCode: 'sampling.reason.excludedOld' });
    expect(approved.assessment.figures).toMatchObject({ visits: 1, required: 1, done: 1, points: 10 });
    expect(await ledgerSum(manager.id, '2026-10')).toBe(10);
    const managerView = await getVisitVerdict({ ctx: ctxAs(db, manager, NOW), input: { visitId: created.id } });
    expect(managerView.current).toMatchObject({ status: 'unverified', final: true });
    expect(verdictText(t, managerView.current!)).toBe('超过抽样回溯期（45 天），未纳入抽样，按未核实计（不影响积分）');
    expect(verdictText(t, managerView.current!)).not.toContain('未被抽中');
  });

  it('rejected, it keeps a final verdict saying so and still counts for nothing', async () => {
    const { manager, staff, customer, contact } = await world();
    await approvalPolicy(staff);
    const created = await createVisitReport({ ctx: ctxAs(db, manager, NOW), input: report(customer.id, [contact.id]) });
    await runJobs(created.id);
    await decideBackfill({ ctx: ctxAs(db, staff, NOW), input: { visitId: created.id, decision: 'rejected', comment: '无法核实，不予补报' } });
    const rejected = await runJobs(created.id);
    expect(await db.select().from(samplingDecisions).where(eq(samplingDecisions.visitId, created.id))).toHaveLength(0);
    expect(rejected.assessment.figures).toMatchObject({ visits: 0, done: 0, points: 0 });
    expect(await ledgerSum(manager.id, '2026-10')).toBe(0);
    const managerView = await getVisitVerdict({ ctx: ctxAs(db, manager, NOW), input: { visitId: created.id } });
    expect(managerView.current).toMatchObject({ status: 'unverified', final: true });
    expect(verdictText(t, managerView.current!)).toBe('超期补报未获批准，不计入覆盖、积分和抽样');
    // Decided once: a second decision is refused.
    const again = await failure(decideBackfill({ ctx: ctxAs(db, staff, NOW), input: { visitId: created.id, decision: 'approved', comment: '改为通过' } }));
    expect(again).toBeInstanceOf(ConflictError);
  });

  it('a report into a closed month is held too; approving it marks the month changed since its close', async () => {
    const { manager, staff, customer, contact } = await world();
    await approvalPolicy(staff);
    // December as its close left it: evaluated, then frozen.
    await evaluateManagerMonth(db, { managerId: manager.id, month: '2026-12' }, { now: NOW });
    await db.insert(monthStatus).values({ month: '2026-12', closedVersion: 1 });
    const created = await createVisitReport({ ctx: ctxAs(db, manager, NOW), input: report(customer.id, [contact.id], { visitedAt: '2026-12-18T10:00' }) });
    expect(created.backfill).toBe('pending');
    // Held, it changes nothing of the closed month, even once evaluated — by the daily catch-up
    // of the whole month (which writes its first verdict) as by its own job.
    await evaluateMonth(db, '2026-12', { now: NOW });
    expect((await db.select().from(monthStatus).where(eq(monthStatus.month, '2026-12')))[0].changedSinceClose).toBe(false);
    await runJobs(created.id);
    const [held] = await db.select().from(monthStatus).where(eq(monthStatus.month, '2026-12'));
    expect(held.changedSinceClose).toBe(false);
    await decideBackfill({ ctx: ctxAs(db, staff, NOW), input: { visitId: created.id, decision: 'approved', comment: '月结前漏报，已核实' } });
    const [after] = await db.select().from(monthStatus).where(eq(monthStatus.month, '2026-12'));
    expect(after.changedSinceClose).toBe(true);
    // Approved, it counts: December's coverage of the class A customer is done.
    expect((await myCoverage({ ctx: ctxAs(db, manager, NOW), input: { month: '2026-12' } })).done).toBe(1);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'visit.addedToClosedMonth'))).toHaveLength(1);
  });

  it('the close reads a held and an approved 超期补报 as the per-visit evaluation does: nothing to change', async () => {
    const { manager, staff, customer, contact } = await world();
    await approvalPolicy(staff);
    const created = await createVisitReport({ ctx: ctxAs(db, manager, NOW), input: report(customer.id, [contact.id]) });
    await runJobs(created.id);
    const first = await closeMonth({ ctx: ctxAs(db, staff, NOW), input: { month: '2026-10' } });
    expect(first.written).toEqual({ findings: 0, verdicts: 0, ledgerEntries: 0 });
    expect(await ledgerSum(manager.id, '2026-10')).toBe(0);

    await decideBackfill({ ctx: ctxAs(db, staff, NOW), input: { visitId: created.id, decision: 'approved', comment: '已核实' } });
    await runJobs(created.id);
    expect(await ledgerSum(manager.id, '2026-10')).toBe(10);
    const second = await closeMonth({ ctx: ctxAs(db, staff, NOW), input: { month: '2026-10' } });
    expect(second.written).toEqual({ findings: 0, verdicts: 0, ledgerEntries: 0 });
  });

  it('only staff or admin decide, with a comment; nothing changes otherwise', async () => {
    const { manager, staff, customer, contact } = await world();
    await approvalPolicy(staff);
    const created = await createVisitReport({ ctx: ctxAs(db, manager, NOW), input: report(customer.id, [contact.id]) });
    const byManager = await failure(decideBackfill({ ctx: ctxAs(db, manager, NOW), input: { visitId: created.id, decision: 'approved', comment: '我自己批准' } }));
    expect(byManager).toBeInstanceOf(ForbiddenError);
    const noComment = await failure(decideBackfill({ ctx: ctxAs(db, staff, NOW), input: { visitId: created.id, decision: 'approved', comment: ' ' } }));
    expect((noComment as ValidationError).issues).toEqual([{ field: 'comment', code: 'required' }]);
    const [stored] = await db.select().from(visitReports).where(eq(visitReports.id, created.id));
    expect(stored.backfill).toBe('pending');
    expect(await db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, created.id))).toHaveLength(0);
  });
});
