import { sql } from 'drizzle-orm';
import type { Job } from 'bullmq';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sharedDb, type Db } from '@/db/client';
import { callbackAttempts, callbackTasks, disputes, pointsLedger, users, visitVerdicts } from '@/db/schema';
import { closeMonth, evaluateMonth } from '@/lib/assessment/close';
import { contactEvidence } from '@/lib/calling/evidence';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { seedDemo } from '@/lib/demo/seed';
import { fileDispute } from '@/lib/disputes/file';
import { decideDispute } from '@/lib/disputes/review';
import { auditIntegrity, lastIntegrityRun, type IntegrityResult } from '@/lib/integrity/audit';
import { requestIntegrityAudit } from '@/lib/integrity/schedule';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { sampleMonth } from '@/lib/sampling/sample';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { processors } from '@/workers/processors';
import { runAuditIntegrity } from '@/scripts/cli/audit-integrity';
import { CLOSE_AT, makeAssessmentWorld, MONTH } from '../support/assessment';
import { providerCall, type ProviderCallResult } from '../support/calls';
import { ctxAs, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * 数据完整性核查: a month built clean (every completed callback on an answered call, evaluated and
 * closed as the product does) audits clean; then each link is broken on purpose, straight in the
 * database as a bug or a hand edit would, and the audit names it with its rule and entity.
 */
const TZ = 'Asia/Shanghai';
const AUDIT_AT = new Date(CLOSE_AT.getTime() + 3600_000);

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  await Promise.all(['assessment', 'sampling', 'callback-timers', 'maintenance'].map((q) => queue(q as 'sampling').obliterate({ force: true })));
});
afterAll(async () => {
  await closeQueues();
  await sharedDb(process.env.DATABASE_URL!).close();
});

type World = Awaited<ReturnType<typeof makeAssessmentWorld>>;

/** The small November world (each completed attempt on an answered call), its months evaluated and November closed. */
async function cleanWorld(): Promise<World> {
  const w = await makeAssessmentWorld(db);
  for (const month of ['2026-09', '2026-10']) await evaluateMonth(db, month, { now: CLOSE_AT, timeZone: TZ });
  await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH }, options: { timeZone: TZ } });
  return w;
}

const audit = (w: World, month: string | null = MONTH) => auditIntegrity({ ctx: ctxAs(db, w.staff, AUDIT_AT), input: { month: month ?? undefined, trigger: 'test' } });

function nonZero(r: IntegrityResult) {
  return Object.fromEntries(Object.entries(r.counts).filter(([, n]) => n > 0));
}

/** A callback task for v3 (not sampled, so its verdict does not change) held by the given user. */
async function holdTask(w: World, holderId: string) {
  const [task] = await db
    .insert(callbackTasks)
    .values({
      visitId: w.visits.v3.id,
      customerId: w.customers.cC.id,
      managerId: w.m1.id,
      unitId: w.unit.id,
      customerClass: 'C',
      visitedAt: w.visits.v3.visitedAt,
      state: 'held',
      holderId,
      heldAt: AUDIT_AT,
      leaseExpiresAt: new Date(AUDIT_AT.getTime() + 600_000),
      nextAttemptAt: AUDIT_AT,
    })
    .returning();
  return task;
}

/** Removes a task's calls as if the provider had never recorded them. */
async function dropCalls(taskId: string) {
  await db.execute(sql`delete from call_events where call_id in (select id from calls where task_id = ${taskId}::uuid)`);
  await db.execute(sql`delete from calls where task_id = ${taskId}::uuid`);
}

async function taskOf(visitId: string) {
  const [t] = await db.select().from(callbackTasks).where(sql`${callbackTasks.visitId} = ${visitId}`);
  return t;
}

describe('audit-integrity', () => {
  it('finds nothing in a month built clean, over every month and over one, and stores each run', async () => {
    const w = await cleanWorld();
    const all = await audit(w, null);
    expect(all.problems).toEqual([]);
    expect(all).toMatchObject({ clean: true, problemCount: 0, month: null });
    expect(all.info).toMatchObject({ monthsRecomputed: 3, pendingEvaluation: 0, changedSinceClose: 0, manualAttempts: 0 });
    const one = await audit(w);
    expect(one).toMatchObject({ clean: true, month: MONTH, info: { monthsRecomputed: 1 } });
    const runs = (await db.execute(sql`select month, trigger, problem_count from integrity_runs order by month nulls first`)) as unknown as { month: string | null; trigger: string; problem_count: number }[];
    expect(runs).toEqual([
      { month: null, trigger: 'test', problem_count: 0 },
      { month: MONTH, trigger: 'test', problem_count: 0 },
    ]);
  });

  it('reports a reached outcome without a call and one answered by a machine, but not a manual call', async () => {
    const w = await cleanWorld();
    const t1 = await taskOf(w.visits.v1.id);
    const t5 = await taskOf(w.visits.v5.id);
    const t4 = await taskOf(w.visits.v4.id);
    // v1: its call is gone. v5: its call was answered by a machine.
    await dropCalls(t1.id);
    await db.update(callbackAttempts).set({ callId: null }).where(sql`${callbackAttempts.taskId} = ${t1.id}`);
    const [call5] = (await db.execute(sql`select id from calls where task_id = ${t5.id}::uuid`)) as unknown as { id: string }[];
    await db.execute(sql`insert into call_events (call_id, leg, status, payload) values (${call5.id}::uuid, 'customer', 'answered-by:machine_start', '{}'::jsonb)`);
    // v4: a second attempt "refused" recorded with no call at all; and a manual (人工拨打) one that is allowed.
    const [refused] = await db.insert(callbackAttempts).values({ taskId: t4.id, attemptNo: 2, agentId: w.agent.id, outcome: 'refused', startedAt: CLOSE_AT, endedAt: CLOSE_AT }).returning();
    await db.insert(callbackAttempts).values({ taskId: t4.id, attemptNo: 3, agentId: w.agent.id, outcome: 'completed', manual: true, notes: '系统故障，座机拨打', startedAt: CLOSE_AT, endedAt: CLOSE_AT });

    const r = await audit(w);
    expect(nonZero(r)).toEqual({ callbackWithoutCall: 3 });
    const [a1] = await db.select({ id: callbackAttempts.id }).from(callbackAttempts).where(sql`${callbackAttempts.taskId} = ${t1.id}`);
    const [a5] = await db.select({ id: callbackAttempts.id }).from(callbackAttempts).where(sql`${callbackAttempts.taskId} = ${t5.id}`);
    const found = r.problems.map((p) => ({ rule: p.rule, entityType: p.entityType, entityId: p.entityId, month: p.month, why: p.details.why, visitId: p.details.visitId }));
    expect(found).toEqual(
      expect.arrayContaining([
        { rule: 'callbackWithoutCall', entityType: 'attempt', entityId: a1.id, month: MONTH, why: 'noCall', visitId: w.visits.v1.id },
        { rule: 'callbackWithoutCall', entityType: 'attempt', entityId: a5.id, month: MONTH, why: 'machine', visitId: w.visits.v5.id },
        { rule: 'callbackWithoutCall', entityType: 'attempt', entityId: refused.id, month: MONTH, why: 'noCall', visitId: w.visits.v4.id },
      ]),
    );
    expect(r.info.manualAttempts).toBe(1);
  });

  it('judges each call the provider may record as the evidence rule does (contactEvidence: a person answered)', async () => {
    const w = await cleanWorld();
    const t1 = await taskOf(w.visits.v1.id);
    const [a1] = await db.select({ id: callbackAttempts.id }).from(callbackAttempts).where(sql`${callbackAttempts.taskId} = ${t1.id}`);
    const results: ProviderCallResult[] = ['answered', 'talking', 'machine', 'no_answer', 'busy', 'failed', 'ringing', 'agent_unanswered'];
    const judged: Record<string, { audit: boolean; rule: boolean }> = {};
    for (const result of results) {
      await dropCalls(t1.id);
      const call = await providerCall(db, { taskId: t1.id, result, agentId: w.agent.id, attemptNo: 1, at: CLOSE_AT });
      const [amd] = (await db.execute(sql`select substr(status, 13) as by from call_events where call_id = ${call.id}::uuid and status like 'answered-by:%'`)) as unknown as { by: string }[];
      const r = await audit(w);
      judged[result] = {
        audit: !r.problems.some((p) => p.entityId === a1.id),
        rule: contactEvidence({ ...call, answeredBy: amd?.by ?? null }) === 'person',
      };
    }
    expect(Object.values(judged).every((j) => j.audit === j.rule)).toBe(true);
    expect(Object.entries(judged).filter(([, j]) => j.audit).map(([k]) => k)).toEqual(['answered', 'talking']);
  });

  it('accepts a call found by its id on the attempt (call_id) as well as by task and attempt number', async () => {
    const w = await cleanWorld();
    const t1 = await taskOf(w.visits.v1.id);
    // Found by task and attempt number alone…
    await db.update(callbackAttempts).set({ callId: null }).where(sql`${callbackAttempts.taskId} = ${t1.id}`);
    expect((await audit(w)).clean).toBe(true);
    // …missing when the call does not name its attempt…
    const [call] = (await db.execute(sql`update calls set attempt_no = null where task_id = ${t1.id}::uuid returning id`)) as unknown as { id: string }[];
    expect(nonZero(await audit(w))).toEqual({ callbackWithoutCall: 1 });
    // …and found again by the attempt's call_id.
    await db.update(callbackAttempts).set({ callId: call.id }).where(sql`${callbackAttempts.taskId} = ${t1.id}`);
    expect((await audit(w)).clean).toBe(true);
  });

  it('counts only the calls the recording agent placed for the attempt', async () => {
    const w = await cleanWorld();
    const t1 = await taskOf(w.visits.v1.id);
    const other = await makeUser(db, 'agent');
    await db.execute(sql`update calls set agent_id = ${other.id}::uuid where task_id = ${t1.id}::uuid`);
    const r = await audit(w);
    expect(nonZero(r)).toEqual({ callbackWithoutCall: 1 });
    expect(r.problems[0]).toMatchObject({ entityType: 'attempt', details: { visitId: w.visits.v1.id, why: 'noCall' } });
  });

  it('reports a task holding a result with no attempt that reached the contact', async () => {
    const w = await cleanWorld();
    const t2 = await taskOf(w.visits.v2.id); // unreachable: no attempt reached anyone
    await db.update(callbackTasks).set({ score: 75, result: 'valid' }).where(sql`${callbackTasks.id} = ${t2.id}`);
    const r = await audit(w);
    expect(r.counts.callbackWithoutCall).toBe(1);
    expect(r.problems.find((p) => p.rule === 'callbackWithoutCall')).toMatchObject({ entityType: 'task', entityId: t2.id, details: { why: 'noAttempt' } });
  });

  it('reports a ledger off by some points, per manager and customer', async () => {
    const w = await cleanWorld();
    const cA = w.customers.cA;
    await db.insert(pointsLedger).values({ managerId: w.m1.id, customerId: cA.id, month: MONTH, key: `accrual:${cA.id}`, kind: 'reversal', points: -3, cause: 'hand edit', sourceType: 'recompute' });
    const r = await audit(w);
    expect(nonZero(r)).toEqual({ ledgerMismatch: 1 });
    const p = r.problems[0];
    expect(p).toMatchObject({ rule: 'ledgerMismatch', entityType: 'ledger', entityId: `${w.m1.id}:${cA.id}`, month: MONTH, details: { managerId: w.m1.id, customerId: cA.id } });
    expect(Number(p.details.expected) - Number(p.details.ledger)).toBe(3);
  });

  it('reports a closed month whose stored figure was altered, and only counts it once the month is marked changed', async () => {
    const w = await cleanWorld();
    await db.execute(sql`
      update month_assessments set figures = jsonb_set(figures, '{points}', '99'::jsonb)
       where manager_id = ${w.m2.id}::uuid and close_id = (select id from month_closes where month = ${MONTH} order by version desc limit 1)`);
    const r = await audit(w);
    expect(nonZero(r)).toEqual({ closedMonthDrift: 1 });
    expect(r.problems[0]).toMatchObject({ rule: 'closedMonthDrift', entityType: 'assessment', entityId: `${MONTH}:${w.m2.id}`, month: MONTH, details: { version: 1 } });
    expect(String(r.problems[0].details.changes)).toMatch(/^points\|99\|\d+$/);

    // The product marked the month "changed since close" (a dispute overturned, a late result): not a problem.
    await db.execute(sql`update month_status set changed_since_close = true where month = ${MONTH}`);
    const marked = await audit(w);
    expect(marked.clean).toBe(true);
    expect(marked.info.changedSinceClose).toBe(1);
  });

  it('reports an open task held by a user who was deactivated', async () => {
    const w = await cleanWorld();
    const holder = await makeUser(db, 'agent');
    const task = await holdTask(w, holder.id);
    expect((await audit(w)).clean).toBe(true);
    await db.update(users).set({ active: false }).where(sql`${users.id} = ${holder.id}`);
    const r = await audit(w);
    expect(nonZero(r)).toEqual({ inactiveHolder: 1 });
    expect(r.problems[0]).toMatchObject({ rule: 'inactiveHolder', entityType: 'task', entityId: task.id, month: MONTH, details: { holderId: holder.id, visitId: w.visits.v3.id } });
  });

  it('reports a finding waived, or a verdict overturned, without the dispute decision', async () => {
    const w = await cleanWorld();
    const [v2Verdict] = await db.select().from(visitVerdicts).where(sql`${visitVerdicts.visitId} = ${w.visits.v2.id}`).orderBy(sql`version desc`).limit(1);
    // An overturned dispute waiving v2's late-report finding, written without the decision (no audit entry).
    const [waiver] = await db
      .insert(disputes)
      .values({
        visitId: w.visits.v2.id,
        managerId: w.m1.id,
        unitId: w.unit.id,
        month: MONTH,
        subject: 'finding',
        findingCode: 'late_report',
        verdictId: v2Verdict.id,
        reason: '当天系统故障，无法按时填报。',
        state: 'overturned',
        respondBy: AUDIT_AT,
        decidedBy: w.staff.id,
        decidedAt: AUDIT_AT,
        decisionComment: '同意',
      })
      .returning();
    // A verdict version saying "overturned by a dispute" on a visit no dispute was filed for.
    const [v9Verdict] = await db.select().from(visitVerdicts).where(sql`${visitVerdicts.visitId} = ${w.visits.v9.id}`).orderBy(sql`version desc`).limit(1);
    const [forged] = await db
      .insert(visitVerdicts)
      .values({ visitId: w.visits.v9.id, managerId: w.m2.id, month: MONTH, version: v9Verdict.version + 1, status: 'valid', final: true, reasons: [{ code: 'disputeOverturned', params: {} }], cause: 'dispute' })
      .returning();
    const r = await audit(w);
    const waived = r.problems.filter((p) => p.rule === 'waivedWithoutDecision');
    expect(r.counts.waivedWithoutDecision).toBe(2);
    expect(waived).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entityType: 'dispute', entityId: waiver.id, month: MONTH, details: expect.objectContaining({ why: 'notAudited', findingCode: 'late_report' }) }),
        expect.objectContaining({ entityType: 'verdict', entityId: String(forged.id), month: MONTH, details: expect.objectContaining({ why: 'noDispute', visitId: w.visits.v9.id }) }),
      ]),
    );
  });

  it('an overturn decided through the product is no problem: the month is marked changed and counted apart', async () => {
    const w = await cleanWorld();
    const fileAt = new Date(CLOSE_AT.getTime() + 86_400_000);
    const { disputeId } = await fileDispute({
      ctx: ctxAs(db, w.m1, fileAt),
      input: { visitId: w.visits.v2b.id, subject: 'verdict', reason: '我确实在11月20日给客户打过电话，客户当时没听清问题。', attachments: [] },
    });
    await decideDispute({ ctx: ctxAs(db, w.staff, new Date(fileAt.getTime() + 3600_000)), input: { disputeId, decision: 'overturned', comment: '重新核实，拜访属实。' } });
    const r = await auditIntegrity({ ctx: ctxAs(db, w.staff, new Date(fileAt.getTime() + 7200_000)), input: { month: MONTH, trigger: 'test' } });
    expect(r.problems).toEqual([]);
    expect(r.info).toMatchObject({ changedSinceClose: 1, pendingEvaluation: 0 });
  });

  it('reports a callback-scored verdict whose callback holds no result', async () => {
    const w = await cleanWorld();
    const t1 = await taskOf(w.visits.v1.id);
    await db.execute(sql`delete from callback_results where task_id = ${t1.id}::uuid`);
    await db.update(callbackTasks).set({ score: null, result: null }).where(sql`${callbackTasks.id} = ${t1.id}`);
    const r = await audit(w);
    expect(r.counts.verdictWithoutEvidence).toBe(1);
    expect(r.problems.find((p) => p.rule === 'verdictWithoutEvidence')).toMatchObject({ entityType: 'verdict', month: MONTH, details: { visitId: w.visits.v1.id, status: 'valid' } });
  });

  it('the CLI exits 0 when clean and 1 with the list, in Chinese by default or as JSON', async () => {
    const w = await cleanWorld();
    const ctx = ctxAs(db, w.staff, AUDIT_AT);
    const out: string[] = [];
    expect(await runAuditIntegrity(ctx, { month: MONTH }, (l) => out.push(l))).toBe(0);
    expect(out[0]).toBe(`数据完整性核查（${MONTH}）：未发现问题。`);

    await dropCalls((await taskOf(w.visits.v1.id)).id);
    const lines: string[] = [];
    expect(await runAuditIntegrity(ctx, { month: MONTH }, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toBe(`数据完整性核查（${MONTH}）：发现 1 个问题。`);
    expect(lines).toContain('回访结果无通话：1 个  [callbackWithoutCall]');
    expect(lines.some((l) => l.includes(`${w.customers.cA.name}：回访第 1 次尝试记为“完成回访”，但记录结果的坐席在该次尝试中没有任何通话记录。`))).toBe(true);

    const json: string[] = [];
    expect(await runAuditIntegrity(ctx, { month: MONTH, json: true }, (l) => json.push(l))).toBe(1);
    expect(json).toHaveLength(1);
    expect(JSON.parse(json[0])).toMatchObject({ month: MONTH, clean: false, counts: { callbackWithoutCall: 1, ledgerMismatch: 0 }, problems: [{ rule: 'callbackWithoutCall', entityType: 'attempt', month: MONTH, line: expect.stringContaining('但记录结果的坐席在该次尝试中没有任何通话记录') }] });
  });

  it('the nightly worker job stores a run that staff (only) read back for the queue page', async () => {
    const w = await cleanWorld();
    await holdTask(w, w.agent.id);
    await db.update(users).set({ active: false }).where(sql`${users.id} = ${w.agent.id}`);
    const result = (await processors['integrity.audit']({ runKey: '2026-12-04' }, {} as Job)) as { clean: boolean; problemCount: number };
    expect(result).toMatchObject({ clean: false, problemCount: 1 });
    const last = await lastIntegrityRun({ ctx: ctxAs(db, w.staff, AUDIT_AT) });
    expect(last).toMatchObject({ trigger: 'worker', month: null, problemCount: 1, truncated: false, counts: { inactiveHolder: 1, callbackWithoutCall: 0 } });
    expect(last!.problems[0]).toMatchObject({ rule: 'inactiveHolder', entityType: 'task' });
    await expect(lastIntegrityRun({ ctx: ctxAs(db, w.m1, AUDIT_AT) })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(auditIntegrity({ ctx: ctxAs(db, w.agent, AUDIT_AT), input: {} })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('staff ask for an audit now from the queue page: the worker runs it in their name', async () => {
    const w = await cleanWorld();
    const { runKey } = await requestIntegrityAudit({ ctx: ctxAs(db, w.staff, AUDIT_AT) });
    const job = await queue('maintenance').getJob(`integrity.audit.${runKey}`);
    expect(job?.data).toEqual({ runKey, requestedBy: w.staff.id });
    // A second click in the same minute finds the same job.
    expect((await requestIntegrityAudit({ ctx: ctxAs(db, w.staff, AUDIT_AT) })).runKey).toBe(runKey);
    await processors['integrity.audit'](job!.data, {} as Job);
    expect(await lastIntegrityRun({ ctx: ctxAs(db, w.staff, AUDIT_AT) })).toMatchObject({ trigger: 'staff', problemCount: 0 });
    await expect(requestIntegrityAudit({ ctx: ctxAs(db, w.m1, AUDIT_AT) })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('the demo', () => {
  it('audits clean once its months are evaluated and last month is closed', { timeout: 900_000 }, async () => {
    const seededAt = parseLocalDateTime('2026-11-20 10:00', TZ)!;
    await seedDemo(db, { log: () => {}, now: seededAt });
    await sampleMonth(db, '2026-10', { now: parseLocalDateTime('2026-11-01 00:30', TZ)!, timeZone: TZ });
    const at = parseLocalDateTime('2026-11-21 00:45', TZ)!;
    for (const month of ['2026-10', '2026-11']) await evaluateMonth(db, month, { now: at, timeZone: TZ });
    const [staff] = await db.select().from(users).where(sql`${users.username} = 'staff1'`);
    await closeMonth({ ctx: ctxAs(db, staff, at), input: { month: '2026-10' }, options: { timeZone: TZ } });
    const r = await auditIntegrity({ ctx: ctxAs(db, staff, at), input: { trigger: 'test' } });
    expect(r.problems).toEqual([]);
    expect(r.clean).toBe(true);
    expect(r.info.pendingEvaluation).toBe(0);
  });
});
