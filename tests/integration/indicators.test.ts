import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { getCallbackIndicators, getManagerIndicators } from '@/lib/indicators/indicators';
import { makeNovember, READ_AT } from '../support/callback-november';
import { ctxAs } from '../support/factories';
import { testDb } from '../support/worker-setup';

/** The November of tests/support/callback-november.ts, counted by hand there. */
const minutes = (h: number | null) => (h === null ? null : h * 60);

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
