import { spawn } from 'node:child_process';
import { eq, sql } from 'drizzle-orm';
import { workbookOf } from '../support/workbook';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { callbackTasks, calls, monthAssessments, samplingDecisions, visitReportContacts, visitReports } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { evaluateForVisit } from '@/lib/assessment/evaluate';
import { exportMonthReport } from '@/lib/assessment/export';
import { openCallbacksOfMonth } from '@/lib/assessment/open-callbacks';
import { getCloseChanges, getMonthReport, managerClosedMonths, managerMonthResult } from '@/lib/assessment/report';
import { takeNextCallback } from '@/lib/desk/take';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { submitCallback } from '@/lib/desk/submit';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { policyDefinitions } from '@/lib/policy/definitions';
import { savePolicyVersion } from '@/lib/policy/policies';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { unitMonthView } from '@/lib/unit/queries';
import { CLOSE_AT, local, MONTH } from '../support/assessment';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * A November in which no callback was done (issue 10, point 3): nothing was judged, so the valid
 * rate measured nothing. It must read "not measured" (null, reason noJudgedVisits) in the report,
 * the unit view, the manager's month and the CLI's JSON alike, and the score must rest on coverage
 * and on time only — counted here by hand from the rule (weights 40/40/20, valid's 40 shared out
 * over coverage and on time as 40 : 20), not from the code.
 *
 * Unit 一区, manager 甲: claims cA (class A) and cC (class C) all year.
 *   v1 cA on site 5 Nov, sampled, callback still ready in the queue → pending
 *   v2 cC phone 7 Nov, not sampled                                  → unverified
 *   Coverage: A on site ✓ (pending counts); C contact ✓; C on site in 3 months ✗ → 2 of 3, failed.
 *   On time 2/2. Valid: 0 judged → not measured.
 *   Score (2/3·40 + 1·20) / 60 = 77.8 → 一般 (the old rule gave valid its 40 as 100 %: 86.7, 良好).
 * Unit 二区, manager 乙: claims cE (class A) all year.
 *   v5 cE on site 10 Nov, sampled, callback waiting (its time not come) → pending
 *   v6 cE phone 12 Nov, sampled, callback held by an agent              → pending
 *   Coverage 1/1, on time 2/2, valid not measured → (40 + 20) / 60 = 100 → 优秀.
 */
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  await Promise.all((['assessment', 'sampling', 'callback-timers'] as const).map((q) => queue(q).obliterate({ force: true })));
});
afterAll(async () => {
  await closeQueues();
});

/** 8 December 2026, 10:00 in Asia/Shanghai (a Tuesday, within calling hours). */
const AGENT_AT = new Date('2026-12-08T02:00:00Z');

async function world() {
  await ensureDefaultScript(db, { now: local('2026-10-01 09:00') });
  const u1 = await makeUnit(db, { name: '一区' });
  const u2 = await makeUnit(db, { name: '二区' });
  const staff = await makeUser(db, 'staff');
  const admin = await makeUser(db, 'admin');
  const agent = await makeUser(db, 'agent');
  const otherAgent = await makeUser(db, 'agent');
  const m1 = await makeUser(db, 'manager', { unitId: u1.id, displayName: '甲经理' });
  const m2 = await makeUser(db, 'manager', { unitId: u2.id, displayName: '乙经理' });
  const supervisor = await makeUser(db, 'supervisor', { unitId: u1.id });
  const since = local('2026-01-01 00:00');
  const customer = async (unitId: string, cls: 'A' | 'C') => {
    const c = await makeCustomer(db, unitId, { class: cls });
    return { ...c, contact: await makeContact(db, c.id) };
  };
  const cA = await customer(u1.id, 'A');
  const cC = await customer(u1.id, 'C');
  const cE = await customer(u2.id, 'A');
  await makeClaim(db, cA.id, m1.id, since);
  await makeClaim(db, cC.id, m1.id, since);
  await makeClaim(db, cE.id, m2.id, since);

  const visit = async (
    manager: typeof m1,
    unitId: string,
    c: Awaited<ReturnType<typeof customer>>,
    o: { type: 'on_site' | 'phone'; at: string; sampled: boolean; task?: 'ready' | 'waiting' | 'held' },
  ) => {
    const visitedAt = local(o.at);
    const [v] = await db
      .insert(visitReports)
      .values({ managerId: manager.id, customerId: c.id, type: o.type, visitedAt, reportedAt: new Date(visitedAt.getTime() + 2 * 3600_000), purpose: '了解通信需求', createdBy: manager.id })
      .returning();
    await db.insert(visitReportContacts).values({ visitId: v.id, contactId: c.contact.id });
    await db.insert(samplingDecisions).values({ visitId: v.id, managerId: manager.id, month: MONTH, policyVersion: 0, draw: 0.5, sampled: o.sampled, reasonCode: o.sampled ? 'sampling.reason.rate' : 'sampling.reason.notDrawn', decidedBy: 'batch' });
    let taskId: string | null = null;
    if (o.task) {
      const [task] = await db
        .insert(callbackTasks)
        .values({
          visitId: v.id,
          customerId: c.id,
          managerId: manager.id,
          unitId,
          customerClass: c.class,
          visitedAt,
          state: o.task,
          // A waiting callback's time has not come yet; a ready one is in the queue now.
          nextAttemptAt: o.task === 'waiting' ? new Date('2026-12-20T02:00:00Z') : visitedAt,
          ...(o.task === 'held' ? { holderId: otherAgent.id, heldAt: CLOSE_AT, leaseExpiresAt: new Date(CLOSE_AT.getTime() + 600_000) } : {}),
        })
        .returning();
      taskId = task.id;
    }
    return { ...v, taskId };
  };
  const v1 = await visit(m1, u1.id, cA, { type: 'on_site', at: '2026-11-05 10:00', sampled: true, task: 'ready' });
  const v2 = await visit(m1, u1.id, cC, { type: 'phone', at: '2026-11-07 10:00', sampled: false });
  const v5 = await visit(m2, u2.id, cE, { type: 'on_site', at: '2026-11-10 10:00', sampled: true, task: 'waiting' });
  const v6 = await visit(m2, u2.id, cE, { type: 'phone', at: '2026-11-12 10:00', sampled: true, task: 'held' });
  return { u1, u2, staff, admin, agent, otherAgent, m1, m2, supervisor, visits: { v1, v2, v5, v6 } };
}

const M1 = { score: 77.8, grade: 'fair' } as const;
const M2 = { score: 100, grade: 'excellent' } as const;

/** `npm run cli -- close-month …` as its own process, against this worker's database. */
function closeMonthCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'close-month', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('a month in which nothing was judged', () => {
  it('reads the valid rate as not measured in the report, its export, the unit view, my month and the CLI, and scores on coverage and on time only', { timeout: 120_000 }, async () => {
    const w = await world();
    const staff = ctxAs(db, w.staff, CLOSE_AT);
    const closed = await closeMonth({ ctx: staff, input: { month: MONTH } });
    expect(closed).toMatchObject({ version: 1, managers: 2 });
    expect(closed.totals).toMatchObject({ valid: 0, invalid: 0, validRate: null, coverageRate: 0.75, onTimeRate: 1, averageScore: 88.9, unscored: 0 });

    // Stored: null, never 1; the score and grade from the measured parts.
    const [stored] = await db.select().from(monthAssessments).where(eq(monthAssessments.managerId, w.m1.id));
    expect(stored.figures).toMatchObject({ required: 3, done: 2, coverageRate: 0.6667, coverageFailed: 1, visits: 2, late: 0, onTimeRate: 1, valid: 0, invalid: 0, pending: 1, unverified: 1, validRate: null });
    expect(stored.score).toBeCloseTo(M1.score, 4);
    expect(stored.grade).toBe(M1.grade);

    // The report (verb): null plus the reason code, per manager, per unit and in the totals.
    const report = await getMonthReport({ ctx: staff, input: { month: MONTH } });
    const row = (id: string) => report.rows.find((r) => r.managerId === id)!;
    expect(row(w.m1.id)).toMatchObject({ figures: { validRate: null, coverageRate: 0.6667, onTimeRate: 1 }, unmeasured: { validRate: 'noJudgedVisits' }, score: M1.score, grade: M1.grade });
    expect(row(w.m1.id).unmeasured).toEqual({ validRate: 'noJudgedVisits' });
    expect(row(w.m2.id)).toMatchObject({ figures: { validRate: null, coverageRate: 1 }, score: M2.score, grade: M2.grade });
    expect(report.units.map((u) => [u.unitName, u.validRate, u.unmeasured.validRate])).toEqual([
      ['一区', null, 'noJudgedVisits'],
      ['二区', null, 'noJudgedVisits'],
    ]);
    expect(report.close!.totals.validRate).toBeNull();
    expect(report.close!.unmeasured).toEqual({ validRate: 'noJudgedVisits' });
    expect(report.scoring).toEqual({ weights: { coverage: 40, valid: 40, onTime: 20 }, gradeBands: { excellent: 90, good: 80, fair: 70, poor: 60 } });

    // The unit view agrees (live counts for the rate, the close's score and grade).
    const unit = await unitMonthView({ ctx: ctxAs(db, w.supervisor, CLOSE_AT), input: { month: MONTH } });
    const m1Unit = unit.managers.find((m) => m.managerId === w.m1.id)!;
    expect(m1Unit).toMatchObject({ valid: 0, invalid: 0, validRate: null, unmeasured: { validRate: 'noJudgedVisits' }, closed: true, score: M1.score, grade: M1.grade });
    expect(m1Unit.coverageRate).toBeCloseTo(2 / 3, 10);
    expect(unit.totals).toMatchObject({ validRate: null, unmeasured: { validRate: 'noJudgedVisits' } });

    // The manager's own month, and their closed months.
    const mine = await managerMonthResult({ ctx: ctxAs(db, w.m1, CLOSE_AT), input: { month: MONTH } });
    expect(mine).toMatchObject({ figures: { validRate: null }, unmeasured: { validRate: 'noJudgedVisits' }, score: M1.score, grade: M1.grade });
    expect(await managerClosedMonths({ ctx: ctxAs(db, w.m1, CLOSE_AT) })).toMatchObject([{ month: MONTH, score: M1.score, grade: M1.grade }]);

    // The Excel report: 未测 in the rate's cell with its reason beside, and the rule in 说明.
    const book = await workbookOf(await exportMonthReport({ ctx: staff, input: { month: MONTH } }));
    const sheet = book.getWorksheet('客户经理')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const cell = (rowNo: number, name: string) => sheet.getRow(rowNo).getCell(header.indexOf(name)).value;
    const m1Row = [2, 3].find((r) => cell(r, '客户经理') === '甲经理')!;
    expect(cell(m1Row, '有效率')).toBe('未测');
    expect(cell(m1Row, '拜访覆盖率')).toBe(0.6667);
    expect(cell(m1Row, '考核得分')).toBeCloseTo(M1.score, 4);
    expect(cell(m1Row, '等级')).toBe('一般');
    expect(cell(m1Row, '未测说明')).toBe('有效率：本月没有已核查的拜访');
    const units = book.getWorksheet('营销单位')!;
    const unitHeader = (units.getRow(1).values as unknown[]).map(String);
    expect(units.getRow(2).getCell(unitHeader.indexOf('有效率')).value).toBe('未测');
    const info = book.getWorksheet('说明')!;
    const notes = info.getSheetValues().flat().map(String).join('\n');
    expect(notes).toContain('权重按其余已测指标的权重比例分摊');
    expect(notes).toContain('覆盖率 40、有效率 40、按时填报率 20');
    expect(notes).toContain('样本不足');

    // The CLI closes again (nothing changed) and its JSON says the same: null plus the reason
    // code, never 0 or 1; and the open callbacks it printed before closing.
    const cli = await closeMonthCli([MONTH, '--as', w.staff.username, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const json = JSON.parse(cli.stdout) as { version: number; changes: number; totals: Record<string, number | null>; unmeasured: Record<string, string>; openCallbacks: { total: number } };
    expect(json).toMatchObject({ version: 2, changes: 0, unmeasured: { validRate: 'noJudgedVisits' }, openCallbacks: { total: 3 } });
    expect(json.totals).toMatchObject({ validRate: null, coverageRate: 0.75, averageScore: 88.9 });
  });

  it('with weights that leave nothing measured, gives no score and no grade: 样本不足, everywhere', async () => {
    const w = await world();
    // On time weighs nothing; 乙 claims cE only from the 20th (11 days: not counted, so nothing
    // is required of him) and visits it after, not yet judged: nothing that weighs is measured.
    await savePolicyVersion({
      ctx: ctxAs(db, w.staff, CLOSE_AT),
      input: { key: 'assessment', effectiveFrom: '2026-11-01', value: { ...policyDefinitions.assessment.defaults, weights: { coverage: 50, valid: 50, onTime: 0 } } },
    });
    await db.execute(sql`update claims set effective_from = ${local('2026-11-20 00:00').toISOString()}::timestamptz where manager_id = ${w.m2.id}::uuid`);
    await db.execute(sql`
      update visit_reports set visited_at = visited_at + interval '12 days', reported_at = reported_at + interval '12 days' where manager_id = ${w.m2.id}::uuid`);
    const staff = ctxAs(db, w.staff, CLOSE_AT);
    const closed = await closeMonth({ ctx: staff, input: { month: MONTH } });
    // 甲: coverage 2/3 alone → 66.7 → 较差. 乙: nothing that weighs measured.
    expect(closed.totals).toMatchObject({ averageScore: 66.7, unscored: 1 });
    const report = await getMonthReport({ ctx: staff, input: { month: MONTH } });
    const byName = Object.fromEntries(report.rows.map((r) => [r.managerName, r]));
    expect(byName['乙经理']).toMatchObject({ score: null, grade: null, figures: { required: 0, coverageRate: null, validRate: null, onTimeRate: 1, pending: 2 } });
    expect(byName['乙经理'].unmeasured).toEqual({ coverageRate: 'noRequiredVisits', validRate: 'noJudgedVisits' });
    expect(byName['甲经理']).toMatchObject({ score: 66.7, grade: 'poor' });
    expect(report.units.find((u) => u.unitName === '二区')).toMatchObject({ averageScore: null, unscored: 1 });
    // Staff can list the managers without a grade; sorting by score puts them last.
    const none = await getMonthReport({ ctx: staff, input: { month: MONTH, grade: 'insufficient_sample' } });
    expect(none.rows.map((r) => r.managerName)).toEqual(['乙经理']);
    for (const dir of ['asc', 'desc'] as const) {
      expect((await getMonthReport({ ctx: staff, input: { month: MONTH, sort: 'score', dir } })).rows.map((r) => r.managerName)).toEqual(['甲经理', '乙经理']);
    }
    expect(await managerMonthResult({ ctx: ctxAs(db, w.m2, CLOSE_AT), input: { month: MONTH } })).toMatchObject({ score: null, grade: null });
    const unit = await unitMonthView({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH, unitId: w.u2.id } });
    expect(unit.managers[0]).toMatchObject({ closed: true, score: null, grade: null });

    const book = await workbookOf(await exportMonthReport({ ctx: staff, input: { month: MONTH } }));
    const sheet = book.getWorksheet('客户经理')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const row = [2, 3].find((r) => sheet.getRow(r).getCell(header.indexOf('客户经理')).value === '乙经理')!;
    expect(sheet.getRow(row).getCell(header.indexOf('考核得分')).value).toBe('样本不足');
    expect(sheet.getRow(row).getCell(header.indexOf('等级')).value).toBe('样本不足');

    // Closing again with nothing changed lists nothing (a stored "no score" equals a fresh one).
    const again = await closeMonth({ ctx: ctxAs(db, w.staff, new Date(CLOSE_AT.getTime() + 3600_000)), input: { month: MONTH } });
    expect(again).toMatchObject({ version: 2, changes: 0 });
  });
});

describe("the close's confirmation", () => {
  it('counts the month’s sampled callbacks still open, by unit; staff and admin only', async () => {
    const w = await world();
    // Not counted: a callback that ended, a dispute's re-callback, and another month's callback.
    await db
      .update(callbackTasks)
      .set({ state: 'closed', holderId: null, heldAt: null, leaseExpiresAt: null, outcome: 'completed', closedAt: CLOSE_AT, score: 80, result: 'valid' })
      .where(eq(callbackTasks.visitId, w.visits.v6.id));
    const [october] = await db
      .insert(visitReports)
      .values({ managerId: w.m2.id, customerId: (await db.select().from(visitReports).where(eq(visitReports.id, w.visits.v5.id)))[0].customerId, type: 'phone', visitedAt: local('2026-10-20 10:00'), reportedAt: local('2026-10-20 12:00'), purpose: '十月拜访', createdBy: w.m2.id })
      .returning();
    await db.insert(callbackTasks).values({ visitId: october.id, customerId: october.customerId, managerId: w.m2.id, unitId: w.u2.id, customerClass: 'A', visitedAt: october.visitedAt, state: 'ready', nextAttemptAt: october.visitedAt });
    await db.execute(sql`
      insert into callback_tasks (visit_id, customer_id, manager_id, unit_id, customer_class, visited_at, state, next_attempt_at, origin, dispute_id)
      select visit_id, customer_id, manager_id, unit_id, customer_class, visited_at, 'ready', next_attempt_at, 'recheck', gen_random_uuid()
        from callback_tasks where visit_id = ${w.visits.v1.id}::uuid`);
    // A held one in 二区 again (the agent holds at most one at a time).
    await db.update(callbackTasks).set({ state: 'held', holderId: w.agent.id, heldAt: CLOSE_AT }).where(eq(callbackTasks.visitId, w.visits.v5.id));

    const open = await openCallbacksOfMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    expect(open).toEqual({
      month: MONTH,
      total: 2,
      waiting: 0,
      ready: 1,
      held: 1,
      units: [
        { unitId: w.u1.id, unitName: '一区', total: 1, waiting: 0, ready: 1, held: 0 },
        { unitId: w.u2.id, unitName: '二区', total: 1, waiting: 0, ready: 0, held: 1 },
      ],
    });
    expect((await openCallbacksOfMonth({ ctx: ctxAs(db, w.admin, CLOSE_AT), input: { month: MONTH } })).total).toBe(2);
    expect((await openCallbacksOfMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: '2026-10' } })).units).toEqual([
      { unitId: w.u2.id, unitName: '二区', total: 1, waiting: 0, ready: 1, held: 0 },
    ]);
    for (const who of [w.m1, w.supervisor, w.agent]) {
      await expect(openCallbacksOfMonth({ ctx: ctxAs(db, who, CLOSE_AT), input: { month: MONTH } })).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(openCallbacksOfMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: '2026-13' } })).rejects.toMatchObject({ code: 'validation' });
  });

  it('a callback result that arrives after the close is listed as a change of that manager’s valid count in the next version', async () => {
    const w = await world();
    await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });

    // After the close an agent reaches 甲's customer: the contact answers and confirms the visit.
    const agent = ctxAs(db, w.agent, AGENT_AT);
    const taken = await takeNextCallback({ ctx: agent });
    const taskId = w.visits.v1.taskId!;
    expect(taken).toMatchObject({ status: 'held', task: { id: taskId } });
    await db.insert(calls).values({
      taskId,
      agentId: w.agent.id,
      attemptNo: 1,
      provider: 'emulator',
      agentNumber: '+8613900000001',
      customerNumber: '+8613800000002',
      callerId: '+862160000000',
      status: 'completed',
      customerLegStatus: 'completed',
      answeredAt: new Date(AGENT_AT.getTime() + 8000),
      endedAt: new Date(AGENT_AT.getTime() + 128_000),
      durationSeconds: 120,
      createdAt: AGENT_AT,
    });
    const submitted = await submitCallback({
      ctx: ctxAs(db, w.agent, new Date(AGENT_AT.getTime() + 180_000)),
      input: { taskId, outcome: 'completed', answers: { identity: 'yes', visited: 'yes', visit_type: 'on_site', purpose: 'match', satisfaction: '5', remarks: '经理确实来过' } },
    });
    expect(submitted).toMatchObject({ state: 'closed', scored: { result: 'valid' } });
    // What the 'verdicts.visit' job does after the submit.
    await evaluateForVisit(db, w.visits.v1.id, { now: new Date(AGENT_AT.getTime() + 200_000), cause: 'callback', causeId: 'after-close' });

    const second = await closeMonth({ ctx: ctxAs(db, w.staff, new Date(AGENT_AT.getTime() + 3600_000)), input: { month: MONTH } });
    expect(second.version).toBe(2);
    const { changes } = await getCloseChanges({ ctx: ctxAs(db, w.staff, AGENT_AT), input: { month: MONTH, version: 2 } });
    // 甲: valid 0 → 1, pending 1 → 0, valid rate measured now (100 %), score (2/3·40 + 40 + 20) = 86.7 → 良好.
    expect(changes.map(({ managerName, figure, old, new: now }) => ({ managerName, figure, old, now }))).toEqual([
      { managerName: '甲经理', figure: 'valid', old: 0, now: 1 },
      { managerName: '甲经理', figure: 'pending', old: 1, now: 0 },
      { managerName: '甲经理', figure: 'validRate', old: null, now: 1 },
      { managerName: '甲经理', figure: 'score', old: M1.score, now: 86.7 },
      { managerName: '甲经理', figure: 'grade', old: M1.grade, now: 'good' },
    ]);
  });
});
