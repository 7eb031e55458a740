import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackTasks, disputes, monthAssessments, monthCloses, monthStatus, pointsLedger, visitFindings, visitReports, visitVerdicts } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { evaluateForVisit } from '@/lib/assessment/evaluate';
import { ForbiddenError, ValidationError } from '@/lib/platform/core/errors';
import { runImportInline } from '@/lib/imports/imports';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { createVisitReport } from '@/lib/visits/visits';
import { CLOSE_AT, makeAssessmentWorld, MONTH } from '../support/assessment';
import { ctxAs } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeAll(async () => {
  process.env.UPLOAD_DIR = path.join(await mkdtemp(path.join(tmpdir(), 'huifang-assessment-')), 'uploads');
});
beforeEach(async () => {
  db = (await testDb()).db;
  await Promise.all(['assessment', 'sampling'].map((q) => queue(q as 'sampling').obliterate({ force: true })));
});
afterAll(async () => {
  await closeQueues();
});

async function assessmentsOf(closeId: string) {
  const found = await db.select().from(monthAssessments).where(eq(monthAssessments.closeId, closeId));
  return new Map(found.map((a) => [a.managerId, a]));
}

async function ledgerOf(managerId: string, month = MONTH) {
  return db
    .select({ key: pointsLedger.key, kind: pointsLedger.kind, points: pointsLedger.points, cause: pointsLedger.cause, sourceType: pointsLedger.sourceType })
    .from(pointsLedger)
    .where(and(eq(pointsLedger.managerId, managerId), eq(pointsLedger.month, month)))
    .orderBy(asc(pointsLedger.id));
}

async function latestVerdict(visitId: string) {
  const [v] = await db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, visitId)).orderBy(sql`version desc`).limit(1);
  return v;
}

/**
 * The figures below are counted by hand from the rules (DOMAIN.md and the policy defaults), from
 * the facts stated in tests/support/assessment.ts — not from the code.
 *
 * Manager 1 claims cA (A), cB (B, 2 contacts), cC (C), cD (D) all month: 4 customers.
 *   v1  cA on site 5 Nov, GPS ~700 m away, callback 80          → valid; flag check_in_distance
 *   v2  cB on site 6 Nov, reported after 30 h, unreachable       → unverified; flags late, contact depth
 *   v2b cB phone 20 Nov, callback 45                             → invalid (45 < 60); flag contact depth
 *   v3  cC phone 7 Nov, not sampled                              → unverified
 *   v4  cD on site 8 Nov 23:30, callback exactly 60, the contact's phone is a staff member's
 *                                                                → valid; flags odd hours, collusion
 *   (v0 cC on site 10 September: within the rolling 3 months)
 *   Coverage: A on site ✓ (v1); B on site ✓ (v2 counts: unverified); C contact ✓ (v3), C on site in
 *   3 months ✓ (v0); D contact ✓, D on site ✓ (v4) → required 6, done 6, rate 1.
 *   Points: 10 + 8 + 5 + 3 = 26, cB's invalid visit takes its 8 → 18.
 *   Rates: on time 4/5 = 0.8; valid 2/(2+1) = 0.6667. Score 40·1 + 40·0.6667 + 20·0.8 = 82.7 → 良好.
 *
 * Manager 2 claims cE (A) all month, cG (D) from the 16th (15 days: counts), cF (C) from the 17th
 * (14 days: does not count) → 2 customers.
 *   v5  cE on site 10 Nov, contact e1 — as in October (v5p) → invalid (same contact), callback 90 notwithstanding
 *   v7  cG on site 18 Nov, knock-out on question 2, score 40    → invalid (knock-out); flag duplicate
 *   v10 cG phone 18 Nov, not yet sampled                         → pending; flag duplicate
 *   v8  cF phone 20 Nov, not sampled                             → unverified
 *   v9  cA (manager 1's customer) on site 11 Nov                 → invalid (not the claimant)
 *   Coverage: A on site ✗ (v5 invalid); D contact ✓ (v10 pending counts), D on site ✗ (v7 invalid)
 *   → required 3, done 1, rate 0.3333: coverage failed.
 *   Points: cE 10 − 10, cG 3 − 3 (their invalid visits) = 0; nothing left to zero.
 *   Rates: on time 5/5 = 1; valid 0/(0+3) = 0. Score 40·0.3333 + 0 + 20·1 = 33.3 → 严重不达标.
 */
const EXPECTED = {
  m1: {
    figures: { claimedCustomers: 4, required: 6, done: 6, coverageRate: 1, coverageFailed: 0, visits: 5, late: 1, onTimeRate: 0.8, sampled: 4, valid: 2, invalid: 1, unverified: 2, pending: 0, validRate: 0.6667, points: 18 },
    score: 82.7,
    grade: 'good',
  },
  m2: {
    figures: { claimedCustomers: 2, required: 3, done: 1, coverageRate: 0.3333, coverageFailed: 1, visits: 5, late: 0, onTimeRate: 1, sampled: 2, valid: 0, invalid: 3, unverified: 1, pending: 1, validRate: 0, points: 0 },
    score: 33.3,
    grade: 'seriously_below',
  },
};

describe('closing a hand-counted month', () => {
  it('gives exactly the figures counted by hand, with findings, explained verdicts and a ledger pointing to causes', async () => {
    const w = await makeAssessmentWorld(db);
    const staff = ctxAs(db, w.staff, CLOSE_AT);
    const closed = await closeMonth({ ctx: staff, input: { month: MONTH } });
    expect(closed).toMatchObject({ month: MONTH, version: 1, managers: 2, changes: 0 });

    const a = await assessmentsOf(closed.closeId);
    for (const [key, user] of [['m1', w.m1], ['m2', w.m2]] as const) {
      const got = a.get(user.id)!;
      expect(got.figures).toEqual(EXPECTED[key].figures);
      expect(got.score).toBeCloseTo(EXPECTED[key].score, 5);
      expect(got.grade).toBe(EXPECTED[key].grade);
      expect(got.unitId).toBe(w.unit.id);
    }
    expect(a.get(w.m2.id)!.gaps).toEqual(
      expect.arrayContaining([
        { customerId: w.customers.cE.id, requirement: 'on_site_month' },
        { customerId: w.customers.cG.id, requirement: 'on_site_quarter' },
      ]),
    );
    expect(a.get(w.m2.id)!.gaps).toHaveLength(2);
    expect(a.get(w.m1.id)!.gaps).toEqual([]);

    // Findings, as counted above.
    const findings = await db.select({ visitId: visitFindings.visitId, code: visitFindings.code }).from(visitFindings);
    const codes = (v: { id: string }) => findings.filter((f) => f.visitId === v.id).map((f) => f.code).sort();
    const v = w.visits;
    expect(codes(v.v1)).toEqual(['check_in_distance']);
    expect(codes(v.v2)).toEqual(['contact_depth', 'late_report']);
    expect(codes(v.v2b)).toEqual(['contact_depth']);
    expect(codes(v.v3)).toEqual([]);
    expect(codes(v.v4)).toEqual(['collusion', 'odd_hours']);
    expect(codes(v.v5)).toEqual(['same_contact_two_months']);
    expect(codes(v.v7)).toEqual(['duplicate']);
    expect(codes(v.v10)).toEqual(['duplicate']);
    expect(codes(v.v9)).toEqual(['not_claimant']);
    expect(codes(v.v0)).toEqual([]); // September is not this close's month

    // Verdicts with the reasons a manager reads.
    const reason = async (visit: { id: string }) => {
      const x = await latestVerdict(visit.id);
      return { status: x.status, final: x.final, reasons: x.reasons, published: x.publishedAt !== null };
    };
    expect(await reason(v.v2b)).toEqual({ status: 'invalid', final: true, reasons: [{ code: 'scoreBelow', params: { score: 45, threshold: 60 } }], published: true });
    expect(await reason(v.v7)).toEqual({ status: 'invalid', final: true, reasons: [{ code: 'knockOut', params: { question: '2' } }], published: true });
    expect(await reason(v.v5)).toEqual({ status: 'invalid', final: true, reasons: [{ code: 'finding.same_contact_two_months', params: {} }], published: true });
    expect(await reason(v.v9)).toEqual({ status: 'invalid', final: true, reasons: [{ code: 'finding.not_claimant', params: {} }], published: true });
    expect(await reason(v.v4)).toEqual({ status: 'valid', final: true, reasons: [{ code: 'scoreAtLeast', params: { score: 60, threshold: 60 } }], published: true });
    expect(await reason(v.v10)).toEqual({ status: 'pending', final: false, reasons: [{ code: 'notYetSampled', params: {} }], published: false });
    expect((await reason(v.v2)).reasons[0].code).toBe('unreachable');
    expect((await reason(v.v3)).reasons[0].code).toBe('notSampled');

    // The ledger: one entry per customer accrual and deduction, each with its cause.
    const { cA, cB, cC, cD, cE, cG } = w.customers;
    const l1 = await ledgerOf(w.m1.id);
    expect(l1.map((e) => [e.key, e.kind, e.points])).toEqual(
      expect.arrayContaining([
        [`accrual:${cA.id}`, 'accrual', 10],
        [`accrual:${cB.id}`, 'accrual', 8],
        [`deduction:${cB.id}`, 'deduction', -8],
        [`accrual:${cC.id}`, 'accrual', 5],
        [`accrual:${cD.id}`, 'accrual', 3],
      ]),
    );
    expect(l1).toHaveLength(5);
    expect(l1.find((e) => e.kind === 'deduction')!.cause).toBe(v.v2b.id);
    expect(l1.find((e) => e.key === `accrual:${cA.id}`)!.cause).toBe('class A');
    expect(l1.every((e) => e.sourceType === 'close')).toBe(true);
    const l2 = await ledgerOf(w.m2.id);
    expect(l2.map((e) => [e.key, e.points]).sort()).toEqual(
      [
        [`accrual:${cE.id}`, 10],
        [`deduction:${cE.id}`, -10],
        [`accrual:${cG.id}`, 3],
        [`deduction:${cG.id}`, -3],
      ].sort(),
    );

    const [close] = await db.select().from(monthCloses).where(eq(monthCloses.id, closed.closeId));
    expect(close.policies).toMatchObject({ assessment: 0, reporting: 0, checks: 0, scoring: 0 });
    expect(close.totals).toMatchObject({ managers: 2, points: 18, valid: 2, invalid: 4, required: 9, done: 7 });
    const [status] = await db.select().from(monthStatus).where(eq(monthStatus.month, MONTH));
    expect(status).toMatchObject({ closedVersion: 1, changedSinceClose: false });
  });

  it('the ledger and the verdict versions refuse UPDATE and DELETE', async () => {
    const w = await makeAssessmentWorld(db);
    await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    await expect(db.execute(sql`update points_ledger set points = points + 1`)).rejects.toThrow();
    await expect(db.execute(sql`delete from points_ledger`)).rejects.toThrow();
    await expect(db.execute(sql`update visit_verdicts set status = 'valid'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from visit_verdicts`)).rejects.toThrow();
    const [{ n }] = await db.select({ n: count() }).from(pointsLedger);
    expect(n).toBe(9);
  });

  it('closing again with nothing changed gives the same figures, no changes and writes nothing else', async () => {
    const w = await makeAssessmentWorld(db);
    const first = await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    const [{ verdicts }] = await db.select({ verdicts: count() }).from(visitVerdicts);
    const [{ entries }] = await db.select({ entries: count() }).from(pointsLedger);
    const second = await closeMonth({ ctx: ctxAs(db, w.staff, new Date(CLOSE_AT.getTime() + 3600_000)), input: { month: MONTH } });
    expect(second).toMatchObject({ version: 2, changes: 0, written: { findings: 0, verdicts: 0, ledgerEntries: 0 } });
    expect(second.totals).toEqual(first.totals);
    const [a1, a2] = [await assessmentsOf(first.closeId), await assessmentsOf(second.closeId)];
    for (const id of [w.m1.id, w.m2.id]) {
      const { figures, score, grade, gaps } = a1.get(id)!;
      expect(a2.get(id)).toMatchObject({ figures, score, grade, gaps });
    }
    const [close2] = await db.select().from(monthCloses).where(eq(monthCloses.id, second.closeId));
    expect(close2.changes).toEqual([]);
    expect((await db.select({ n: count() }).from(visitVerdicts))[0].n).toBe(verdicts);
    expect((await db.select({ n: count() }).from(pointsLedger))[0].n).toBe(entries);
  });

  it('a dispute overturned after the close appends a version and a reversal (a re-callback alone changes nothing); closing again lists the change', async () => {
    const w = await makeAssessmentWorld(db);
    const staff = ctxAs(db, w.staff, CLOSE_AT);
    await closeMonth({ ctx: staff, input: { month: MONTH } });

    // The manager disputes v2b; the review's re-callback scores 75. That is the reviewer's evidence,
    // not a verdict: evaluating again changes nothing until the dispute is decided.
    const v2b = w.visits.v2b;
    const [disputed] = await db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, v2b.id));
    const [dispute] = await db
      .insert(disputes)
      .values({ visitId: v2b.id, managerId: w.m1.id, unitId: w.unit.id, month: MONTH, subject: 'verdict', verdictId: disputed.id, reason: '客户当天确实接待了我，回访时接电话的是前台', respondBy: CLOSE_AT })
      .returning();
    await db.insert(callbackTasks).values({
      visitId: v2b.id,
      customerId: v2b.customerId,
      managerId: w.m1.id,
      unitId: w.unit.id,
      customerClass: 'B',
      visitedAt: v2b.visitedAt,
      origin: 'recheck',
      disputeId: dispute.id,
      state: 'closed',
      nextAttemptAt: CLOSE_AT,
      attempts: 1,
      outcome: 'completed',
      score: 75,
      result: 'valid',
      closedAt: CLOSE_AT,
    });
    const later = new Date(CLOSE_AT.getTime() + 86_400_000);
    expect((await evaluateForVisit(db, v2b.id, { now: later, cause: 'callback', causeId: 'recheck-1' }))![0]).toMatchObject({ verdicts: 0, ledgerEntries: 0 });

    // Staff overturn the dispute: the visit becomes valid.
    await db
      .update(disputes)
      .set({ state: 'overturned', decidedBy: w.staff.id, decidedAt: later, decisionComment: '复核回访确认拜访属实' })
      .where(eq(disputes.id, dispute.id));
    const [evaluated] = (await evaluateForVisit(db, v2b.id, { now: later, cause: 'dispute', causeId: dispute.id }))!;
    expect(evaluated).toMatchObject({ verdicts: 1, ledgerEntries: 1 });
    const versions = await db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, v2b.id)).orderBy(asc(visitVerdicts.version));
    expect(versions.map((x) => [x.version, x.status, x.cause])).toEqual([
      [1, 'invalid', 'close'],
      [2, 'valid', 'dispute'],
    ]);
    expect(versions[1].reasons).toEqual([{ code: 'disputeOverturned', params: {} }]);
    const reversal = (await ledgerOf(w.m1.id)).at(-1)!;
    expect(reversal).toMatchObject({ key: `deduction:${w.customers.cB.id}`, kind: 'reversal', points: 8, sourceType: 'recompute' });
    expect((await db.select().from(monthStatus).where(eq(monthStatus.month, MONTH)))[0].changedSinceClose).toBe(true);

    const second = await closeMonth({ ctx: ctxAs(db, w.staff, later), input: { month: MONTH } });
    const [close2] = await db.select().from(monthCloses).where(eq(monthCloses.id, second.closeId));
    // Manager 1: valid 2 → 3, invalid 1 → 0, valid rate → 1, points 18 → 26, score 40 + 40 + 16 = 96 → 优秀.
    expect(close2.changes).toEqual([
      { managerId: w.m1.id, figure: 'valid', old: 2, new: 3 },
      { managerId: w.m1.id, figure: 'invalid', old: 1, new: 0 },
      { managerId: w.m1.id, figure: 'validRate', old: 0.6667, new: 1 },
      { managerId: w.m1.id, figure: 'points', old: 18, new: 26 },
      { managerId: w.m1.id, figure: 'score', old: 82.7, new: 96 },
      { managerId: w.m1.id, figure: 'grade', old: 'good', new: 'excellent' },
    ]);
    expect((await db.select().from(monthStatus).where(eq(monthStatus.month, MONTH)))[0]).toMatchObject({ closedVersion: 2, changedSinceClose: false });
    // The balance is the sum of the entries: 18 + 8.
    const [{ balance }] = (await db.execute(sql`select sum(points)::int as balance from points_ledger where manager_id = ${w.m1.id}::uuid and month = ${MONTH}`)) as unknown as { balance: number }[];
    expect(balance).toBe(26);
  });

  it('refuses a manager a visit in a closed month; staff may add one by import, audited', async () => {
    const w = await makeAssessmentWorld(db);
    await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    const [{ before }] = await db.select({ before: count() }).from(visitReports);
    const manager = ctxAs(db, w.m1, CLOSE_AT);
    const report = createVisitReport({
      ctx: manager,
      input: { customerId: w.customers.cA.id, contactIds: [w.customers.cA.contacts[0].id], type: 'on_site', visitedAt: '2026-11-28T10:00', purpose: '补录拜访' },
    });
    // Refused at the date field (超期补报 is refused by default: lib/visits/backfill-rules.ts).
    await expect(report).rejects.toBeInstanceOf(ValidationError);
    await expect(report).rejects.toMatchObject({ issues: [{ field: 'visitedAt', code: 'visits.backfillMonthClosed', params: { month: MONTH } }] });
    expect((await db.select({ n: count() }).from(visitReports))[0].n).toBe(before);
    // December is open: the same manager reports there as usual.
    await createVisitReport({
      ctx: manager,
      input: { customerId: w.customers.cA.id, contactIds: [w.customers.cA.contacts[0].id], type: 'on_site', visitedAt: '2026-12-02T10:00', purpose: '十二月拜访' },
    });

    const file = path.join(path.dirname(process.env.UPLOAD_DIR!), 'late.csv');
    const header = '客户经理工号,集团编码,拜访对象,拜访方式,拜访时间,填报时间,签到方式,签到纬度,签到经度,拜访目的,拜访纪要';
    await writeFile(file, `${header}\n${w.m1.username},${w.customers.cA.groupCode},${w.customers.cA.contacts[0].name},上门拜访,2026-11-25 10:00,2026-11-25 12:00,无,,,纸质记录补录,\n`, 'utf8');
    const imported = await runImportInline({ ctx: ctxAs(db, w.staff, CLOSE_AT), db, input: { kind: 'visits', fileName: 'late.csv' }, filePath: file, commit: true });
    expect(imported.status).toBe('committed');
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'visit.addedToClosedMonth'));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: w.staff.id, entityType: 'month', entityId: MONTH });
    expect((audits[0].after as { count: number }).count).toBe(1);
    expect((await db.select().from(monthStatus).where(eq(monthStatus.month, MONTH)))[0].changedSinceClose).toBe(true);
  });

  it('closes only a month that is over, and only for staff or admin', async () => {
    const w = await makeAssessmentWorld(db);
    await expect(closeMonth({ ctx: ctxAs(db, w.staff, new Date('2026-11-30T15:59:00Z')), input: { month: MONTH } })).rejects.toMatchObject({ code: 'assessment.monthNotOver' });
    await expect(closeMonth({ ctx: ctxAs(db, w.m1, CLOSE_AT), input: { month: MONTH } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: '2026-13' } })).rejects.toMatchObject({ code: 'validation' });
    expect((await db.select({ n: count() }).from(monthCloses))[0].n).toBe(0);
    expect((await db.select({ n: count() }).from(visitVerdicts))[0].n).toBe(0);
  });
});
