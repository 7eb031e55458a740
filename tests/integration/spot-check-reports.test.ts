import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { disputes, managerFlags, monthAssessments, monthCloses, monthStatus, penaltyLedger, spotCheckItems, spotChecks, visitPlanItems, visitPlans, visitReports } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { exportMonthReport } from '@/lib/assessment/export';
import { getCloseChanges, getMonthReport } from '@/lib/assessment/report';
import { ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { getManagerSpotChecks, getSpotCheckReport } from '@/lib/spot-checks/reports';
import { getUnitDashboard } from '@/lib/unit/dashboard';
import { CLOSE_AT, local, makeAssessmentWorld, MONTH } from '../support/assessment';
import { ctxAs, makeClaim, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { workbookOf } from '../support/workbook';
import { testDb } from '../support/worker-setup';

/**
 * 拜访到位率 reports, from spot-check rows written straight to the database (as the selection and
 * the evaluation would leave them), on top of the hand-counted month of tests/support/assessment.ts
 * (November 2026: 甲经理 m1 and 乙经理 m2 in one unit). Counted by hand:
 *
 * m1 (unit U1)
 *   11-02  cA visited, cB visited, cD visited                          → 到位
 *   11-03  cA visited, cC not visited (a report at 16:00 that day;
 *          a dispute open), cB unreachable (counts as visited)           → 拜访不全, 1 finding, +50 yuan
 *   11-04  cA visited, cD unreachable                                    → 到位
 *   11-05  cA, cB still being called                                     → open
 *   11-06  a candidate, not drawn                                        → nothing
 *   (10-15 拜访不全 +50 yuan: October, not November)
 *   → 3 days, 到位 2, 不全 1, 未拜访 0, rate 2/3 = 0.6667, 1 finding, 50 yuan, 1 open
 * m2 (U1): 11-09 cE, cG not visited → 未拜访, 2 findings, +100; 11-10 cE visited, cG not → 不全, 1, +50;
 *   an open 建议调离 flag (5 findings, threshold 5)
 *   → 2 days, 到位 0, 不全 1, 未拜访 1, rate 0/2 = 0 (measured: 0.0 %), 3 findings, 150 yuan
 * m3 (U2): 11-11 cH visited → 到位: 1 day, rate 1, 0 yuan (no claim, no visit: in the close by his spot check)
 * m4 (U1): a claim; 11-12 a candidate, not drawn → 0 days: 未测, never 0 % or 100 %
 *
 * U1 = m1 + m2 + m4: 5 days, 到位 2, 不全 2, 未拜访 1, rate 0.4, 4 findings, 200 yuan, 1 open
 * U2 = m3: 1 day, rate 1.   All: 6 days, 到位 3, rate 0.5, 4 findings, 200 yuan.
 */

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

type Finding = 'visited' | 'not_visited' | 'unreachable' | 'unverified' | null;
type Manager = { id: string; unitId: string | null };

const plans = new Map<string, string>();

async function planOf(manager: Manager, month: string) {
  const key = `${manager.id}|${month}`;
  if (!plans.has(key)) {
    const [p] = await db.insert(visitPlans).values({ managerId: manager.id, unitId: manager.unitId!, month, status: 'approved', revision: 1 }).returning();
    plans.set(key, p.id);
  }
  return plans.get(key)!;
}

/** A manager-day as the selection and the evaluation leave it: the decision, its customers and findings, the ledger's entries. */
async function checkDay(
  manager: Manager,
  day: string,
  o: { items?: { customerId: string; finding: Finding; matchedVisitId?: string }[]; result?: 'on_site' | 'incomplete' | 'none' | null; selected?: boolean; yuan?: number },
) {
  const month = day.slice(0, 7);
  const selected = o.selected ?? true;
  const items = o.items ?? [];
  const findings = items.filter((i) => i.finding === 'not_visited').length;
  const [check] = await db
    .insert(spotChecks)
    .values({
      day,
      month,
      managerId: manager.id,
      unitId: manager.unitId,
      policyVersion: 0,
      draw: 0.1,
      selected,
      reasonCode: selected ? 'spotChecks.reason.all' : 'spotChecks.reason.notDrawn',
      result: o.result ?? null,
      findings: o.result ? findings : 0,
      penaltyYuan: o.yuan ?? 0,
      evaluatedAt: o.result ? local(`${day} 18:00`) : null,
    })
    .returning();
  const planId = await planOf(manager, month);
  const ids: string[] = [];
  for (const [n, item] of items.entries()) {
    const plannedAt = local(`${day} ${String(9 + n).padStart(2, '0')}:30`);
    const [pi] = await db
      .insert(visitPlanItems)
      .values({ planId, customerId: item.customerId, plannedAt, place: `客户办公室${n + 1}`, purpose: '了解需求', contactName: '联系人', contactPhone: '+8613800000000', position: n })
      .returning();
    const [x] = await db
      .insert(spotCheckItems)
      .values({
        spotCheckId: check.id,
        planItemId: pi.id,
        customerId: item.customerId,
        plannedAt,
        draw: 0.2 + n / 10,
        reasonCode: 'spotChecks.reason.drawn',
        finding: item.finding,
        findingAt: item.finding ? local(`${day} 17:00`) : null,
        matchedVisitId: item.matchedVisitId ?? null,
      })
      .returning();
    ids.push(x.id);
  }
  if (o.yuan) {
    await db.insert(penaltyLedger).values({ managerId: manager.id, unitId: manager.unitId, month, spotCheckId: check.id, kind: 'penalty', amountYuan: o.yuan, cause: o.result!, sourceType: 'evaluation' });
  }
  return { id: check.id, items: ids };
}

async function makeWorld() {
  plans.clear();
  const w = await makeAssessmentWorld(db);
  const { cA, cB, cC, cD, cE, cG } = w.customers;
  const u2 = await makeUnit(db, { name: '东部营销中心' });
  const m3 = await makeUser(db, 'manager', { unitId: u2.id, displayName: '丙经理' });
  const m4 = await makeUser(db, 'manager', { unitId: w.unit.id, displayName: '丁经理' });
  const cH = await makeCustomer(db, u2.id);
  await makeClaim(db, (await makeCustomer(db, w.unit.id, { class: 'C' })).id, m4.id, local('2026-01-01 00:00'));
  const sup1 = await makeUser(db, 'supervisor', { unitId: w.unit.id });
  const sup2 = await makeUser(db, 'supervisor', { unitId: u2.id });

  // m1 reported the customer found not visited later that day: shown beside the finding.
  const [matched] = await db
    .insert(visitReports)
    .values({ managerId: w.m1.id, customerId: cC.id, type: 'phone', visitedAt: local('2026-11-03 16:00'), reportedAt: local('2026-11-03 17:00'), checkInMethod: 'none', purpose: '补拜访', createdBy: w.m1.id })
    .returning();

  const m1 = { id: w.m1.id, unitId: w.unit.id };
  const m2 = { id: w.m2.id, unitId: w.unit.id };
  await checkDay(m1, '2026-10-15', { items: [{ customerId: cA.id, finding: 'not_visited' }, { customerId: cB.id, finding: 'visited' }], result: 'incomplete', yuan: 50 });
  await checkDay(m1, '2026-11-02', { items: [{ customerId: cA.id, finding: 'visited' }, { customerId: cB.id, finding: 'visited' }, { customerId: cD.id, finding: 'visited' }], result: 'on_site' });
  const nov3 = await checkDay(m1, '2026-11-03', {
    items: [
      { customerId: cA.id, finding: 'visited' },
      { customerId: cC.id, finding: 'not_visited', matchedVisitId: matched.id },
      { customerId: cB.id, finding: 'unreachable' },
    ],
    result: 'incomplete',
    yuan: 50,
  });
  await checkDay(m1, '2026-11-04', { items: [{ customerId: cA.id, finding: 'visited' }, { customerId: cD.id, finding: 'unreachable' }], result: 'on_site' });
  const nov5 = await checkDay(m1, '2026-11-05', { items: [{ customerId: cA.id, finding: null }, { customerId: cB.id, finding: null }], result: null });
  await checkDay(m1, '2026-11-06', { selected: false });
  await checkDay(m2, '2026-11-09', { items: [{ customerId: cE.id, finding: 'not_visited' }, { customerId: cG.id, finding: 'not_visited' }], result: 'none', yuan: 100 });
  const nov10 = await checkDay(m2, '2026-11-10', { items: [{ customerId: cE.id, finding: 'visited' }, { customerId: cG.id, finding: 'not_visited' }], result: 'incomplete', yuan: 50 });
  await checkDay({ id: m3.id, unitId: u2.id }, '2026-11-11', { items: [{ customerId: cH.id, finding: 'visited' }], result: 'on_site' });
  await checkDay({ id: m4.id, unitId: w.unit.id }, '2026-11-12', { selected: false });

  // m2's open 建议调离; m1's was cleared by staff (no badge).
  await db.insert(managerFlags).values({ managerId: w.m2.id, unitId: w.unit.id, kind: 'removal_suggested', params: { count: 5, threshold: 5, windowDays: 90 }, raisedAt: local('2026-11-10 18:00') });
  await db.insert(managerFlags).values({
    managerId: w.m1.id,
    unitId: w.unit.id,
    kind: 'removal_suggested',
    params: { count: 5, threshold: 5 },
    raisedAt: local('2026-09-10 18:00'),
    clearedAt: local('2026-09-12 10:00'),
    clearedBy: w.staff.id,
    clearReason: '已核实为客户记录有误',
  });
  // m1 disputes the 11-03 finding.
  await db.insert(disputes).values({
    spotCheckItemId: nov3.items[1],
    managerId: w.m1.id,
    unitId: w.unit.id,
    month: MONTH,
    subject: 'spot_check',
    reason: '当天下午已电话联系客户',
    respondBy: local('2026-11-10 18:00'),
  });
  return { ...w, u2, m3, m4, cH, sup1, sup2, matched, nov3, nov5, nov10 };
}

const counts = (days: number, onSite: number, incomplete: number, none: number, findings: number, yuan: number, open: number) => ({ days, onSite, incomplete, none, findings, yuan, open });

describe('拜访到位率 per manager, unit and month', () => {
  it('counts each manager, unit and the whole month by hand; a manager not drawn and an empty month read 未测, never 0 % or 100 %', async () => {
    const w = await makeWorld();
    const report = await getSpotCheckReport({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    const byName = Object.fromEntries(report.managers.map((m) => [m.displayName, m]));
    expect(Object.keys(byName).sort()).toEqual(['丁经理', '丙经理', '乙经理', '甲经理'].sort());
    expect(byName['甲经理']).toMatchObject({ ...counts(3, 2, 1, 0, 1, 50, 1), rate: { numerator: 2, denominator: 3 }, flag: null });
    expect(byName['甲经理'].rate.value).toBeCloseTo(2 / 3, 10);
    expect(byName['乙经理']).toMatchObject({ ...counts(2, 0, 1, 1, 3, 150, 0), rate: { value: 0 }, flag: { count: 5, threshold: 5 } });
    expect(byName['丙经理']).toMatchObject({ ...counts(1, 1, 0, 0, 0, 0, 0), rate: { value: 1 }, unitName: '东部营销中心' });
    expect(byName['丁经理']).toMatchObject({ ...counts(0, 0, 0, 0, 0, 0, 0), rate: { value: null } });

    const units = Object.fromEntries(report.units.map((u) => [u.unitId, u]));
    expect(units[w.unit.id]).toMatchObject({ managers: 3, ...counts(5, 2, 2, 1, 4, 200, 1), rate: { value: 0.4 } });
    expect(units[w.u2.id]).toMatchObject({ managers: 1, ...counts(1, 1, 0, 0, 0, 0, 0), rate: { value: 1 } });
    expect(report.totals).toMatchObject({ managers: 4, ...counts(6, 3, 2, 1, 4, 200, 1), rate: { value: 0.5 } });

    // October is its own month: m1's one day there, none of November's.
    const october = await getSpotCheckReport({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: '2026-10' } });
    expect(october.managers.map((m) => [m.displayName, m.days, m.incomplete, m.yuan])).toEqual([['甲经理', 1, 1, 50]]);

    // A month with no spot check at all: nobody listed, the rate of nothing is not measured.
    const empty = await getSpotCheckReport({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: '2026-12' } });
    expect(empty).toMatchObject({ managers: [], units: [], totals: { managers: 0, days: 0, rate: { value: null } } });
    const myEmpty = await getManagerSpotChecks({ ctx: ctxAs(db, w.m1, CLOSE_AT), input: { month: '2026-12' } });
    expect(myEmpty).toMatchObject({ days: 0, rate: { value: null }, checkedDays: [], notVisited: [] });
  });

  it('scope: staff see every unit (or one), a supervisor their unit only, a manager themselves only', async () => {
    const w = await makeWorld();
    const names = (r: Awaited<ReturnType<typeof getSpotCheckReport>>) => r.managers.map((m) => m.displayName).sort();

    expect(names(await getSpotCheckReport({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH, unitId: w.u2.id } }))).toEqual(['丙经理']);

    const own = await getSpotCheckReport({ ctx: ctxAs(db, w.sup1, CLOSE_AT), input: { month: MONTH } });
    expect(names(own)).toEqual(['丁经理', '乙经理', '甲经理'].sort());
    expect(own.units.map((u) => u.unitId)).toEqual([w.unit.id]);
    expect(own.totals).toMatchObject({ managers: 3, days: 5, rate: { value: 0.4 } });
    await expect(getSpotCheckReport({ ctx: ctxAs(db, w.sup1, CLOSE_AT), input: { month: MONTH, unitId: w.u2.id } })).rejects.toThrow(NotFoundError);
    expect(names(await getSpotCheckReport({ ctx: ctxAs(db, w.sup2, CLOSE_AT), input: { month: MONTH } }))).toEqual(['丙经理']);

    const mine = await getSpotCheckReport({ ctx: ctxAs(db, w.m1, CLOSE_AT), input: { month: MONTH, unitId: w.u2.id } });
    expect(names(mine)).toEqual(['甲经理']);
    expect(mine.totals).toMatchObject({ managers: 1, ...counts(3, 2, 1, 0, 1, 50, 1) });
    await expect(getSpotCheckReport({ ctx: ctxAs(db, w.agent, CLOSE_AT), input: { month: MONTH } })).rejects.toThrow(ForbiddenError);

    // 我的本月 is the manager's own (naming another manager changes nothing) …
    const m3 = await getManagerSpotChecks({ ctx: ctxAs(db, w.m3, CLOSE_AT), input: { month: MONTH } });
    expect(m3).toMatchObject({ days: 1, onSite: 1, rate: { value: 1 }, notVisited: [] });
    expect(m3.checkedDays.map((d) => d.day)).toEqual(['2026-11-11']);
    expect(await getManagerSpotChecks({ ctx: ctxAs(db, w.m3, CLOSE_AT), input: { month: MONTH, managerId: w.m1.id } })).toEqual(m3);
    // … and the report's page of one manager shows the same to staff and the unit's supervisor, not to another unit's.
    const m1 = await getManagerSpotChecks({ ctx: ctxAs(db, w.m1, CLOSE_AT), input: { month: MONTH } });
    expect(await getManagerSpotChecks({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH, managerId: w.m1.id } })).toEqual(m1);
    expect(await getManagerSpotChecks({ ctx: ctxAs(db, w.sup1, CLOSE_AT), input: { month: MONTH, managerId: w.m1.id } })).toEqual(m1);
    await expect(getManagerSpotChecks({ ctx: ctxAs(db, w.sup2, CLOSE_AT), input: { month: MONTH, managerId: w.m1.id } })).rejects.toThrow(NotFoundError);
    await expect(getManagerSpotChecks({ ctx: ctxAs(db, w.sup1, CLOSE_AT), input: { month: MONTH } })).rejects.toThrow(NotFoundError);
    await expect(getManagerSpotChecks({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH, managerId: w.sup1.id } })).rejects.toThrow(NotFoundError);
    await expect(getManagerSpotChecks({ ctx: ctxAs(db, w.agent, CLOSE_AT), input: { month: MONTH, managerId: w.m1.id } })).rejects.toThrow(ForbiddenError);
  });

  it("我的本月: the manager's days newest first, and each not-visited finding with customer, planned time, the report filed that day, the day's yuan and its dispute", async () => {
    const w = await makeWorld();
    const mine = await getManagerSpotChecks({ ctx: ctxAs(db, w.m1, CLOSE_AT), input: { month: MONTH } });
    expect(mine).toMatchObject({ month: MONTH, ...counts(3, 2, 1, 0, 1, 50, 1) });
    expect(mine.checkedDays.map((d) => [d.day, d.result, d.customers, d.visited, d.notVisited, d.unreachable, d.pending, d.yuan])).toEqual([
      ['2026-11-05', null, 2, 0, 0, 0, 2, 0],
      ['2026-11-04', 'on_site', 2, 1, 0, 1, 0, 0],
      ['2026-11-03', 'incomplete', 3, 1, 1, 1, 0, 50],
      ['2026-11-02', 'on_site', 3, 3, 0, 0, 0, 0],
    ]);
    expect(mine.notVisited).toHaveLength(1);
    expect(mine.notVisited[0]).toMatchObject({
      spotCheckItemId: w.nov3.items[1],
      day: '2026-11-03',
      customerName: w.customers.cC.name,
      groupCode: w.customers.cC.groupCode,
      plannedAt: local('2026-11-03 10:30'),
      place: '客户办公室2',
      matchedVisit: { id: w.matched.id, visitedAt: local('2026-11-03 16:00'), type: 'phone' },
      dispute: { state: 'open' },
    });
    const m2 = await getManagerSpotChecks({ ctx: ctxAs(db, w.m2, CLOSE_AT), input: { month: MONTH } });
    expect(m2.notVisited.map((f) => [f.day, f.customerName, f.matchedVisit, f.dispute])).toEqual([
      ['2026-11-10', w.customers.cG.name, null, null],
      ['2026-11-09', w.customers.cE.name, null, null],
      ['2026-11-09', w.customers.cG.name, null, null],
    ]);
  });

  it('the unit view: each manager’s 拜访到位率 with 建议调离 and its count, sortable, 未测 last; staff see any unit', async () => {
    const w = await makeWorld();
    const view = await getUnitDashboard({ ctx: ctxAs(db, w.sup1, CLOSE_AT), input: { month: MONTH } });
    const rows = view.spotChecks.rows.map((r) => [r.displayName, r.days, r.onSite, r.incomplete, r.none, r.yuan, r.rate.value === null ? '未测' : Math.round(r.rate.value * 10_000) / 10_000, r.flag?.count ?? null]);
    // Worst first by default; a manager not checked (未测) last.
    expect(rows).toEqual([
      ['乙经理', 2, 0, 1, 1, 150, 0, 5],
      ['甲经理', 3, 2, 1, 0, 50, 0.6667, null],
      ['丁经理', 0, 0, 0, 0, 0, '未测', null],
    ]);
    expect(view.spotChecks.totals).toMatchObject({ ...counts(5, 2, 2, 1, 4, 200, 1), rate: { value: 0.4 }, flagged: 1 });
    expect(view.managers.find((m) => m.managerId === w.m2.id)!.removalFlag).toMatchObject({ count: 5 });
    expect(view.managers.find((m) => m.managerId === w.m1.id)!.removalFlag).toBeNull();

    const byYuan = await getUnitDashboard({ ctx: ctxAs(db, w.sup1, CLOSE_AT), input: { month: MONTH, spotSort: 'yuan', spotDir: 'desc' } });
    expect(byYuan.spotChecks.rows.map((r) => r.displayName)).toEqual(['乙经理', '甲经理', '丁经理']);
    const byRateDesc = await getUnitDashboard({ ctx: ctxAs(db, w.sup1, CLOSE_AT), input: { month: MONTH, spotSort: 'rate', spotDir: 'desc' } });
    expect(byRateDesc.spotChecks.rows.map((r) => r.displayName)).toEqual(['甲经理', '乙经理', '丁经理']);

    const other = await getUnitDashboard({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH, unitId: w.u2.id } });
    expect(other.spotChecks.rows.map((r) => [r.displayName, r.rate.value])).toEqual([['丙经理', 1]]);
    await expect(getUnitDashboard({ ctx: ctxAs(db, w.sup1, CLOSE_AT), input: { month: MONTH, unitId: w.u2.id } })).rejects.toThrow(NotFoundError);
  });
});

describe('the month close freezes 拜访到位率', () => {
  it('freezes each manager’s spot checks from the system of record; a later change shows in the next close’s changes; the XLSX has the sheets with the numbers', async () => {
    const w = await makeWorld();
    const staff = ctxAs(db, w.staff, CLOSE_AT);
    const first = await closeMonth({ ctx: staff, input: { month: MONTH } });
    const frozen = async (closeId: string) =>
      new Map((await db.select().from(monthAssessments).where(eq(monthAssessments.closeId, closeId))).map((a) => [a.managerId, a]));
    const v1 = await frozen(first.closeId);
    const spot = (days: number, onSite: number, incomplete: number, none: number, rate: number | null, findings: number, yuan: number, open: number) => ({
      spotCheckDays: days,
      spotCheckOnSite: onSite,
      spotCheckIncomplete: incomplete,
      spotCheckNone: none,
      spotCheckRate: rate,
      spotCheckFindings: findings,
      spotCheckYuan: yuan,
      spotCheckOpen: open,
    });
    expect(v1.get(w.m1.id)!.figures).toMatchObject(spot(3, 2, 1, 0, 0.6667, 1, 50, 1));
    expect(v1.get(w.m2.id)!.figures).toMatchObject(spot(2, 0, 1, 1, 0, 3, 150, 0));
    // Assessed for his spot check alone (no claim, no visit): in his unit of the close, no score.
    expect(v1.get(w.m3.id)).toMatchObject({ unitId: w.u2.id, score: null, figures: spot(1, 1, 0, 0, 1, 0, 0, 0) });
    // Not checked: nothing stored, read as none.
    expect(v1.get(w.m4.id)!.figures).not.toHaveProperty('spotCheckDays');
    const [close1] = await db.select().from(monthCloses).where(eq(monthCloses.id, first.closeId));
    expect(close1.totals).toMatchObject(spot(6, 3, 2, 1, 0.5, 4, 200, 1));

    // After the close: m2's 11-10 finding is overturned on dispute (the day becomes 到位, its 50
    // yuan reversed), and m1's open day gets its result — as the evaluation would write them,
    // marking the closed month changed.
    await db.update(spotCheckItems).set({ finding: 'visited' }).where(eq(spotCheckItems.id, w.nov10.items[1]));
    await db.update(spotChecks).set({ result: 'on_site', findings: 0, penaltyYuan: 0 }).where(eq(spotChecks.id, w.nov10.id));
    const [penalty] = await db.select().from(penaltyLedger).where(eq(penaltyLedger.spotCheckId, w.nov10.id));
    await db.insert(penaltyLedger).values({ managerId: w.m2.id, unitId: w.unit.id, month: MONTH, spotCheckId: w.nov10.id, kind: 'reversal', amountYuan: -50, reverses: penalty.id, cause: 'incomplete', sourceType: 'dispute', sourceId: 'd-1' });
    await db.update(spotCheckItems).set({ finding: 'visited', findingAt: local('2026-11-06 10:00') }).where(eq(spotCheckItems.spotCheckId, w.nov5.id));
    await db.update(spotChecks).set({ result: 'on_site' }).where(eq(spotChecks.id, w.nov5.id));
    await db.update(monthStatus).set({ changedSinceClose: true }).where(eq(monthStatus.month, MONTH));

    const second = await closeMonth({ ctx: ctxAs(db, w.staff, new Date(CLOSE_AT.getTime() + 86_400_000)), input: { month: MONTH } });
    expect(second.version).toBe(2);
    const v2 = await frozen(second.closeId);
    expect(v2.get(w.m1.id)!.figures).toMatchObject(spot(4, 3, 1, 0, 0.75, 1, 50, 0));
    expect(v2.get(w.m2.id)!.figures).toMatchObject(spot(2, 1, 0, 1, 0.5, 2, 100, 0));
    const [close2] = await db.select().from(monthCloses).where(eq(monthCloses.id, second.closeId));
    const spotChanges = close2.changes.filter((c) => c.figure.startsWith('spotCheck'));
    expect(spotChanges).toEqual(
      [
        { managerId: w.m1.id, figure: 'spotCheckDays', old: 3, new: 4 },
        { managerId: w.m1.id, figure: 'spotCheckOnSite', old: 2, new: 3 },
        { managerId: w.m1.id, figure: 'spotCheckRate', old: 0.6667, new: 0.75 },
        { managerId: w.m1.id, figure: 'spotCheckOpen', old: 1, new: 0 },
        { managerId: w.m2.id, figure: 'spotCheckOnSite', old: 0, new: 1 },
        { managerId: w.m2.id, figure: 'spotCheckIncomplete', old: 1, new: 0 },
        { managerId: w.m2.id, figure: 'spotCheckRate', old: 0, new: 0.5 },
        { managerId: w.m2.id, figure: 'spotCheckFindings', old: 3, new: 2 },
        { managerId: w.m2.id, figure: 'spotCheckYuan', old: 150, new: 100 },
      ].sort((a, b) => a.managerId.localeCompare(b.managerId)),
    );
    // Nobody else's spot checks changed; the supervisor of the other unit sees none of it.
    expect(spotChanges.every((c) => c.managerId === w.m1.id || c.managerId === w.m2.id)).toBe(true);
    const theirs = await getCloseChanges({ ctx: ctxAs(db, w.sup2, CLOSE_AT), input: { month: MONTH, version: 2 } });
    expect(theirs.changes.filter((c) => c.figure.startsWith('spotCheck'))).toEqual([]);

    // The report page reads the frozen figures: a supervisor their unit's managers and unit.
    const page = await getMonthReport({ ctx: ctxAs(db, w.sup2, CLOSE_AT), input: { month: MONTH } });
    expect(page.rows.map((r) => [r.managerName, r.figures.spotCheckDays, r.figures.spotCheckRate])).toEqual([['丙经理', 1, 1]]);
    expect(page.units.map((u) => [u.unitName, u.spotCheckDays, u.spotCheckRate])).toEqual([['东部营销中心', 1, 1]]);
    const sorted = await getMonthReport({ ctx: staff, input: { month: MONTH, unitId: w.unit.id, sort: 'spotCheckRate', dir: 'asc' } });
    // m4 is in the close (his claim) with no checked day: 未测, and last.
    expect(sorted.rows.map((r) => [r.managerName, r.figures.spotCheckRate])).toEqual([
      ['乙经理', 0.5],
      ['甲经理', 0.75],
      ['丁经理', null],
    ]);

    // The Excel report: 拜访到位率 per manager and per unit, with Chinese headers and the numbers above.
    const book = await workbookOf(await exportMonthReport({ ctx: staff, input: { month: MONTH } }));
    expect(book.worksheets.map((s) => s.name)).toEqual(['客户经理', '营销单位', '拜访到位率', '拜访到位率-单位', '变化', '说明', '拜访结论明细']);
    const table = (name: string) => {
      const sheet = book.getWorksheet(name)!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const out: Record<string, unknown>[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) out.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
      });
      return { sheet, header, rows: out };
    };
    const managers = table('拜访到位率');
    expect(managers.header).toEqual(['客户经理', '工号', '营销单位', '抽查天数', '到位天数', '拜访不全天数', '未拜访天数', '拜访到位率', '未拜访客户数', '罚款（元）', '抽查未完成天数']);
    const row = (name: string) => managers.rows.find((r) => r['客户经理'] === name)!;
    const figures = (r: Record<string, unknown>) => managers.header.slice(3).map((h) => r[h]);
    expect(figures(row('甲经理'))).toEqual([4, 3, 1, 0, 0.75, 1, 50, 0]);
    expect(figures(row('乙经理'))).toEqual([2, 1, 0, 1, 0.5, 2, 100, 0]);
    expect(figures(row('丙经理'))).toEqual([1, 1, 0, 0, 1, 0, 0, 0]);
    expect(figures(row('丁经理'))).toEqual([0, 0, 0, 0, '未测', 0, 0, 0]);
    expect(row('丙经理')['营销单位']).toBe('东部营销中心');
    const rateColumn = managers.header.indexOf('拜访到位率') + 1;
    const m1Row = managers.rows.indexOf(row('甲经理')) + 2;
    expect(managers.sheet.getRow(m1Row).getCell(rateColumn).numFmt).toBe('0.0%');
    const units = table('拜访到位率-单位');
    expect(units.header).toEqual(['营销单位', '客户经理人数', '抽查天数', '到位天数', '拜访不全天数', '未拜访天数', '拜访到位率', '未拜访客户数', '罚款（元）', '抽查未完成天数']);
    const unitRow = (name: string) => units.rows.find((r) => r['营销单位'] === name)!;
    expect(units.header.slice(1).map((h) => unitRow(w.unit.name)[h])).toEqual([3, 6, 4, 1, 1, 0.6667, 3, 150, 0]);
    expect(units.header.slice(1).map((h) => unitRow('东部营销中心')[h])).toEqual([1, 1, 1, 0, 0, 1, 0, 0, 0]);
    // The changes sheet names the spot-check figures in Chinese.
    const changes = table('变化').rows;
    expect(changes).toContainEqual({ 客户经理: '乙经理', 指标: '罚款（元）', 原值: 150, 新值: 100 });
    expect(changes).toContainEqual({ 客户经理: '甲经理', 指标: '拜访到位率', 原值: 0.6667, 新值: 0.75 });
    const notes = book.getWorksheet('说明')!.getSheetValues().flat().map(String).join('\n');
    expect(notes).toContain('拜访到位率 = 到位天数 ÷ 已出结果的抽查天数');

    // A supervisor's file holds their unit only.
    const mine = await workbookOf(await exportMonthReport({ ctx: ctxAs(db, w.sup2, CLOSE_AT), input: { month: MONTH } }));
    expect(mine.getWorksheet('拜访到位率')!.rowCount).toBe(2);
    expect(mine.getWorksheet('拜访到位率-单位')!.rowCount).toBe(2);
  });
});
