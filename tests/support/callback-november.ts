import { eq } from 'drizzle-orm';
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
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { makeContact, makeCustomer, makeUnit, makeUser } from './factories';

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
export const local = (text: string) => parseLocalDateTime(text, SH)!;
export const READ_AT = local('2026-12-01 10:00');

export async function makeNovember(db: Db) {
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

