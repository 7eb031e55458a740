import { and, eq, sql } from 'drizzle-orm';
import { workbookOf } from '../support/workbook';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { callbackAttempts, callbackResults, callbackTasks, calls } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { exportMonthReport } from '@/lib/assessment/export';
import { VISIT_SHEET } from '@/lib/assessment/visit-sheet';
import { ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { fileDispute } from '@/lib/disputes/file';
import { getDispute } from '@/lib/disputes/queries';
import { decideDispute, startReview } from '@/lib/disputes/review';
import { verdictEvidence } from '@/lib/verdicts/evidence';
import { getVisitVerdict, listManagerMonthVerdicts } from '@/lib/verdicts/queries';
import { CLOSE_AT, local, makeAssessmentWorld, MONTH } from '../support/assessment';
import { emptyQueuesForEachTest } from '../support/callbacks';
import { answeredCall } from '../support/calls';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * A verdict's evidence (判定依据) against the real database: the hand-counted November of
 * tests/support/assessment.ts. Manager 1's v1 (customer A) was called back and scored 80 — here
 * with the call the provider recorded for that attempt; manager 2's v7 was knocked out (the contact
 * denied the visit) on a manual call (人工拨打); manager 1's v2 was reported 30 hours late (a finding) and its dispute is overturned.
 */
let db: Db;

const FILE_AT = local('2026-12-04 10:00');
const later = (minutes: number) => new Date(FILE_AT.getTime() + minutes * 60_000);
const ANSWERS = { identity: 'yes', visited: 'yes', visit_type: 'on_site', purpose: 'match', satisfaction: '5', remarks: '经理上门谈了专线' };
const MANUAL_NOTE = '话务平台故障，用座机人工拨打';

beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

async function sampledTask(visitId: string) {
  const [task] = await db.select().from(callbackTasks).where(and(eq(callbackTasks.visitId, visitId), eq(callbackTasks.origin, 'sampled')));
  return task;
}

/** Forgets the calls of a task (and its attempts' links to them): each test states the calls it needs. */
async function dropCalls(taskId: string) {
  await db.execute(sql`delete from call_events where call_id in (select id from calls where task_id = ${taskId}::uuid)`);
  await db.execute(sql`update callback_attempts set call_id = null where task_id = ${taskId}::uuid`);
  await db.execute(sql`delete from calls where task_id = ${taskId}::uuid`);
}

async function world() {
  const w = await makeAssessmentWorld(db);
  // v1: the provider's record of attempt 1 — placed, answered by the contact, 95 s of talk, recorded.
  const t1 = await sampledTask(w.visits.v1.id);
  await dropCalls(t1.id);
  const placed = await answeredCall(db, t1.id, { agentId: w.agent.id, attemptNo: 1, at: local('2026-11-07 09:55'), talkSeconds: 95 });
  const [call] = await db.update(calls).set({ recordingSid: 'RE-evidence-1' }).where(eq(calls.id, placed.id)).returning();
  await db.update(callbackAttempts).set({ callId: call.id }).where(and(eq(callbackAttempts.taskId, t1.id), eq(callbackAttempts.attemptNo, 1)));
  await db.update(callbackResults).set({ answers: ANSWERS }).where(eq(callbackResults.taskId, t1.id));
  // v7: the attempt was a manual call — no call record, the notes say why (the contact denied the visit).
  const t7 = await sampledTask(w.visits.v7.id);
  await dropCalls(t7.id);
  await db.update(callbackAttempts).set({ manual: true, notes: MANUAL_NOTE }).where(eq(callbackAttempts.taskId, t7.id));
  // v5: a result recorded before results had to rest on a call — neither a call nor the manual mark.
  await dropCalls((await sampledTask(w.visits.v5.id)).id);
  await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
  const reviewer = await makeUser(db, 'staff', { displayName: '复核员甲' });
  return { ...w, call, reviewer };
}

describe('verdictEvidence', () => {
  it('shows the call the result rests on, the script version, the answers as read and the score — to staff in full, to the manager without agents or recordings', async () => {
    const w = await world();
    const staff = await verdictEvidence({ ctx: ctxAs(db, w.staff, FILE_AT), input: { visitId: w.visits.v1.id } });
    expect(staff.full).toBe(true);
    expect(staff.verdict.current).toMatchObject({ status: 'valid', reasons: [{ code: 'scoreAtLeast', params: { score: 80, threshold: 60 } }] });
    expect(staff.sampling).toMatchObject({ sampled: true });
    expect(staff.callbacks).toHaveLength(1);
    const cb = staff.callbacks[0];
    expect(cb).toMatchObject({ origin: 'sampled', state: 'closed', outcome: 'completed', agentName: w.agent.displayName });
    expect(cb.attempts).toEqual([expect.objectContaining({ attemptNo: 1, outcome: 'completed', agentName: w.agent.displayName, manual: false, callId: w.call.id, withoutCall: false })]);
    expect(cb.calls).toEqual([
      expect.objectContaining({
        id: w.call.id,
        attemptNo: 1,
        status: 'completed',
        createdAt: local('2026-11-07 09:55'),
        answeredAt: new Date(local('2026-11-07 09:55').getTime() + 8_000),
        durationSeconds: 95,
        recorded: true,
        recordingHref: `/api/calls/${w.call.id}/recording`,
      }),
    ]);
    expect(cb.result).toMatchObject({ score: 80, maxScore: 100, scriptVersion: 1, attemptNo: 1, manual: false, knockedOut: null });
    // The answers as the reviewer reads them: option labels, not ids, with their points.
    expect(cb.result!.answers).toContainEqual(expect.objectContaining({ answer: '是本人', points: 10 }));
    expect(cb.result!.answers).toContainEqual(expect.objectContaining({ answer: '经理上门谈了专线' }));
    expect(cb.result!.answers.find((a) => a.answer === '是本人')!.question).not.toContain('{');
    // The provider's status history, for staff.
    expect(cb.calls[0].events.map((e) => `${e.leg}:${e.status}`)).toContain('customer:in-progress');
    // Never a phone number.
    const text = JSON.stringify(staff);
    expect(text).not.toContain(w.call.customerNumber);
    expect(text).not.toContain(w.call.agentNumber);

    const mine = await verdictEvidence({ ctx: ctxAs(db, w.m1, FILE_AT), input: { visitId: w.visits.v1.id } });
    expect(mine.full).toBe(false);
    expect(mine.callbacks[0].agentName).toBeNull();
    expect(mine.callbacks[0].attempts[0].agentName).toBeNull();
    expect(mine.callbacks[0].calls[0]).toMatchObject({ answeredAt: cb.calls[0].answeredAt, durationSeconds: 95, recorded: true, recordingHref: null, events: [] });
    expect(mine.callbacks[0].result).toMatchObject({ score: 80, scriptVersion: 1 });
    expect(mine.callbacks[0].result!.answers).toEqual(cb.result!.answers);
    expect(JSON.stringify(mine)).not.toContain(w.agent.displayName);
  });

  it('marks a result from a manual call, with its note, on the evidence and in the verdict’s reasons', async () => {
    const w = await world();
    const manager = ctxAs(db, w.m2, FILE_AT);
    const e = await verdictEvidence({ ctx: manager, input: { visitId: w.visits.v7.id } });
    expect(e.callbacks[0].attempts).toEqual([expect.objectContaining({ attemptNo: 1, manual: true, notes: MANUAL_NOTE, callId: null, withoutCall: false })]);
    // A completed attempt with neither a call nor the manual mark is shown as a result without its evidence.
    const unbacked = await verdictEvidence({ ctx: manager, input: { visitId: w.visits.v5.id } });
    expect(unbacked.callbacks[0].attempts).toEqual([expect.objectContaining({ outcome: 'completed', manual: false, callId: null, withoutCall: true })]);
    expect(e.callbacks[0].calls).toEqual([]);
    expect(e.callbacks[0].result).toMatchObject({ score: 40, manual: true, knockedOut: expect.stringMatching(/^\d+$/) });
    expect(e.verdict.current).toMatchObject({ status: 'invalid' });
    expect(e.verdict.current!.reasons.map((r) => r.code)).toEqual(['knockOut', 'manualCall']);
    // The same mark in the month list the manager reads; a placed call is not marked.
    const month = await listManagerMonthVerdicts({ ctx: manager, input: { month: MONTH } });
    expect(month.rows.find((r) => r.visitId === w.visits.v7.id)!.verdict!.reasons.map((r) => r.code)).toEqual(['knockOut', 'manualCall']);
    const v1 = await getVisitVerdict({ ctx: ctxAs(db, w.staff, FILE_AT), input: { visitId: w.visits.v1.id } });
    expect(v1.current!.reasons.map((r) => r.code)).toEqual(['scoreAtLeast']);
    // And on the dispute page, for the verdict disputed and the one in force.
    const { disputeId } = await fileDispute({
      ctx: manager,
      input: { visitId: w.visits.v7.id, subject: 'verdict', reason: '客户当天确实见过我，人工拨打时可能没听清问题。', attachments: [] },
    });
    const dispute = await getDispute({ ctx: manager, input: { disputeId } });
    expect(dispute.disputedVerdict.reasons.map((r) => r.code)).toEqual(['knockOut', 'manualCall']);
    expect(dispute.currentVerdict!.reasons.map((r) => r.code)).toEqual(['knockOut', 'manualCall']);
  });

  it('shows a finding waived by an overturned dispute with who decided, when and why', async () => {
    const w = await world();
    const before = await verdictEvidence({ ctx: ctxAs(db, w.m1, FILE_AT), input: { visitId: w.visits.v2.id } });
    expect(before.findings.map((f) => [f.code, f.waived])).toEqual([
      ['contact_depth', null],
      ['late_report', null],
    ]);
    expect(before.disputes).toEqual([]);

    const { disputeId } = await fileDispute({
      ctx: ctxAs(db, w.m1, FILE_AT),
      input: { visitId: w.visits.v2.id, subject: 'finding', findingCode: 'late_report', reason: '拜访当天系统故障无法填报，次日补填。', attachments: [] },
    });
    await startReview({ ctx: ctxAs(db, w.reviewer, later(10)), input: { disputeId } });
    await decideDispute({ ctx: ctxAs(db, w.reviewer, later(20)), input: { disputeId, decision: 'overturned', comment: '系统故障属实，逾期不计。' } });

    for (const reader of [w.m1, w.staff]) {
      const e = await verdictEvidence({ ctx: ctxAs(db, reader, later(30)), input: { visitId: w.visits.v2.id } });
      // The other finding still counts; the waived one is shown with the decision, as the verdict filed against held it.
      expect(e.findings).toEqual([
        expect.objectContaining({ code: 'contact_depth', waived: null }),
        {
          code: 'late_report',
          severity: 'flag',
          params: { deadline: 24, hours: 30 },
          waived: { disputeId, decidedBy: '复核员甲', decidedAt: later(20), comment: '系统故障属实，逾期不计。' },
        },
      ]);
      expect(e.disputes).toEqual([
        expect.objectContaining({
          id: disputeId,
          subject: 'finding',
          findingCode: 'late_report',
          state: 'overturned',
          decision: { decision: 'overturned', decidedBy: '复核员甲', decidedAt: later(20), comment: '系统故障属实，逾期不计。' },
        }),
      ]);
    }
  });

  it('is read in scope: another manager or another unit’s supervisor finds nothing, an agent is refused', async () => {
    const w = await world();
    const visitId = w.visits.v1.id;
    await expect(verdictEvidence({ ctx: ctxAs(db, w.m2, FILE_AT), input: { visitId } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(verdictEvidence({ ctx: ctxAs(db, w.agent, FILE_AT), input: { visitId } })).rejects.toBeInstanceOf(ForbiddenError);
    const otherUnit = await makeUnit(db);
    const stranger = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
    await expect(verdictEvidence({ ctx: ctxAs(db, stranger, FILE_AT), input: { visitId } })).rejects.toBeInstanceOf(NotFoundError);
    const supervisor = await makeUser(db, 'supervisor', { unitId: w.unit.id });
    const theirs = await verdictEvidence({ ctx: ctxAs(db, supervisor, FILE_AT), input: { visitId } });
    expect(theirs.callbacks[0].calls[0].durationSeconds).toBe(95);
    await expect(verdictEvidence({ ctx: ctxAs(db, w.staff, FILE_AT), input: { visitId: '00000000-0000-4000-8000-000000000000' } })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('the month report’s 拜访结论明细 sheet', () => {
  it('lists every visit of the month with its verdict and evidence: calls, answered at, talk seconds, script version, score, manual mark, findings, dispute decision', async () => {
    const w = await world();
    const { disputeId } = await fileDispute({
      ctx: ctxAs(db, w.m1, FILE_AT),
      input: { visitId: w.visits.v2.id, subject: 'finding', findingCode: 'late_report', reason: '拜访当天系统故障无法填报，次日补填。', attachments: [] },
    });
    await startReview({ ctx: ctxAs(db, w.reviewer, later(10)), input: { disputeId } });
    await decideDispute({ ctx: ctxAs(db, w.reviewer, later(20)), input: { disputeId, decision: 'overturned', comment: '系统故障属实，逾期不计。' } });
    await closeMonth({ ctx: ctxAs(db, w.staff, later(60)), input: { month: MONTH } });

    const book = await workbookOf(await exportMonthReport({ ctx: ctxAs(db, w.staff, later(70)), input: { month: MONTH } }));
    const ws = book.getWorksheet(VISIT_SHEET)!;
    expect(ws).toBeDefined();
    const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const records: Record<string, unknown>[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const values = (row.values as unknown[]).slice(1);
      records.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? ''])));
    });
    // Every visit of November, once (v0 and v5p are other months).
    const [{ n }] = (await db.execute(sql`select count(*)::int as n from visit_reports where to_char(visited_at at time zone 'Asia/Shanghai', 'YYYY-MM') = ${MONTH}`)) as unknown as { n: number }[];
    expect(records).toHaveLength(n);

    const row = (managerName: string, customerName: string) => {
      const found = records.filter((r) => r['客户经理'] === managerName && r['客户名称'] === customerName);
      expect(found).toHaveLength(1);
      return found[0];
    };
    expect(row('甲经理', w.customers.cA.name)).toMatchObject({
      拜访时间: '2026-11-05 10:00',
      结论: '真实有效',
      结论说明: '回访得分 80 ≥ 60',
      是否抽样: '是',
      回访结果: expect.any(String),
      通话次数: 1,
      接通时间: '2026-11-07 09:55',
      '通话时长（秒）': 95,
      外呼脚本版本: expect.stringContaining('第 1 版'),
      回访得分: '80/100',
      人工拨打: '',
    });
    const v7 = records.find((r) => r['客户经理'] === '乙经理' && r['拜访时间'] === '2026-11-18 10:00')!;
    expect(v7).toMatchObject({
      结论: '无效拜访',
      结论说明: expect.stringMatching(/^客户否认拜访（第\d+题）；人工拨打，无通话记录$/),
      通话次数: 0,
      接通时间: '',
      回访得分: '40/100',
      人工拨打: '人工拨打，无通话记录',
    });
    // v2 (customer B, 6 November): the late-report finding waived by the overturned dispute, and the decision.
    const v2 = records.find((r) => r['客户经理'] === '甲经理' && r['拜访时间'] === '2026-11-06 10:00')!;
    expect(v2['数据核查']).toBe('联系人不足；逾期填报（已因申诉成立撤销）');
    expect(v2['申诉处理']).toMatch(/^对核查问题“逾期填报”的申诉：申诉成立（复核员甲，2026-12-04 10:20）系统故障属实，逾期不计。$/);
  });
});
