import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { pointsLedger, visitReports, visitVerdicts } from '@/db/schema';
import { ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { getUnitDashboard } from '@/lib/unit/dashboard';
import { local } from '../support/assessment';
import { ctxAs, makeClaim, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

/** 15 November 2026, 10:00 in Asia/Shanghai: 15 of November's 30 days elapsed (today counted). */
const NOW = local('2026-11-15 10:00');
const MONTH = '2026-11';

type Status = 'valid' | 'invalid' | 'unverified' | 'pending';

/**
 * A unit counted by hand. Claims all year; requirements (DOMAIN rule 4): A/B one on-site visit a
 * month, C/D a contact in the month and an on-site visit in three months.
 *
 *   甲 (p): A1 (A) and C1 (C) → required 1 + 2 = 3.
 *     A1 on site 3 Nov valid; C1 on site 4 Nov valid (contact and quarter); A1 phone 6 Nov
 *     valid then invalid (the latest version is in force) → done 3; valid 2, invalid 1 → 2/3.
 *     October: A1 on site valid. Points: October 10; November 10 + 5 = 15.
 *   乙 (q): B1 (B), D1 (D), A2 (A), A3 (A) → required 1 + 2 + 1 + 1 = 5.
 *     B1 on site 2 Nov unverified (counts); D1 phone 7 Nov, pending (counts as contact) → done 2;
 *     nothing judged → valid rate 未测. Still open: A2, A3 on site this month, D1 on site in three months.
 *     October: B1 on site invalid. Points: October 8 − 8 = 0; November 10.
 *   A former manager of the unit (inactive, no claims now): October, one valid visit — in the
 *   unit's line (a manager's history stays with the unit they are in), not in the table.
 *   Another unit's manager: November, a valid visit and 99 points — never in this unit.
 *
 * Pace on the 15th, in whole visits: 甲 expected 3 × 15/30 = 1.5 → 2, margin +1; 乙 expected 2.5 → 3, margin −1 (behind);
 * the unit 8 required, 5 done, expected 4, gap +1.
 */
async function world() {
  const unit = await makeUnit(db, { name: '城区营销中心' });
  const otherUnit = await makeUnit(db, { name: '东部营销中心' });
  const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
  const otherSupervisor = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
  const staff = await makeUser(db, 'staff');
  const p = await makeUser(db, 'manager', { unitId: unit.id, displayName: '甲经理' });
  const q = await makeUser(db, 'manager', { unitId: unit.id, displayName: '乙经理' });
  const former = await makeUser(db, 'manager', { unitId: unit.id, displayName: '丙经理', active: false });
  const outsider = await makeUser(db, 'manager', { unitId: otherUnit.id, displayName: '丁经理' });

  const since = local('2026-01-01 00:00');
  const customer = async (name: string, cls: 'A' | 'B' | 'C' | 'D', managerId: string, unitId = unit.id) => {
    const c = await makeCustomer(db, unitId, { name, class: cls });
    await makeClaim(db, c.id, managerId, since);
    return c;
  };
  const a1 = await customer('安达科技', 'A', p.id);
  const c1 = await customer('长风商贸', 'C', p.id);
  const b1 = await customer('白云酒店', 'B', q.id);
  const d1 = await customer('东方建材', 'D', q.id);
  const a2 = await customer('北辰物流', 'A', q.id);
  const a3 = await customer('晨光电子', 'A', q.id);
  const o1 = await customer('远方集团', 'A', outsider.id, otherUnit.id);
  const old = await makeCustomer(db, unit.id, { name: '旧客户', class: 'B' });

  const visit = async (managerId: string, customerId: string, type: 'on_site' | 'phone', at: string, ...statuses: Status[]) => {
    const visitedAt = local(at);
    const [v] = await db
      .insert(visitReports)
      .values({ managerId, customerId, type, visitedAt, reportedAt: new Date(visitedAt.getTime() + 3600_000), checkInMethod: 'none', purpose: '了解通信需求', late: false, createdBy: managerId })
      .returning();
    for (const [i, status] of statuses.entries()) {
      await db.insert(visitVerdicts).values({ visitId: v.id, managerId, month: at.slice(0, 7), version: i + 1, status, final: false, reasons: [], cause: 'evaluation' });
    }
    return v;
  };
  await visit(p.id, a1.id, 'on_site', '2026-11-03 10:00', 'valid');
  await visit(p.id, c1.id, 'on_site', '2026-11-04 10:00', 'pending', 'valid');
  await visit(p.id, a1.id, 'phone', '2026-11-06 10:00', 'valid', 'invalid');
  await visit(p.id, a1.id, 'on_site', '2026-10-10 10:00', 'valid');
  await visit(q.id, b1.id, 'on_site', '2026-11-02 10:00', 'unverified');
  await visit(q.id, d1.id, 'phone', '2026-11-07 10:00');
  await visit(q.id, b1.id, 'on_site', '2026-10-12 10:00', 'invalid');
  await visit(former.id, old.id, 'on_site', '2026-10-20 10:00', 'valid');
  await visit(outsider.id, o1.id, 'on_site', '2026-11-05 10:00', 'valid');

  const entry = (managerId: string, customerId: string, month: string, kind: 'accrual' | 'deduction', points: number) => ({
    managerId,
    customerId,
    month,
    key: `${kind}:${customerId}`,
    kind,
    points,
    cause: kind,
    sourceType: 'recompute',
  });
  await db.insert(pointsLedger).values([
    entry(p.id, a1.id, '2026-10', 'accrual', 10),
    entry(p.id, a1.id, MONTH, 'accrual', 10),
    entry(p.id, c1.id, MONTH, 'accrual', 5),
    entry(q.id, b1.id, '2026-10', 'accrual', 8),
    entry(q.id, b1.id, '2026-10', 'deduction', -8),
    entry(q.id, a2.id, MONTH, 'accrual', 10),
    entry(outsider.id, o1.id, MONTH, 'accrual', 99),
  ]);
  return { unit, otherUnit, supervisor, otherSupervisor, staff, p, q, outsider, customers: { a1, c1, b1, d1, a2, a3 } };
}

describe('单元看板 (getUnitDashboard)', () => {
  it('pace against what is expected by today, worst first, as counted by hand', async () => {
    const w = await world();
    const d = await getUnitDashboard({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: MONTH } });
    expect(d.unit?.id).toBe(w.unit.id);
    expect(d.today).toBe('2026-11-15');
    expect(d.sort).toBe('gap');
    expect(d.direction).toBe('asc');
    expect(d.paceRows.map((r) => r.displayName)).toEqual(['乙经理', '甲经理']);
    const [q, p] = d.paceRows;
    expect(q).toMatchObject({ managerId: w.q.id, required: 5, done: 2, daysInMonth: 30, elapsedDays: 15, share: 0.5, expected: 3, gap: -1, points: 10, uncovered: 3 });
    expect(q.validRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(p).toMatchObject({ managerId: w.p.id, required: 3, done: 3, expected: 2, gap: 1, points: 15, uncovered: 0 });
    expect(p.validRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(d.pace).toMatchObject({ required: 8, done: 5, expected: 4, gap: 1, share: 0.5, points: 25, behind: 1 });
    expect(d.pace.validRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    // The unit view's figures stay as they were beside the dashboard.
    expect(d.managers.find((m) => m.managerId === w.q.id)).toMatchObject({ visits: 2, unverified: 1, pending: 1, points: 10, coverage: 'short' });
  });

  it('sorts by name, valid rate and points both ways; 未测 last', async () => {
    const w = await world();
    const order = async (sort: 'name' | 'validRate' | 'points' | 'gap', dir: 'asc' | 'desc') =>
      (await getUnitDashboard({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: MONTH, sort, dir } })).paceRows.map((r) => r.displayName);
    expect(await order('name', 'asc')).toEqual(['甲经理', '乙经理']);
    expect(await order('name', 'desc')).toEqual(['乙经理', '甲经理']);
    expect(await order('validRate', 'asc')).toEqual(['甲经理', '乙经理']);
    expect(await order('validRate', 'desc')).toEqual(['甲经理', '乙经理']);
    expect(await order('points', 'asc')).toEqual(['乙经理', '甲经理']);
    expect(await order('gap', 'desc')).toEqual(['甲经理', '乙经理']);
  });

  it('the trend: this month and the six before, the unit line over its managers now, 未测 where nothing was judged', async () => {
    const w = await world();
    const d = await getUnitDashboard({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: MONTH } });
    expect(d.trend.months).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const unit = new Map(d.trend.unit.map((t) => [t.month, t]));
    expect(unit.get('2026-09')).toEqual({ month: '2026-09', validRate: { numerator: 0, denominator: 0, value: null }, points: 0 });
    // October: 甲 valid, 乙 invalid, the former manager valid.
    expect(unit.get('2026-10')).toEqual({ month: '2026-10', validRate: { numerator: 2, denominator: 3, value: 2 / 3 }, points: 10 });
    expect(unit.get('2026-11')).toEqual({ month: '2026-11', validRate: { numerator: 2, denominator: 3, value: 2 / 3 }, points: 25 });
    // The table's rows: the managers listed, in the pace table's order.
    expect(d.trend.managers.map((m) => m.displayName)).toEqual(['乙经理', '甲经理']);
    const q = new Map(d.trend.managers[0].months.map((t) => [t.month, t]));
    expect(q.get('2026-10')).toMatchObject({ validRate: { value: 0 }, points: 0 });
    expect(q.get('2026-11')).toMatchObject({ validRate: { value: null }, points: 10 });
    const p = new Map(d.trend.managers[1].months.map((t) => [t.month, t]));
    expect(p.get('2026-10')).toMatchObject({ validRate: { value: 1 }, points: 10 });
  });

  it("lists the unit's customers still uncovered with what each still needs, class A first, a page at a time", async () => {
    const w = await world();
    const d = await getUnitDashboard({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: MONTH } });
    expect(d.uncovered.total).toBe(3);
    expect(d.uncovered.rows.map((r) => [r.name, r.customerClass, r.managerName, r.gaps])).toEqual([
      ['北辰物流', 'A', '乙经理', ['on_site_month']],
      ['晨光电子', 'A', '乙经理', ['on_site_month']],
      ['东方建材', 'D', '乙经理', ['on_site_quarter']],
    ]);
    // A page past the end reads as the last.
    expect((await getUnitDashboard({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: MONTH, page: '9' } })).uncovered).toMatchObject({ page: 1, total: 3 });
  });

  it('a month over is wholly expected; a month ahead expects nothing yet', async () => {
    const w = await world();
    const after = await getUnitDashboard({ ctx: ctxAs(db, w.supervisor, local('2026-12-02 09:00')), input: { month: MONTH } });
    expect(after.paceRows.find((r) => r.managerId === w.q.id)).toMatchObject({ share: 1, expected: 5, gap: -3 });
    const ahead = await getUnitDashboard({ ctx: ctxAs(db, w.supervisor, NOW), input: { month: '2026-12' } });
    expect(ahead.paceRows.find((r) => r.managerId === w.q.id)).toMatchObject({ share: 0, expected: 0, gap: 0 });
  });

  it("another unit's supervisor gets not found; staff choose the unit; managers may not open it", async () => {
    const w = await world();
    await expect(getUnitDashboard({ ctx: ctxAs(db, w.otherSupervisor, NOW), input: { month: MONTH, unitId: w.unit.id } })).rejects.toBeInstanceOf(NotFoundError);
    const other = await getUnitDashboard({ ctx: ctxAs(db, w.otherSupervisor, NOW), input: { month: MONTH } });
    expect(other.paceRows.map((r) => r.managerId)).toEqual([w.outsider.id]);
    expect(other.trend.unit.at(-1)).toMatchObject({ points: 99, validRate: { numerator: 1, denominator: 1 } });
    expect(other.uncovered.total).toBe(0);

    const staff = await getUnitDashboard({ ctx: ctxAs(db, w.staff, NOW), input: { month: MONTH, unitId: w.unit.id } });
    expect(staff.pace).toMatchObject({ required: 8, done: 5 });
    await expect(getUnitDashboard({ ctx: ctxAs(db, w.p, NOW), input: { month: MONTH } })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
