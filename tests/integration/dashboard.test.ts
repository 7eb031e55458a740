import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { agentPresence, callbackAttempts, callbackTasks, calls, visitReports, visitVerdicts } from '@/db/schema';
import { getStaffDashboard } from '@/lib/indicators/dashboard';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { ctxAs, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * A November of the callback department, read on Friday 20 November 2026 at 10:00 (Shanghai),
 * counted by hand. Units 东区 (manager m1) and 西区 (manager m2); agents 坐席一 (a1), 坐席二 (a2).
 * Callbacks sampled Wednesday 18 November 10:00 unless told:
 *   T1 东区  a1 took today 09:00, completed 09:10 (call 09:01 answered), valid        → closed today
 *   T2 东区  a2 refused 19 Nov 14:10 (call answered)                                  → closed
 *   T3 西区  a2 no answer 19 Nov 15:00 (call not answered)                            → unreachable
 *   T4 西区  waiting, never attempted, next attempt 20 Nov 14:00                      → scheduled
 *   T5 西区  cancelled                                                                → not due
 *   T6 东区  held by a1, a call placed 09:55 still ringing
 *   T7 东区  sampled 15 October, ready                                                → October's
 * Calls today: 09:01 answered, 09:30 the agent's line busy (no call), 09:55 ringing → hour 9: placed 2, answered 1.
 * Queue now: ready 1, waiting 1 (scheduled 1), held 1; finished today 1. Online: 坐席一 (seen 10 s ago; 坐席二 an hour ago).
 * Funnel: sampled 5 (T1 T2 T3 T4 T6) → attempted 3 → reached 2 (completed, refused) → verdict 1.
 * 回访率 3/5; 东区 2/3, 西区 1/2. RR1: I 1, R 1, UH 1 → 1/3.
 * Valid rate (verdicts in force): November V1 valid (over a pending first version), V2 invalid, V3 unverified
 *   → 1/2; 东区 1/2, 西区 not measured. October V0 valid → 1/1. October's 回访率 0/1.
 */

const SH = 'Asia/Shanghai';
const local = (text: string) => parseLocalDateTime(text, SH)!;
const READ_AT = local('2026-11-20 10:00');

async function makeNovember(db: Db) {
  const u1 = await makeUnit(db, { name: '东区' });
  const u2 = await makeUnit(db, { name: '西区' });
  const m1 = await makeUser(db, 'manager', { unitId: u1.id });
  const m2 = await makeUser(db, 'manager', { unitId: u2.id });
  const a1 = await makeUser(db, 'agent', { displayName: '坐席一' });
  const a2 = await makeUser(db, 'agent', { displayName: '坐席二' });
  const staff = await makeUser(db, 'staff');
  const c1 = await makeCustomer(db, u1.id, { class: 'A' });
  const c2 = await makeCustomer(db, u2.id, { class: 'C' });
  const sideOf = (u: 1 | 2) => (u === 1 ? { customerId: c1.id, managerId: m1.id, unitId: u1.id, customerClass: 'A' as const } : { customerId: c2.id, managerId: m2.id, unitId: u2.id, customerClass: 'C' as const });

  async function visit(u: 1 | 2, at = '2026-11-16 15:00') {
    const s = sideOf(u);
    const visitedAt = local(at);
    const [v] = await db
      .insert(visitReports)
      .values({ managerId: s.managerId, customerId: s.customerId, type: 'phone', visitedAt, reportedAt: visitedAt, purpose: '年度合作沟通', summary: '客户满意', createdBy: s.managerId })
      .returning();
    return v;
  }
  async function verdict(v: { id: string; managerId: string }, month: string, version: number, status: 'valid' | 'invalid' | 'unverified' | 'pending') {
    await db.insert(visitVerdicts).values({ visitId: v.id, managerId: v.managerId, month, version, status, final: status !== 'pending', reasons: [], cause: 'callback' });
  }
  async function task(
    u: 1 | 2,
    o: { sampled?: string; state: 'waiting' | 'ready' | 'held' | 'closed' | 'unreachable' | 'cancelled'; outcome?: 'completed' | 'refused' | 'no_answer'; closed?: string; result?: 'valid'; next?: string; holderId?: string },
  ) {
    const s = sideOf(u);
    const v = await visit(u);
    const [t] = await db
      .insert(callbackTasks)
      .values({
        visitId: v.id,
        ...s,
        visitedAt: v.visitedAt,
        state: o.state,
        nextAttemptAt: local(o.next ?? o.sampled ?? '2026-11-18 10:00'),
        outcome: o.outcome ?? null,
        lastOutcome: o.outcome ?? null,
        closedAt: o.closed ? local(o.closed) : null,
        result: o.result ?? null,
        score: o.result ? 90 : null,
        holderId: o.holderId ?? null,
        heldAt: o.holderId ? local('2026-11-20 09:50') : null,
        leaseExpiresAt: o.holderId ? local('2026-11-20 10:05') : null,
        cancelReason: o.state === 'cancelled' ? '客户已注销' : null,
        createdAt: local(o.sampled ?? '2026-11-18 10:00'),
      })
      .returning();
    return t;
  }
  async function call(t: { id: string }, agentId: string, attemptNo: number, placed: string, o: { answered?: string; lineBusy?: boolean; ringing?: boolean } = {}) {
    const [c] = await db
      .insert(calls)
      .values({
        taskId: t.id,
        agentId,
        attemptNo,
        provider: 'emulator',
        agentNumber: '+8613900000001',
        customerNumber: '+8613800000002',
        callerId: '+862160000000',
        status: o.lineBusy ? 'failed' : o.ringing ? 'in-progress' : 'completed',
        errorCode: o.lineBusy ? 'line_busy' : null,
        customerLegStatus: o.answered ? 'completed' : o.ringing ? 'ringing' : o.lineBusy ? null : 'no-answer',
        answeredAt: o.answered ? local(o.answered) : null,
        createdAt: local(placed),
      })
      .returning();
    return c;
  }
  async function attempt(t: { id: string }, agentId: string, outcome: 'completed' | 'refused' | 'no_answer', started: string, ended: string, callId: string) {
    await db.insert(callbackAttempts).values({ taskId: t.id, attemptNo: 1, agentId, outcome, callId, startedAt: local(started), endedAt: local(ended) });
  }

  const t1 = await task(1, { state: 'closed', outcome: 'completed', closed: '2026-11-20 09:10', result: 'valid' });
  const k1 = await call(t1, a1.id, 1, '2026-11-20 09:01', { answered: '2026-11-20 09:01' });
  await attempt(t1, a1.id, 'completed', '2026-11-20 09:00', '2026-11-20 09:10', k1.id);
  await call(t1, a1.id, 1, '2026-11-20 09:30', { lineBusy: true });
  const t2 = await task(1, { state: 'closed', outcome: 'refused', closed: '2026-11-19 14:10' });
  const k2 = await call(t2, a2.id, 1, '2026-11-19 14:01', { answered: '2026-11-19 14:02' });
  await attempt(t2, a2.id, 'refused', '2026-11-19 14:00', '2026-11-19 14:10', k2.id);
  const t3 = await task(2, { state: 'unreachable', outcome: 'no_answer', closed: '2026-11-19 15:02' });
  const k3 = await call(t3, a2.id, 1, '2026-11-19 15:00');
  await attempt(t3, a2.id, 'no_answer', '2026-11-19 15:00', '2026-11-19 15:02', k3.id);
  await task(2, { state: 'waiting', next: '2026-11-20 14:00' });
  await task(2, { state: 'cancelled' });
  const t6 = await task(1, { state: 'held', holderId: a1.id });
  await call(t6, a1.id, 1, '2026-11-20 09:55', { ringing: true });
  await task(1, { sampled: '2026-10-15 10:00', state: 'ready' });

  await db.insert(agentPresence).values([
    { agentId: a1.id, lastSeenAt: new Date(READ_AT.getTime() - 10_000) },
    { agentId: a2.id, lastSeenAt: new Date(READ_AT.getTime() - 3600_000) },
  ]);

  const v1 = await visit(1);
  await verdict(v1, '2026-11', 1, 'pending');
  await verdict(v1, '2026-11', 2, 'valid');
  await verdict(await visit(1), '2026-11', 1, 'invalid');
  await verdict(await visit(2), '2026-11', 1, 'unverified');
  await verdict(await visit(1, '2026-10-20 15:00'), '2026-10', 1, 'valid');

  return { u1, u2, a1, a2, staff, m1 };
}

const r = (numerator: number, denominator: number) => ({ numerator, denominator, value: denominator ? numerator / denominator : null });

describe('staff dashboard (回访看板)', () => {
  let db: Db;
  beforeEach(async () => {
    db = (await testDb()).db;
  });

  it('November as counted by hand: today, the funnel, valid rate by unit, the trend and the worst first', async () => {
    const f = await makeNovember(db);
    const d = await getStaffDashboard({ ctx: ctxAs(db, f.staff, READ_AT), input: {} });

    expect(d.month).toBe('2026-11');
    expect(d.today.queue).toEqual({ ready: 1, waiting: 1, scheduled: 1, appointments: 0, held: 1, finishedToday: 1 });
    expect(d.today.agentsOnline).toEqual(['坐席一']);
    expect(d.today.agentsWorkedToday).toBe(1);
    expect(d.today.callsByHour).toHaveLength(24);
    expect(d.today.callsByHour[9]).toEqual({ hour: 9, placed: 2, answered: 1 });
    expect(d.today.callsByHour.filter((h) => h.hour !== 9).every((h) => h.placed === 0 && h.answered === 0)).toBe(true);

    expect(d.funnel).toEqual({ sampled: 5, attempted: 3, reached: 2, verdict: 1 });
    expect(d.department.callbackRate.rate).toEqual(r(3, 5));
    expect(d.department.validRate).toEqual(r(1, 2));
    expect(d.department.rr1).toEqual(r(1, 3));

    expect(d.units.map((u) => [u.unitName, u.callbackRate.rate.value, u.valid, u.invalid, u.validRate.value])).toEqual([
      ['东区', 2 / 3, 1, 1, 0.5],
      ['西区', 0.5, 0, 0, null],
    ]);
    expect(d.worstUnits.map((u) => u.unitName)).toEqual(['西区', '东区']);

    expect(d.trend.map((t) => t.month)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    const oct = d.trend[5];
    expect([oct.callbackRate.rate, oct.validRate, oct.rr1]).toEqual([r(0, 1), r(1, 1), r(0, 0)]);
    const nov = d.trend[6];
    expect([nov.callbackRate.rate, nov.validRate, nov.rr1]).toEqual([r(3, 5), r(1, 2), r(1, 3)]);
    expect(d.trend.slice(0, 5).every((t) => t.callbackRate.rate.value === null && t.validRate.value === null && t.rr1.value === null)).toBe(true);
    expect(d.previous).toEqual({ callbackRate: r(0, 1), validRate: r(1, 1), rr1: r(0, 0) });

    // 坐席一 has a measured error rate (0 of 1 verdict-bearing callback); 坐席二 none to measure: last.
    expect(d.worstAgents.map((a) => [a.name, a.finished, a.errorRate.value, a.finishedLate])).toEqual([
      ['坐席一', 1, 0, 0],
      ['坐席二', 2, null, 0],
    ]);
  });

  it('a month with nothing in it reads not measured, never 0 % or 100 %', async () => {
    const f = await makeNovember(db);
    const d = await getStaffDashboard({ ctx: ctxAs(db, f.staff, READ_AT), input: { month: '2026-03' } });
    expect(d.funnel).toEqual({ sampled: 0, attempted: 0, reached: 0, verdict: 0 });
    expect([d.department.callbackRate.rate.value, d.department.validRate.value, d.department.rr1.value]).toEqual([null, null, null]);
    expect(d.trend.every((t) => t.callbackRate.rate.value === null && t.validRate.value === null && t.rr1.value === null)).toBe(true);
    expect(d.units.every((u) => u.callbackRate.rate.value === null && u.validRate.value === null)).toBe(true);
    expect(d.worstAgents).toEqual([]);
    // Today is today whatever month is shown.
    expect(d.today.queue.held).toBe(1);
  });

  it('an empty department: every rate not measured, every hour zero', async () => {
    const staff = await makeUser(db, 'staff');
    const d = await getStaffDashboard({ ctx: ctxAs(db, staff, READ_AT), input: {} });
    expect(d.today.queue).toEqual({ ready: 0, waiting: 0, scheduled: 0, appointments: 0, held: 0, finishedToday: 0 });
    expect(d.today.agentsOnline).toEqual([]);
    expect(d.today.callsByHour.every((h) => h.placed === 0)).toBe(true);
    expect(d.department.callbackRate.rate).toEqual(r(0, 0));
    expect(d.previous.validRate.value).toBeNull();
  });

  it('managers, supervisors and agents are refused; admin reads it', async () => {
    const u = await makeUnit(db);
    for (const role of ['manager', 'supervisor', 'agent'] as const) {
      const user = await makeUser(db, role, { unitId: role === 'agent' ? null : u.id });
      await expect(getStaffDashboard({ ctx: ctxAs(db, user, READ_AT), input: {} })).rejects.toBeInstanceOf(ForbiddenError);
    }
    const admin = await makeUser(db, 'admin');
    await expect(getStaffDashboard({ ctx: ctxAs(db, admin, READ_AT), input: {} })).resolves.toMatchObject({ month: '2026-11' });
  });
});
