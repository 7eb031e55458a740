import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { agentMonthAssessments, callbackAttempts, callbackTasks, monthCloses } from '@/db/schema';
import { getAgentAssessment } from '@/lib/indicators/agent-assessment';
import { closeMonth } from '@/lib/assessment/close';
import { getCallbackIndicators } from '@/lib/indicators/indicators';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { savePolicyVersion } from '@/lib/policy/policies';
import { local, makeNovember, READ_AT } from '../support/callback-november';
import { GET } from '@/app/api/exports/[kind]/route';
import { env } from '@/lib/platform/config/env';
import { ctxAs } from '../support/factories';
import { requestCookies, signInAs } from '../support/request-cookies';
import { testDb } from '../support/worker-setup';

/**
 * 坐席月度考核 of the November of tests/support/callback-november.ts, counted by hand, with one more
 * attempt: a1 tried T5 once (no answer, manual) and left it open — worked, not finished.
 *
 *   a1: worked T1 T2 T7 T5 = 4, finished T1 T2 T7 = 3 (closed)                 → 回访率 3/4
 *       verdict-bearing T1 T2; T2 overturned on the call (knock-out), T1's dispute rested on a finding;
 *       T2's re-callback disagrees → errors 2 of 3 judged                     → 质量 1/3
 *       all three within the deadline (by Thursday 5 Nov)                      → 及时性 3/3
 *       with the minimum 3: 40·0.75 + 30·⅓ + 30·1 = 70 → 一般; ratings 5 and 2 (shown, not weighed)
 *   a2: worked and finished T3 T4 T2r = 3 (closed 2, unreachable 1)            → 回访率 3/3
 *       nothing verdict-bearing (T4 refused, T2r a re-callback), nothing compared → 质量 未测
 *       T3 unreachable on the 9th, after its deadline                          → 及时性 2/3
 *       40·1 + 30·⅔ over 70 = 85.7 → 良好
 *   With the shipped minimum of 5 finished, both are 样本不足.
 */

vi.mock('server-only', () => ({}));
vi.mock('next/headers', async () => (await import('../support/request-cookies')).nextHeadersStandIn);

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  requestCookies.clear();
});

/** 坐席指标 as CSV through the real route, as the page's 导出 links ask for it. */
async function agentsCsv(user: { id: string; sessionVersion: number }, month: string) {
  await signInAs(user);
  const url = new URL(`/api/exports/agent-indicators?format=csv&month=${month}`, env().PUBLIC_BASE_URL);
  const response = await GET(new Request(url), { params: Promise.resolve({ kind: 'agent-indicators' }) });
  expect(response.status).toBe(200);
  const lines = new TextDecoder('utf-8').decode(await response.arrayBuffer()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  const header = lines[0].split(',');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((cell, i) => [header[i], cell])));
}

const CLOSE_AT = local('2026-12-03 10:00');
const defaults: PolicyValue<'agentAssessment'> = policyDefinitions.agentAssessment.defaults;

async function november() {
  const w = await makeNovember(db);
  const [t5] = await db.select().from(callbackTasks).where(and(eq(callbackTasks.state, 'waiting'), eq(callbackTasks.customerClass, 'C')));
  await db.insert(callbackAttempts).values({ taskId: t5.id, attemptNo: 1, agentId: w.a1.id, outcome: 'no_answer', manual: true, notes: '电话系统故障，座机拨打无人接听', startedAt: local('2026-11-03 10:00'), endedAt: local('2026-11-03 10:01') });
  return { ...w, t5 };
}

async function minimum(staff: { id: string }, minFinished: number, extra: Partial<PolicyValue<'agentAssessment'>> = {}) {
  await savePolicyVersion({ ctx: ctxAs(db, staff as never), input: { key: 'agentAssessment', effectiveFrom: '2026-11-01', value: { ...defaults, ...extra, minFinished } } });
}

describe('坐席月度考核', () => {
  it('scores each agent from 回访率, 质量 and 及时性 as counted by hand; below the minimum: 样本不足', async () => {
    const w = await november();
    const before = await getAgentAssessment({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11' } });
    expect(before).toMatchObject({ live: true, close: null, policy: { version: 0 } });
    // Sorted by name in Chinese order (二 èr before 一 yī).
    expect(before.agents.map((a) => [a.name, a.score, a.grade, a.belowMinimum])).toEqual([
      ['坐席二', null, null, true],
      ['坐席一', null, null, true],
    ]);

    await minimum(w.staff, 3);
    const r = await getAgentAssessment({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11' } });
    const [a2, a1] = r.agents;
    expect(a1.parts).toEqual({
      callbackRate: { numerator: 3, denominator: 4, value: 0.75 },
      quality: { numerator: 1, denominator: 3, value: 1 / 3 },
      timeliness: { numerator: 3, denominator: 3, value: 1 },
    });
    expect(a1).toMatchObject({ score: 70, grade: 'fair', belowMinimum: false, figures: { worked: 4, finished: 3, ratingAnswers: 2, ratingMean: 3.5, satisfied: 1 } });
    expect(a2.parts.quality).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(a2.parts.timeliness.value).toBeCloseTo(2 / 3, 10);
    expect(a2).toMatchObject({ score: 85.7, grade: 'good', figures: { worked: 3, closed: 2, unreachable: 1 } });
    // The department: the counts pooled.
    expect(r.department).toMatchObject({ agents: 2, worked: 7, finished: 6, unscored: 0 });
    expect(r.department.parts.callbackRate).toMatchObject({ numerator: 6, denominator: 7 });
    expect(r.department.parts.quality).toMatchObject({ numerator: 1, denominator: 3 });
    expect(r.department.parts.timeliness).toMatchObject({ numerator: 5, denominator: 6 });
    expect(r.department.averageScore).toBeGreaterThan(77.8);
    expect(r.department.averageScore).toBeLessThan(77.95);
  });

  it('the indicators’ deadline is the policy’s in force on the month’s last day', async () => {
    const w = await november();
    await minimum(w.staff, 3, { deadlineWorkingDays: 5 });
    // Five working days from Monday 2 Nov end on Monday the 9th: T3 (unreachable at 14:02 that day) is in time.
    const r = await getCallbackIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11' } });
    expect(r.deadlineWorkingDays).toBe(5);
    expect(r.department.timeliness.finishedLate).toBe(0);
    const a = await getAgentAssessment({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11' } });
    expect(a.agents.find((x) => x.agentId === w.a2.id)!.parts.timeliness).toMatchObject({ numerator: 3, denominator: 3 });
    // Asked for, another deadline still applies.
    expect((await getCallbackIndicators({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-11', deadlineWorkingDays: 3 } })).department.timeliness.finishedLate).toBe(1);
  });

  it('an agent reads their own row and the department; a manager or supervisor is refused', async () => {
    const w = await november();
    await minimum(w.staff, 3);
    const mine = await getAgentAssessment({ ctx: ctxAs(db, w.a2, READ_AT), input: { month: '2026-11' } });
    expect(mine.agents.map((a) => a.username)).toEqual([w.a2.username]);
    expect(mine.department).toMatchObject({ agents: 2, worked: 7 });
    await expect(getAgentAssessment({ ctx: ctxAs(db, w.m1, READ_AT), input: { month: '2026-11' } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getAgentAssessment({ ctx: ctxAs(db, w.s1, READ_AT), input: { month: '2026-11' } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getAgentAssessment({ ctx: ctxAs(db, w.staff, READ_AT), input: { month: '2026-13' } })).rejects.toMatchObject({ code: 'validation' });
  });

  it('the close freezes every agent under the policy version in force; closing again with nothing changed lists nothing; a change shows as a new version', async () => {
    const w = await november();
    await minimum(w.staff, 3);
    const first = await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: '2026-11' } });
    expect(first).toMatchObject({ version: 1, agents: 2, agentChanges: 0 });
    const [c1] = await db.select().from(monthCloses).where(eq(monthCloses.id, first.closeId));
    expect(c1.policies.agentAssessment).toBe(1);
    const stored = await db.select().from(agentMonthAssessments).where(eq(agentMonthAssessments.closeId, first.closeId));
    expect(Object.fromEntries(stored.map((s) => [s.agentId, [s.score, s.grade]]))).toEqual({ [w.a1.id]: [70, 'fair'], [w.a2.id]: [85.7, 'good'] });

    // A version saved after the close changes nothing of it: the closed month reads as frozen.
    await savePolicyVersion({ ctx: ctxAs(db, w.staff), input: { key: 'agentAssessment', effectiveFrom: '2026-12-04', value: { ...defaults, minFinished: 100 } } });
    const frozen = await getAgentAssessment({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: '2026-11' } });
    expect(frozen).toMatchObject({ live: false, close: { version: 1 }, policy: { version: 1, value: { minFinished: 3 } } });
    expect(frozen.agents.map((a) => a.score)).toEqual([85.7, 70]);

    const second = await closeMonth({ ctx: ctxAs(db, w.staff, new Date(CLOSE_AT.getTime() + 3600_000)), input: { month: '2026-11' } });
    expect(second).toMatchObject({ version: 2, agents: 2, agentChanges: 0 });
    const again = await db.select().from(agentMonthAssessments).where(eq(agentMonthAssessments.closeId, second.closeId));
    const figuresOf = (list: typeof stored) => Object.fromEntries(list.map((s) => [s.agentId, [s.figures, s.score, s.grade]]));
    expect(figuresOf(again)).toEqual(figuresOf(stored));

    // a2 finishes T5 on 2 December (a refusal, late): the month's figures change.
    await db.insert(callbackAttempts).values({ taskId: w.t5.id, attemptNo: 2, agentId: w.a2.id, outcome: 'refused', manual: true, notes: '电话系统故障，座机拨打，客户拒绝', startedAt: local('2026-12-02 10:00'), endedAt: local('2026-12-02 10:05') });
    await db.update(callbackTasks).set({ state: 'closed', outcome: 'refused', lastOutcome: 'refused', closedAt: local('2026-12-02 10:05') }).where(eq(callbackTasks.id, w.t5.id));
    const third = await closeMonth({ ctx: ctxAs(db, w.staff, new Date(CLOSE_AT.getTime() + 7200_000)), input: { month: '2026-11' } });
    expect(third.version).toBe(3);
    const r = await getAgentAssessment({ ctx: ctxAs(db, w.staff, new Date(CLOSE_AT.getTime() + 7200_000)), input: { month: '2026-11' } });
    expect(r.close).toMatchObject({ version: 3, versions: [{ version: 1 }, { version: 2, changes: 0 }, { version: 3 }] });
    const a2changes = Object.fromEntries(r.changes.filter((c) => c.agentId === w.a2.id).map((c) => [c.figure, [c.old, c.new]]));
    expect(a2changes).toMatchObject({ worked: [3, 4], finished: [3, 4], closed: [2, 3], finishedLate: [1, 2] });
    // a1 worked T5 before: still 4 worked, finished 3.
    expect(r.changes.filter((c) => c.agentId === w.a1.id)).toEqual([]);
    expect(r.changes[0].agentName).toBe('坐席二');
    // The file of the month: each agent's parts, score and grade as frozen (a2 now 40·1 + 30·½ over 70 = 78.6, 一般).
    const file = await agentsCsv(w.staff, '2026-11');
    const a2row = file.find((r) => r['工号'] === w.a2.username)!;
    expect([a2row['考核得分'], a2row['考核等级'], a2row['考核回访率']]).toEqual([String(r.agents.find((a) => a.agentId === w.a2.id)!.score), '一般', '100%']);
    expect(a2row['考核回访质量']).toBe('未测');
    expect(file.find((x) => x['工号'] === w.a1.username)!['考核回访质量']).toBe('33.3%');
    // An agent sees only their own changes.
    const own = await getAgentAssessment({ ctx: ctxAs(db, w.a1, new Date(CLOSE_AT.getTime() + 7200_000)), input: { month: '2026-11' } });
    expect(own.changes).toEqual([]);
    expect(own.agents).toHaveLength(1);
  });
});
