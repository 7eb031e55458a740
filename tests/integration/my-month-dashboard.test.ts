import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { pointsLedger, visitReports, visitVerdicts } from '@/db/schema';
import { getMyMonthDashboard } from '@/lib/coverage/my-month';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { ctxAs, makeClaim, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * A manager's November, read on Thursday 12 November 2026 at 10:00 (Shanghai): 12 of 30 days gone (40 %).
 * Claims (since 2026-01): A1, A2 (class A: on site this month), C1 (class C: contact this month, on site
 * in the 3 months). Visits: A1 on site 3 Nov (valid, published); C1 phone 5 Nov (invalid, published —
 * an invalid visit fills nothing); C1 on site 20 Oct (valid). Required 4 (A1 1, A2 1, C1 2), done 2
 * (A1 on site, C1 on site in the quarter) → expected by today round(4 × 0.4) = 2: on pace.
 * Still required: C1 (contact this month), A2 (on site this month).
 * Trend (Nov and the six months before, May–Nov): Nov valid 1 invalid 1 → 50 %; Oct: C1 valid, A1 15 Oct
 * valid (published; a newer invalid version not published yet) and A2 21 Oct whose only verdict is
 * unpublished (not read) → valid 2 of 2, 100 %; September: a visit judged pending only →
 * not measured. Points: October 18 (10 + 8), November none on record; the other months nothing.
 */
const SH = 'Asia/Shanghai';
const local = (text: string) => parseLocalDateTime(text, SH)!;
const READ_AT = local('2026-11-12 10:00');

async function makeWorld(db: Db) {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const other = await makeUser(db, 'manager', { unitId: unit.id });
  const a1 = await makeCustomer(db, unit.id, { class: 'A', name: '甲一' });
  const a2 = await makeCustomer(db, unit.id, { class: 'A', name: '甲二' });
  const c1 = await makeCustomer(db, unit.id, { class: 'C', name: '丙一' });
  for (const c of [a1, a2, c1]) await makeClaim(db, c.id, manager.id, local('2026-01-01 00:00'));
  async function visit(customerId: string, type: 'on_site' | 'phone', at: string, verdicts: { status: 'valid' | 'invalid' | 'pending'; published: boolean }[], managerId = manager.id) {
    const visitedAt = local(at);
    const [v] = await db.insert(visitReports).values({ managerId, customerId, type, visitedAt, reportedAt: visitedAt, purpose: '年度合作沟通', summary: '客户满意', createdBy: managerId }).returning();
    let version = 0;
    for (const o of verdicts)
      await db.insert(visitVerdicts).values({
        visitId: v.id,
        managerId,
        month: at.slice(0, 7),
        version: ++version,
        status: o.status,
        final: o.status !== 'pending',
        reasons: [],
        cause: 'callback',
        publishedAt: o.published ? visitedAt : null,
      });
    return v;
  }
  await visit(a1.id, 'on_site', '2026-11-03 10:00', [{ status: 'valid', published: true }]);
  await visit(c1.id, 'phone', '2026-11-05 10:00', [{ status: 'invalid', published: true }]);
  await visit(c1.id, 'on_site', '2026-10-20 10:00', [{ status: 'valid', published: true }]);
  // A newer version being decided does not change what the manager reads: still valid.
  await visit(a1.id, 'on_site', '2026-10-15 10:00', [
    { status: 'valid', published: true },
    { status: 'invalid', published: false },
  ]);
  await visit(a2.id, 'on_site', '2026-10-21 10:00', [{ status: 'valid', published: false }]);
  await visit(a2.id, 'phone', '2026-09-10 10:00', [{ status: 'pending', published: true }]);
  // Another manager's judged visit counts for nobody here.
  await visit(a2.id, 'on_site', '2026-11-04 10:00', [{ status: 'invalid', published: true }], other.id);
  await db.insert(pointsLedger).values([
    { managerId: manager.id, customerId: a1.id, month: '2026-10', key: `accrual:${a1.id}`, kind: 'accrual', points: 10, cause: 'class A', sourceType: 'close' },
    { managerId: manager.id, customerId: a2.id, month: '2026-10', key: `accrual:${a2.id}`, kind: 'accrual', points: 8, cause: 'class B', sourceType: 'close' },
    { managerId: other.id, customerId: a2.id, month: '2026-11', key: `accrual:${a2.id}`, kind: 'accrual', points: 8, cause: 'class B', sourceType: 'close' },
  ]);
  return { manager, other, a1, a2, c1 };
}

describe('我的本月: pace, still required, trend', () => {
  it('reads the month in progress against its days, what is still required, and seven months of trend', async () => {
    const db = (await testDb()).db;
    const w = await makeWorld(db);
    const d = await getMyMonthDashboard({ ctx: ctxAs(db, w.manager, READ_AT), input: {} });
    expect(d.month).toBe('2026-11');
    expect(d.pace).toMatchObject({ required: 4, done: 2, elapsedDays: 12, daysInMonth: 30, expected: 2, gap: 0, status: 'on_pace' });
    expect(d.stillRequired.map((c) => [c.name, c.gaps])).toEqual([
      ['丙一', ['contact_month']],
      ['甲二', ['on_site_month']],
    ]);
    expect(d.trend.map((t) => t.month)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const byMonth = Object.fromEntries(d.trend.map((t) => [t.month, t]));
    expect(byMonth['2026-11']).toEqual({ month: '2026-11', valid: 1, invalid: 1, validRate: 0.5, points: null });
    expect(byMonth['2026-10']).toEqual({ month: '2026-10', valid: 2, invalid: 0, validRate: 1, points: 18 });
    expect(byMonth['2026-09']).toEqual({ month: '2026-09', valid: 0, invalid: 0, validRate: null, points: null });
    expect(byMonth['2026-05'].validRate).toBeNull();
  });

  it('a past month is wholly gone: everything required was expected', async () => {
    const db = (await testDb()).db;
    const w = await makeWorld(db);
    const d = await getMyMonthDashboard({ ctx: ctxAs(db, w.manager, READ_AT), input: { month: '2026-10' } });
    expect(d.pace).toMatchObject({ elapsedDays: 31, daysInMonth: 31, expected: d.pace.required, status: d.pace.done >= d.pace.required ? 'done' : 'behind' });
    expect(d.trend.at(-1)!.month).toBe('2026-10');
  });

  it('a manager with no customers has no pace: 未测', async () => {
    const db = (await testDb()).db;
    const w = await makeWorld(db);
    const d = await getMyMonthDashboard({ ctx: ctxAs(db, w.other, READ_AT), input: {} });
    expect(d.pace).toMatchObject({ required: 0, status: 'not_measured' });
    expect(d.stillRequired).toEqual([]);
    expect(d.trend.at(-1)).toEqual({ month: '2026-11', valid: 0, invalid: 1, validRate: 0, points: 8 });
  });

  it('is the manager’s own: others are refused', async () => {
    const db = (await testDb()).db;
    const staff = await makeUser(db, 'staff');
    const supervisor = await makeUser(db, 'supervisor');
    for (const who of [staff, supervisor]) await expect(getMyMonthDashboard({ ctx: ctxAs(db, who, READ_AT), input: {} })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
