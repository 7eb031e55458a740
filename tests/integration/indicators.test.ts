import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import {
  callbackAttempts,
  callbackResults,
  callbackScripts,
  callbackTasks,
  calls,
  disputes,
  scriptVersions,
  visitPlanItems,
  visitPlans,
  visitReportContacts,
  visitReports,
  visitVerdicts,
} from '@/db/schema';
import { ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { getCallbackIndicators, getManagerIndicators } from '@/lib/indicators/indicators';
import { ctxAs, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * A November of the callback department, counted by hand (the figures a department head reads in
 * the monthly review). Calling calendar: the shipped one (Monday–Friday); 2 Nov 2026 is a Monday,
 * so a callback sampled on the 2nd is due by the end of Thursday the 5th (3 working days).
 * Read on 1 December.
 *
 * Units 一区 (manager m1, supervisor s1) and 二区 (manager m2); agents a1, a2. Callbacks sampled 2 Nov 10:00:
 *   T1  一区 A  a1  took 11-02 11:00, completed 11:10, valid, satisfaction 5   (overturned dispute on a finding: not the call's fault)
 *   T2  一区 A  a1  took 11-03 09:00, completed 09:15, invalid (knock-out), satisfaction 2; dispute overturned
 *   T3  一区 B  a2  no answer 11-02 14:00, 11-04 09:00, 11-09 14:00 → unreachable 11-09 14:02 (late)
 *   T4  二区 C  a2  took 11-02 14:10, refused 14:20
 *   T5  二区 C      never attempted, still waiting (overdue)
 *   T6  一区 B      cancelled by staff (not due)
 *   T7  二区 C  a1  took 11-04 10:00, wrong person 10:05
 *   T2r 一区 A  a2  re-callback of T2 sampled 11-10 10:00, completed 11:10, valid, satisfaction 4
 *   T0  一区 A  a1  sampled 30 October: another month
 *
 * 回访率 6/7 (closed 5, unreachable 1, open 1); A 3/3, B 1/1, C 2/3, D not measured; 一区 4/4, 二区 2/3.
 * AAPOR: I 3 (T1 T2 T2r), R 1 (T4), UH 1 (T3), NE 1 (T7) → RR1 3/5, COOP1 3/4, REF1 1/5, CON1 4/5.
 * Timeliness: within 5, late 1 (T3), open overdue 1 (T5) → 5/7.
 *   sampled → first attempt (min): 60 60 240 250 1380 2880 → median 245, p90 1380 + .5·1500 = 2130
 *   sampled → final (min): 70 70 260 1395 2885 10322 → median 827.5, p90 2885 + .5·7437 = 6603.5
 * Quality: ratings 2, 4, 5 → mean 11/3, satisfied 2/3; errors 1 of 2 verdict-bearing; re-callbacks 1 of 1 disagree.
 * a1: finished T1 T2 T7; calls 3 answered (talk 360 + 600 + 60 s), wrap-up 120 + 180 + 120 s; on duty
 *     10 + 15 + 5 min → 6 calls an hour. a2: finished T3 T4 T2r; 5 calls (2 answered: 120 + 300 s), wrap-up
 *     60 + 360 + 60 + 60 + 180 s; on duty 20 + 2 + 2 + 10 = 34 min → 5 / (34/60) calls an hour.
 */

const SH = 'Asia/Shanghai';
const local = (text: string) => parseLocalDateTime(text, SH)!;
const READ_AT = local('2026-12-01 10:00');
const minutes = (h: number | null) => (h === null ? null : h * 60);

async function makeNovember(db: Db) {
  const u1 = await makeUnit(db, { name: '一区' });
  const u2 = await makeUnit(db, { name: '二区' });
  const m1 = await makeUser(db, 'manager', { unitId: u1.id, displayName: '经理甲' });
  const m2 = await makeUser(db, 'manager', { unitId: u2.id, displayName: '经理乙' });
  const s1 = await makeUser(db, 'supervisor', { unitId: u1.id });
  const a1 = await makeUser(db, 'agent', { displayName: '坐席一' });
  const a2 = await makeUser(db, 'agent', { displayName: '坐席二' });
  const staff = await makeUser(db, 'staff');
  const cA = await makeCustomer(db, u1.id, { class: 'A' });
  const cB = await makeCustomer(db, u1.id, { class: 'B' });
  const cC = await makeCustomer(db, u2.id, { class: 'C' });
  const contact = { [cA.id]: await makeContact(db, cA.id), [cB.id]: await makeContact(db, cB.id), [cC.id]: await makeContact(db, cC.id) };
  const unitOf = { [cA.id]: u1.id, [cB.id]: u1.id, [cC.id]: u2.id };
  const managerOf = { [cA.id]: m1.id, [cB.id]: m1.id, [cC.id]: m2.id };

  const [script] = await db.insert(callbackScripts).values({ name: '标准回访脚本' }).returning();
  const [version] = await db
    .insert(scriptVersions)
    .values({
      scriptId: script.id,
      version: 1,
      status: 'published',
      maxScore: 100,
      definition: {
        questions: [
          { id: 'identity', type: 'yes_no', text: '是本人吗？', required: true, options: [{ id: 'yes', label: '是', points: 50 }, { id: 'no', label: '否', points: 0 }] },
          { id: 'satisfaction', type: 'rating', text: '满意吗？', required: true, options: ['1', '2', '3', '4', '5'].map((id) => ({ id, label: id, points: 10 })) },
        ],
      },
    })
    .returning();

  /** A visit report of the month (complete unless told otherwise). */
  async function visit(customerId: string, o: { at?: string; type?: 'on_site' | 'phone'; checkIn?: boolean; summary?: string; late?: boolean; contact?: boolean } = {}) {
    const type = o.type ?? 'phone';
    const visitedAt = local(o.at ?? '2026-11-01 15:00');
    const [v] = await db
      .insert(visitReports)
      .values({
        managerId: managerOf[customerId],
        customerId,
        type,
        visitedAt,
        reportedAt: new Date(visitedAt.getTime() + 3600_000),
        checkInMethod: o.checkIn === false || (type === 'phone' && o.checkIn === undefined) ? 'none' : 'gps',
        checkInLatitude: o.checkIn === false || (type === 'phone' && o.checkIn === undefined) ? null : 31.2,
        checkInLongitude: o.checkIn === false || (type === 'phone' && o.checkIn === undefined) ? null : 121.4,
        purpose: '年度合作沟通',
        summary: o.summary ?? '客户对专线服务满意',
        late: o.late ?? false,
        createdBy: managerOf[customerId],
      })
      .returning();
    if (o.contact !== false) await db.insert(visitReportContacts).values({ visitId: v.id, contactId: contact[customerId].id });
    return v;
  }

  /** A callback task of a visit, sampled at `sampled`, in its end state. */
  async function task(
    v: { id: string; customerId: string; visitedAt: Date },
    o: { sampled: string; state: 'waiting' | 'closed' | 'unreachable' | 'cancelled'; outcome?: 'completed' | 'refused' | 'no_answer' | 'wrong_person'; closed?: string; result?: 'valid' | 'invalid'; origin?: 'recheck'; disputeId?: string },
  ) {
    const cls = v.customerId === cA.id ? 'A' : v.customerId === cB.id ? 'B' : 'C';
    const [t] = await db
      .insert(callbackTasks)
      .values({
        visitId: v.id,
        customerId: v.customerId,
        managerId: managerOf[v.customerId],
        unitId: unitOf[v.customerId],
        customerClass: cls,
        visitedAt: v.visitedAt,
        state: o.state,
        origin: o.origin ?? 'sampled',
        disputeId: o.disputeId ?? null,
        boosted: o.origin === 'recheck',
        nextAttemptAt: local(o.sampled),
        outcome: o.outcome ?? null,
        lastOutcome: o.outcome ?? null,
        closedAt: o.closed ? local(o.closed) : null,
        result: o.result ?? null,
        score: o.result === 'valid' ? 90 : o.result === 'invalid' ? 40 : null,
        cancelReason: o.state === 'cancelled' ? '客户已注销' : null,
        createdAt: local(o.sampled),
      })
      .returning();
    return t;
  }

  const attemptNo = new Map<string, number>();
  /** An attempt with its call: `call` = [placed, answered or null, ended] as local times. */
  async function attempt(
    t: { id: string },
    agentId: string,
    outcome: 'completed' | 'refused' | 'no_answer' | 'wrong_person',
    started: string,
    ended: string,
    call: [string, string | null, string],
    rating?: string,
  ) {
    const no = (attemptNo.get(t.id) ?? 0) + 1;
    attemptNo.set(t.id, no);
    const [placed, answered, callEnded] = call.map((c) => (c ? local(c) : null));
    const [c] = await db
      .insert(calls)
      .values({
        taskId: t.id,
        agentId,
        attemptNo: no,
        provider: 'emulator',
        agentNumber: '+8613900000001',
        customerNumber: '+8613800000002',
        callerId: '+862160000000',
        status: 'completed',
        customerLegStatus: answered ? 'completed' : 'no-answer',
        answeredAt: answered,
        endedAt: callEnded,
        durationSeconds: answered ? Math.round((callEnded!.getTime() - answered.getTime()) / 1000) : 0,
        createdAt: placed!,
      })
      .returning();
    const [a] = await db
      .insert(callbackAttempts)
      .values({ taskId: t.id, attemptNo: no, agentId, outcome, callId: c.id, startedAt: local(started), endedAt: local(ended) })
      .returning();
    if (rating) {
      const [tRow] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, t.id));
      await db.insert(callbackResults).values({
        taskId: t.id,
        attemptId: a.id,
        scriptVersionId: version.id,
        answers: { identity: 'yes', satisfaction: rating },
        score: tRow.score!,
        maxScore: 100,
        knockedOut: tRow.result === 'invalid' ? '拜访过吗' : null,
        result: tRow.result!,
        agentId,
        submittedAt: local(ended),
      });
    }
  }

  /** A decided dispute of a visit's verdict, overturned; the verdict rested on `reason`. */
  async function overturned(v: { id: string; managerId: string }, reason: string) {
    const [verdict] = await db
      .insert(visitVerdicts)
      .values({ visitId: v.id, managerId: v.managerId, month: '2026-11', version: 1, status: 'invalid', final: true, reasons: [{ code: reason, params: {} }], cause: 'callback' })
      .returning();
    const [d] = await db
      .insert(disputes)
      .values({
        visitId: v.id,
        managerId: v.managerId,
        unitId: u1.id,
        month: '2026-11',
        subject: 'verdict',
        verdictId: verdict.id,
        reason: '客户记错了',
        state: 'overturned',
        respondBy: local('2026-11-20 00:00'),
        decidedBy: staff.id,
        decidedAt: local('2026-11-12 10:00'),
        decisionComment: '复核回访确认拜访属实',
      })
      .returning();
    return d;
  }

  const SAMPLED = '2026-11-02 10:00';
  const v1 = await visit(cA.id, { type: 'on_site' });
  const v2 = await visit(cA.id, { type: 'on_site', checkIn: false });
  const v3 = await visit(cB.id, { summary: '', late: true });
  const v4 = await visit(cC.id);
  const v5 = await visit(cC.id);
  const v6 = await visit(cB.id);
  const v7 = await visit(cC.id, { contact: false });
  const v0 = await visit(cA.id, { at: '2026-10-29 15:00', type: 'on_site' });

  const t1 = await task(v1, { sampled: SAMPLED, state: 'closed', outcome: 'completed', closed: '2026-11-02 11:10', result: 'valid' });
  await attempt(t1, a1.id, 'completed', '2026-11-02 11:00', '2026-11-02 11:10', ['2026-11-02 11:01', '2026-11-02 11:02', '2026-11-02 11:08'], '5');
  await overturned(v1, 'finding.sameContactAsLastMonth');

  const t2 = await task(v2, { sampled: SAMPLED, state: 'closed', outcome: 'completed', closed: '2026-11-03 09:15', result: 'invalid' });
  await attempt(t2, a1.id, 'completed', '2026-11-03 09:00', '2026-11-03 09:15', ['2026-11-03 09:01', '2026-11-03 09:02', '2026-11-03 09:12'], '2');
  const d2 = await overturned(v2, 'knockOut');
  const t2r = await task(v2, { sampled: '2026-11-10 10:00', state: 'closed', outcome: 'completed', closed: '2026-11-10 11:10', result: 'valid', origin: 'recheck', disputeId: d2.id });
  await attempt(t2r, a2.id, 'completed', '2026-11-10 11:00', '2026-11-10 11:10', ['2026-11-10 11:01', '2026-11-10 11:02', '2026-11-10 11:07'], '4');

  const t3 = await task(v3, { sampled: SAMPLED, state: 'unreachable', outcome: 'no_answer', closed: '2026-11-09 14:02' });
  const t4 = await task(v4, { sampled: SAMPLED, state: 'closed', outcome: 'refused', closed: '2026-11-02 14:20' });
  await attempt(t3, a2.id, 'no_answer', '2026-11-02 14:00', '2026-11-02 14:02', ['2026-11-02 14:00', null, '2026-11-02 14:01']);
  await attempt(t4, a2.id, 'refused', '2026-11-02 14:10', '2026-11-02 14:20', ['2026-11-02 14:11', '2026-11-02 14:12', '2026-11-02 14:14']);
  await attempt(t3, a2.id, 'no_answer', '2026-11-04 09:00', '2026-11-04 09:02', ['2026-11-04 09:00', null, '2026-11-04 09:01']);
  await attempt(t3, a2.id, 'no_answer', '2026-11-09 14:00', '2026-11-09 14:02', ['2026-11-09 14:00', null, '2026-11-09 14:01']);

  await task(v5, { sampled: SAMPLED, state: 'waiting' });
  await task(v6, { sampled: SAMPLED, state: 'cancelled', closed: '2026-11-03 10:00' });
  const t7 = await task(v7, { sampled: SAMPLED, state: 'closed', outcome: 'wrong_person', closed: '2026-11-04 10:05' });
  await attempt(t7, a1.id, 'wrong_person', '2026-11-04 10:00', '2026-11-04 10:05', ['2026-11-04 10:01', '2026-11-04 10:02', '2026-11-04 10:03']);

  const t0 = await task(v0, { sampled: '2026-10-30 10:00', state: 'closed', outcome: 'completed', closed: '2026-10-30 11:00', result: 'valid' });
  await attempt(t0, a1.id, 'completed', '2026-10-30 10:30', '2026-10-30 11:00', ['2026-10-30 10:31', '2026-10-30 10:32', '2026-10-30 10:50'], '1');

  // Plans: m1's approved plan has cA three times and cB once (2 visits to cA, 2 to cB: 2 + 1 done of 4);
  // m2's plan is only submitted, so it plans nothing yet.
  const [p1] = await db.insert(visitPlans).values({ managerId: m1.id, unitId: u1.id, month: '2026-11', status: 'approved', revision: 1 }).returning();
  const [p2] = await db.insert(visitPlans).values({ managerId: m2.id, unitId: u2.id, month: '2026-11', status: 'submitted', revision: 1 }).returning();
  const item = (planId: string, customerId: string, day: string) => ({
    planId,
    customerId,
    plannedAt: local(`${day} 10:00`),
    place: '客户办公室',
    purpose: '走访',
    contactName: '联系人',
    contactPhone: '+8613800000002',
  });
  await db.insert(visitPlanItems).values([item(p1.id, cA.id, '2026-11-03'), item(p1.id, cA.id, '2026-11-10'), item(p1.id, cA.id, '2026-11-17'), item(p1.id, cB.id, '2026-11-05')]);
  await db.insert(visitPlanItems).values([item(p2.id, cC.id, '2026-11-05'), item(p2.id, cC.id, '2026-11-06')]);

  return { u1, u2, m1, m2, s1, a1, a2, staff, version };
}

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

describe('the callback department’s November', () => {
  it('reads 回访率, AAPOR rates, timeliness and quality as counted by hand', async () => {
    const w = await makeNovember(db);
    const r = await getCallbackIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11' } });

    expect(r.deadlineWorkingDays).toBe(3);
    const d = r.department;
    expect(d.callbackRate).toMatchObject({ due: 7, finished: 6, closed: 5, unreachable: 1, open: 1, rate: { numerator: 6, denominator: 7 } });
    expect(Object.fromEntries(r.byClass.map((c) => [c.customerClass, c.callbackRate.rate.value]))).toEqual({ A: 1, B: 1, C: 2 / 3, D: null });
    expect(Object.fromEntries(r.byUnit.map((u) => [u.unitName, u.figures.callbackRate.rate.value]))).toEqual({ 一区: 1, 二区: 2 / 3 });

    expect(d.aapor.counts).toEqual({ I: 3, P: 0, R: 1, NC: 0, O: 0, UH: 1, UO: 0, NE: 1 });
    expect([d.aapor.rr1.value, d.aapor.coop1.value, d.aapor.ref1.value, d.aapor.con1.value]).toEqual([3 / 5, 3 / 4, 1 / 5, 4 / 5]);
    expect(r.aaporMapping.find((m) => m.outcome === 'wrong_person')).toMatchObject({ disposition: 'NE' });

    expect(d.timeliness.withinDeadline).toEqual({ numerator: 5, denominator: 7, value: 5 / 7 });
    expect(d.timeliness.finishedLate).toBe(1);
    expect(d.timeliness.openOverdue).toBe(1);
    expect(minutes(d.timeliness.firstAttemptHours.median)).toBeCloseTo(245, 6);
    expect(minutes(d.timeliness.firstAttemptHours.p90)).toBeCloseTo(2130, 6);
    expect(minutes(d.timeliness.finalHours.median)).toBeCloseTo(827.5, 6);
    expect(minutes(d.timeliness.finalHours.p90)).toBeCloseTo(6603.5, 6);

    expect(d.quality.satisfaction.counts).toEqual({ '1': 0, '2': 1, '3': 0, '4': 1, '5': 1 });
    expect(d.quality.satisfaction.mean).toBeCloseTo(11 / 3, 9);
    expect(d.quality.satisfaction.satisfied.value).toBe(2 / 3);
    expect(d.quality.agentErrors).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(d.quality.recheckDisagreement).toEqual({ numerator: 1, denominator: 1, value: 1 });

    expect(r.byScriptVersion).toHaveLength(1);
    expect(r.byScriptVersion[0]).toMatchObject({ scriptName: '标准回访脚本', version: 1, satisfaction: { answered: 3 } });
  });

  it('reads each agent’s row: finished, errors, productivity', async () => {
    const w = await makeNovember(db);
    const r = await getCallbackIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11' } });
    const a1 = r.byAgent.find((a) => a.agentId === w.a1.id)!;
    const a2 = r.byAgent.find((a) => a.agentId === w.a2.id)!;
    // By name in Chinese (pinyin) order: 二 (èr) before 一 (yī).
    expect(r.byAgent.map((a) => a.name)).toEqual(['坐席二', '坐席一']);

    expect(a1.finished).toEqual({ closed: 3, unreachable: 0 });
    expect(a1.aapor.rr1.value).toBe(1);
    expect(a1.quality.agentErrors).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(a1.quality.satisfaction.mean).toBe(3.5);
    expect(a1.timeliness.withinDeadline.value).toBe(1);
    expect(a1.productivity).toMatchObject({ calls: 3, answeredCalls: 3, talkSeconds: 1020, averageTalkSeconds: 340, averageWrapUpSeconds: 140, attempts: 3 });
    expect(a1.productivity.dutyHours).toBeCloseTo(0.5, 9);
    expect(a1.productivity.callsPerHour).toBeCloseTo(6, 9);

    expect(a2.finished).toEqual({ closed: 2, unreachable: 1 });
    expect(a2.aapor.rr1.value).toBe(1 / 3);
    expect(a2.quality.agentErrors.value).toBeNull();
    expect(a2.timeliness.withinDeadline).toMatchObject({ numerator: 2, denominator: 3 });
    expect(a2.timeliness.finishedLate).toBe(1);
    expect(a2.productivity).toMatchObject({ calls: 5, answeredCalls: 2, talkSeconds: 420, averageTalkSeconds: 210, averageWrapUpSeconds: 144, attempts: 5 });
    expect(a2.productivity.callsPerHour).toBeCloseTo(5 / (34 / 60), 9);
    expect(Object.fromEntries(a2.productivity.outcomesMix.filter((m) => m.count > 0).map((m) => [m.outcome, m.count]))).toEqual({ no_answer: 3, refused: 1, completed: 1 });
  });

  it('keeps one unit when asked', async () => {
    const w = await makeNovember(db);
    const r = await getCallbackIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11', unitId: w.u2.id } });
    expect(r.department.callbackRate).toMatchObject({ due: 3, finished: 2 });
    expect(r.department.aapor.counts).toMatchObject({ R: 1, NE: 1, I: 0 });
    expect(r.department.quality.satisfaction.mean).toBeNull();
  });

  it('reads the managers’ side: plan completion, record completeness, reports on time', async () => {
    const w = await makeNovember(db);
    const r = await getManagerIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11' } });
    expect(r.total.planCompletion).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
    expect(r.total.recordCompleteness).toEqual({ reports: 7, complete: { numerator: 4, denominator: 7, value: 4 / 7 }, missing: { contact: 1, purpose: 0, summary: 1, checkIn: 1 } });
    expect(r.total.reportsOnTime).toEqual({ numerator: 6, denominator: 7, value: 6 / 7 });
    const m1 = r.byManager.find((m) => m.managerId === w.m1.id)!;
    const m2 = r.byManager.find((m) => m.managerId === w.m2.id)!;
    expect(m1.figures.recordCompleteness.complete.value).toBe(2 / 4);
    expect(m1.figures.reportsOnTime.value).toBe(3 / 4);
    expect(m2.figures.recordCompleteness.complete.value).toBe(2 / 3);
    // A plan not yet approved plans nothing: not measured, not 0 %.
    expect(m2.figures.planCompletion.value).toBeNull();
    expect(Object.fromEntries(r.byUnit.map((u) => [u.unitName, u.figures.planCompletion.value]))).toEqual({ 一区: 0.75, 二区: null });
  });
});

describe('who reads what', () => {
  it('an agent reads the department’s totals and their own row only', async () => {
    const w = await makeNovember(db);
    const ctx = ctxAs(db, w.a2, READ_AT);
    const r = await getCallbackIndicators({ ctx, input: { month: '2026-11' } });
    expect(r.department.callbackRate.rate.value).toBe(6 / 7);
    expect(r.byAgent.map((a) => a.agentId)).toEqual([w.a2.id]);
    expect(r.byUnit).toEqual([]);
    expect(r.byClass).toEqual([]);
    expect(r.byScriptVersion).toEqual([]);
    await expect(getCallbackIndicators({ ctx, input: { month: '2026-11', agentId: w.a1.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCallbackIndicators({ ctx, input: { month: '2026-11', unitId: w.u1.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getManagerIndicators({ ctx, input: { month: '2026-11' } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('a supervisor reads their unit’s managers’ side, nothing of another unit or of the agents', async () => {
    const w = await makeNovember(db);
    const ctx = ctxAs(db, w.s1, READ_AT);
    const r = await getManagerIndicators({ ctx, input: { month: '2026-11' } });
    expect(r.unitId).toBe(w.u1.id);
    expect(r.byManager.map((m) => m.managerId)).toEqual([w.m1.id]);
    expect(r.byUnit).toEqual([]);
    expect(r.total.recordCompleteness.reports).toBe(4);
    expect(r.total.planCompletion.value).toBe(0.75);
    await expect(getManagerIndicators({ ctx, input: { month: '2026-11', unitId: w.u2.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCallbackIndicators({ ctx, input: { month: '2026-11' } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('staff naming a unit or an agent that is not there read not found', async () => {
    const w = await makeNovember(db);
    const ctx = ctxAs(db, w.staff, READ_AT);
    const nobody = '00000000-0000-4000-8000-000000000000';
    await expect(getCallbackIndicators({ ctx, input: { month: '2026-11', unitId: nobody } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCallbackIndicators({ ctx, input: { month: '2026-11', agentId: w.m1.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getManagerIndicators({ ctx, input: { month: '2026-11', unitId: nobody } })).rejects.toBeInstanceOf(NotFoundError);
    const one = await getCallbackIndicators({ ctx, input: { month: '2026-11', agentId: w.a1.id } });
    expect(one.byAgent.map((a) => a.agentId)).toEqual([w.a1.id]);
  });

  it('a manager reads neither', async () => {
    const w = await makeNovember(db);
    const ctx = ctxAs(db, w.m1, READ_AT);
    await expect(getCallbackIndicators({ ctx, input: { month: '2026-11' } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getManagerIndicators({ ctx, input: { month: '2026-11' } })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('a month with no callbacks', () => {
  it('reads every rate as not measured, never 0 % or 100 %', async () => {
    const w = await makeNovember(db);
    const r = await getCallbackIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-09' } });
    const d = r.department;
    expect(d.callbackRate).toMatchObject({ due: 0, finished: 0, rate: { value: null } });
    expect([d.aapor.rr1, d.aapor.coop1, d.aapor.ref1, d.aapor.con1].map((x) => x.value)).toEqual([null, null, null, null]);
    expect(d.timeliness.withinDeadline.value).toBeNull();
    expect(d.timeliness.firstAttemptHours).toEqual({ median: null, p90: null });
    expect(d.timeliness.finalHours).toEqual({ median: null, p90: null });
    expect(d.quality.satisfaction.mean).toBeNull();
    expect(d.quality.satisfaction.satisfied.value).toBeNull();
    expect(d.quality.agentErrors.value).toBeNull();
    expect(d.quality.recheckDisagreement.value).toBeNull();
    expect(r.byClass.every((c) => c.callbackRate.rate.value === null)).toBe(true);
    expect(r.byUnit).toEqual([]);
    expect(r.byAgent).toEqual([]);
    // An agent still finds their own row, every rate in it not measured.
    const mine = await getCallbackIndicators({ ctx: ctxAs(db, w.a1, READ_AT), input: { month: '2026-09' } });
    expect(mine.byAgent).toHaveLength(1);
    expect(mine.byAgent[0]).toMatchObject({ agentId: w.a1.id, name: '坐席一', finished: { closed: 0, unreachable: 0 } });
    expect(mine.byAgent[0].productivity.callsPerHour).toBeNull();
    expect(mine.byAgent[0].aapor.rr1.value).toBeNull();

    const m = await getManagerIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-09' } });
    expect([m.total.planCompletion.value, m.total.recordCompleteness.complete.value, m.total.reportsOnTime.value]).toEqual([null, null, null]);
    expect(m.byManager).toEqual([]);
  });
});
