import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { callbackAttempts, callbackTasks, calls, visitReports } from '@/db/schema';
import { getAgentDayAndMonth } from '@/lib/indicators/agent-desk';
import { getCallbackIndicators } from '@/lib/indicators/indicators';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { ctxAs, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * The desk's strip, read on Friday 20 November 2026 at 10:00 (Shanghai), counted by hand.
 * Agents 坐席一 (a1, me), 坐席二 (a2), 坐席三 (a3, idle). Callbacks sampled 18 November:
 *   T1 a1 today: call 09:01 answered, completed 09:00–09:10, closed          → a1 finished today
 *      a1 today 09:30: a call the agent's own line never sent (line busy)    → no call
 *   T2 a2 today: call 08:30 not answered, no answer 08:30–08:32, waiting     → not finished
 *   T3 a1 19 Nov: call 14:00 not answered, no answer 14:00–14:05;
 *      a2 today: call 09:20 answered, refused 09:20–09:30, closed            → a2 finished today (a1 did not: not the last attempt)
 * Today: a1 placed 1, answered 1, finished 1; a2 placed 2, answered 1, finished 1 → 2 agents worked:
 *   department per agent placed 1.5, answered 1, finished 1.
 * Month: finished a1 1 (T1), department 2 over 2 agents → 1 each. Calls on duty: a1 2 calls over
 *   19 Nov 14:00–14:05 and 20 Nov 09:00–09:10 (¼ h) → 8/h; a2 2 calls over 20 Nov 08:30–09:30 (1 h)
 *   → 2/h; the department pooled 4 calls / 1¼ h = 3.2/h.
 */
const SH = 'Asia/Shanghai';
const local = (text: string) => parseLocalDateTime(text, SH)!;
const READ_AT = local('2026-11-20 10:00');

async function makeWorld(db: Db) {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const a1 = await makeUser(db, 'agent', { displayName: '坐席一' });
  const a2 = await makeUser(db, 'agent', { displayName: '坐席二' });
  const a3 = await makeUser(db, 'agent', { displayName: '坐席三' });
  const staff = await makeUser(db, 'staff');
  const customer = await makeCustomer(db, unit.id, { class: 'A' });

  async function task(o: { state: 'waiting' | 'closed' | 'unreachable'; attempts: number; outcome?: 'completed' | 'refused'; closed?: string }) {
    const visitedAt = local('2026-11-16 15:00');
    const [v] = await db
      .insert(visitReports)
      .values({ managerId: manager.id, customerId: customer.id, type: 'phone', visitedAt, reportedAt: visitedAt, purpose: '年度合作沟通', summary: '客户满意', createdBy: manager.id })
      .returning();
    const [t] = await db
      .insert(callbackTasks)
      .values({
        visitId: v.id,
        customerId: customer.id,
        managerId: manager.id,
        unitId: unit.id,
        customerClass: 'A',
        visitedAt,
        state: o.state,
        attempts: o.attempts,
        nextAttemptAt: local('2026-11-20 14:00'),
        outcome: o.outcome ?? null,
        lastOutcome: o.outcome ?? null,
        closedAt: o.closed ? local(o.closed) : null,
        result: o.outcome === 'completed' ? 'valid' : null,
        score: o.outcome === 'completed' ? 90 : null,
        createdAt: local('2026-11-18 10:00'),
      })
      .returning();
    return t;
  }
  async function call(taskId: string, agentId: string, attemptNo: number, placed: string, o: { answered?: boolean; lineBusy?: boolean } = {}) {
    const [c] = await db
      .insert(calls)
      .values({
        taskId,
        agentId,
        attemptNo,
        provider: 'emulator',
        agentNumber: '+8613900000001',
        customerNumber: '+8613800000002',
        callerId: '+862160000000',
        status: o.lineBusy ? 'failed' : 'completed',
        errorCode: o.lineBusy ? 'line_busy' : null,
        customerLegStatus: o.answered ? 'completed' : o.lineBusy ? null : 'no-answer',
        answeredAt: o.answered ? local(placed) : null,
        durationSeconds: o.answered ? 300 : 0,
        createdAt: local(placed),
      })
      .returning();
    return c;
  }
  async function attempt(taskId: string, attemptNo: number, agentId: string, outcome: 'completed' | 'refused' | 'no_answer', started: string, ended: string, callId: string) {
    await db.insert(callbackAttempts).values({ taskId, attemptNo, agentId, outcome, callId, startedAt: local(started), endedAt: local(ended) });
  }

  const t1 = await task({ state: 'closed', attempts: 1, outcome: 'completed', closed: '2026-11-20 09:10' });
  const k1 = await call(t1.id, a1.id, 1, '2026-11-20 09:01', { answered: true });
  await attempt(t1.id, 1, a1.id, 'completed', '2026-11-20 09:00', '2026-11-20 09:10', k1.id);
  await call(t1.id, a1.id, 2, '2026-11-20 09:30', { lineBusy: true });

  const t2 = await task({ state: 'waiting', attempts: 1 });
  const k2 = await call(t2.id, a2.id, 1, '2026-11-20 08:30');
  await attempt(t2.id, 1, a2.id, 'no_answer', '2026-11-20 08:30', '2026-11-20 08:32', k2.id);

  const t3 = await task({ state: 'closed', attempts: 2, outcome: 'refused', closed: '2026-11-20 09:30' });
  const k3a = await call(t3.id, a1.id, 1, '2026-11-19 14:00');
  await attempt(t3.id, 1, a1.id, 'no_answer', '2026-11-19 14:00', '2026-11-19 14:05', k3a.id);
  const k3b = await call(t3.id, a2.id, 2, '2026-11-20 09:20', { answered: true });
  await attempt(t3.id, 2, a2.id, 'refused', '2026-11-20 09:20', '2026-11-20 09:30', k3b.id);

  return { a1, a2, a3, staff };
}

describe('the desk strip: my day and month against the department', () => {
  let db: Db;
  beforeEach(async () => {
    db = (await testDb()).db;
  });

  it('today and this month as counted by hand', async () => {
    const w = await makeWorld(db);
    const s = await getAgentDayAndMonth({ ctx: ctxAs(db, w.a1, READ_AT) });
    expect(s.day).toEqual({
      day: '2026-11-20',
      mine: { placed: 1, answered: 1, finished: 1 },
      agentsWorking: 2,
      departmentAverage: { placed: 1.5, answered: 1, finished: 1 },
    });
    expect(s.month.month).toBe('2026-11');
    expect(s.month.agentsWorking).toBe(2);
    expect(s.month.finished).toEqual({ mine: 1, department: 1 });
    expect(s.month.calls).toEqual({ mine: 2, department: 4 });
    expect(s.month.callsPerHour.mine).toBeCloseTo(8, 6);
    expect(s.month.callsPerHour.department).toBeCloseTo(3.2, 6);
    expect(s.month.departmentCallbackRate.finished).toBe(2);
  });

  it('reads the department and my row as the indicators do (staff reading the same month)', async () => {
    const w = await makeWorld(db);
    const s = await getAgentDayAndMonth({ ctx: ctxAs(db, w.a2, READ_AT) });
    const staffView = await getCallbackIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11' } });
    const mine = staffView.byAgent.find((a) => a.agentId === w.a2.id)!;
    expect(s.month.contactRate).toEqual({ mine: mine.aapor.con1, department: staffView.department.aapor.con1 });
    expect(s.month.withinDeadline).toEqual({ mine: mine.timeliness.withinDeadline, department: staffView.department.timeliness.withinDeadline });
    expect(s.month.departmentCallbackRate).toEqual(staffView.department.callbackRate);
    expect(s.day.mine).toEqual({ placed: 2, answered: 1, finished: 1 });
  });

  it('an agent who did nothing today still reads the department; nothing of theirs is measured', async () => {
    const w = await makeWorld(db);
    const s = await getAgentDayAndMonth({ ctx: ctxAs(db, w.a3, READ_AT) });
    expect(s.day.mine).toEqual({ placed: 0, answered: 0, finished: 0 });
    expect(s.day.departmentAverage).toEqual({ placed: 1.5, answered: 1, finished: 1 });
    expect(s.month.finished.mine).toBe(0);
    expect(s.month.callsPerHour.mine).toBeNull();
    expect(s.month.contactRate.mine.value).toBeNull();
    expect(s.month.withinDeadline.mine.value).toBeNull();
  });

  it('a day nobody worked: the department averages are not measured, never 0', async () => {
    const agent = await makeUser(db, 'agent');
    const s = await getAgentDayAndMonth({ ctx: ctxAs(db, agent, READ_AT) });
    expect(s.day).toMatchObject({ agentsWorking: 0, departmentAverage: { placed: null, answered: null, finished: null } });
    expect(s.month).toMatchObject({ agentsWorking: 0, finished: { mine: 0, department: null }, callsPerHour: { mine: null, department: null } });
    expect(s.month.departmentCallbackRate.rate.value).toBeNull();
  });

  it('is the agent’s own desk: staff, managers and supervisors are refused', async () => {
    for (const role of ['staff', 'manager', 'supervisor'] as const) {
      const who = await makeUser(db, role);
      await expect(getAgentDayAndMonth({ ctx: ctxAs(db, who, READ_AT) })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});
