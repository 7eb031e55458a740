import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import {
  callbackAttempts,
  callbackResults,
  callbackScripts,
  callbackTasks,
  disputes,
  notifications,
  penaltyLedger,
  scriptVersions,
  spotCheckItems,
  spotChecks,
  visitPlanItems,
  visitPlans,
} from '@/db/schema';
import { makeCallbackDue } from '@/lib/callbacks/timer-verbs';
import { takeNextCallback } from '@/lib/desk/take';
import { submitCallback } from '@/lib/desk/submit';
import { listAuditEntries } from '@/lib/audit-trail/queries';
import { getDispute, listDisputes, readAttachment, readDispute } from '@/lib/disputes/queries';
import { decideDispute, orderRecallback, startReview, withdrawDispute } from '@/lib/disputes/review';
import { disputesOfSpotCheckItems, fileSpotCheckDispute, getSpotCheckDisputeEligibility } from '@/lib/disputes/spot-check';
import type { FileSpotCheckDisputeInput, UploadedFile } from '@/lib/disputes/schemas';
import type { SpotCheckDisputeDetail } from '@/lib/disputes/views';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { DEFAULT_SPOT_CHECK_SCRIPT_NAME } from '@/lib/scripts/default-scripts';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { evaluateSpotCheckItem } from '@/lib/spot-checks/evaluate';
import { LocalDiskStorage, setStorage } from '@/lib/platform/storage/storage';
import { processors } from '@/workers/processors';
import { flushQueuePrefix } from '../support/callbacks';
import { answeredCall } from '../support/calls';
import { ctxAs, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * Disputes of spot-check findings (电话抽查发现未拜访) through the dispute workflow, against the real
 * database, storage on disk and Redis. The world: manager 甲经理 planned two customers on Thursday
 * 26 November 2026; both were drawn for the spot check, and agent 坐席一 called both that
 * afternoon — each customer said the manager had not come (scored invalid), so the day was
 * evaluated 未拜访 (100 yuan) at 16:00.
 */
let db: Db;
let storageDir: string;

const local = (text: string) => parseLocalDateTime(text, 'Asia/Shanghai')!;
const DAY = '2026-11-26';
const FOUND_AT = local('2026-11-26 16:00');
/** Friday 27 November 10:00: inside calling hours, the day after the finding. */
const FILE_AT = local('2026-11-27 10:00');
const later = (minutes: number) => new Date(FILE_AT.getTime() + minutes * 60_000);
const REASON = '当天上午十点我在客户办公室当面拜访了何主任，有签到照片为证。';
/** The spot-check script's answers of a customer confirming the visit (scores 100). */
const CONFIRMED = { identity: 'yes', visited: 'yes', visit_type: 'on_site', topics: '谈了专线扩容', satisfaction: '5', remarks: '' };

const PNG = (): UploadedFile => ({ name: '签到照片.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...new TextEncoder().encode('IHDR'), ...new Array(200).fill(7)]) });

beforeAll(async () => {
  storageDir = path.join(await mkdtemp(path.join(tmpdir(), 'huifang-spot-disputes-')), 'store');
  setStorage(new LocalDiskStorage(storageDir));
});
beforeEach(async () => {
  db = (await testDb()).db;
  await rm(storageDir, { recursive: true, force: true });
  await mkdir(storageDir, { recursive: true });
  await flushQueuePrefix();
});
afterAll(async () => {
  setStorage(undefined);
  await rm(path.dirname(storageDir), { recursive: true, force: true });
  await flushQueuePrefix();
  await closeQueues();
});

async function makeWorld() {
  await ensureDefaultScript(db, { now: local('2026-10-01 09:00') });
  const [script] = await db
    .select({ id: scriptVersions.id })
    .from(scriptVersions)
    .innerJoin(callbackScripts, eq(callbackScripts.id, scriptVersions.scriptId))
    .where(and(eq(callbackScripts.name, DEFAULT_SPOT_CHECK_SCRIPT_NAME), eq(scriptVersions.status, 'published')));
  const unit = await makeUnit(db, { name: '城区营销中心' });
  const otherUnit = await makeUnit(db, { name: '东部营销中心' });
  const manager = await makeUser(db, 'manager', { unitId: unit.id, displayName: '甲经理' });
  const colleague = await makeUser(db, 'manager', { unitId: unit.id, displayName: '乙经理' });
  const elsewhere = await makeUser(db, 'manager', { unitId: otherUnit.id, displayName: '丙经理' });
  const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id, displayName: '城区主管' });
  const otherSupervisor = await makeUser(db, 'supervisor', { unitId: otherUnit.id, displayName: '东部主管' });
  const reviewer = await makeUser(db, 'staff', { displayName: '复核员甲' });
  const agent = await makeUser(db, 'agent', { displayName: '坐席一', phone: '+8613900000001' });
  const otherAgent = await makeUser(db, 'agent', { displayName: '坐席二', phone: '+8613900000002' });

  const [plan] = await db.insert(visitPlans).values({ managerId: manager.id, unitId: unit.id, month: '2026-11', status: 'approved' }).returning();
  const [check] = await db
    .insert(spotChecks)
    .values({ day: DAY, month: '2026-11', managerId: manager.id, unitId: unit.id, policyVersion: 0, draw: 0.1, selected: true, reasonCode: 'spotChecks.reason.all' })
    .returning();
  const checked = [];
  for (const [n, name] of ['鹏程医药有限公司', '华信物流有限公司'].entries()) {
    const customer = await makeCustomer(db, unit.id, { class: 'B', name });
    const contact = await makeContact(db, customer.id, { name: n === 0 ? '何主任' : '周经理' });
    const plannedAt = local(`${DAY} ${10 + n}:00`);
    const [planItem] = await db
      .insert(visitPlanItems)
      .values({ planId: plan.id, customerId: customer.id, contactId: contact.id, plannedAt, place: '客户办公室', purpose: '商谈专线扩容', contactName: contact.name, contactPhone: contact.phone })
      .returning();
    const [item] = await db
      .insert(spotCheckItems)
      .values({ spotCheckId: check.id, planItemId: planItem.id, customerId: customer.id, contactId: contact.id, plannedAt, draw: 0.1 * n, reasonCode: 'spotChecks.reason.drawn' })
      .returning();
    // The day's callback: the customer said the manager did not come (a knock-out, scored invalid).
    const closedAt = local(`${DAY} ${14 + n}:00`);
    const [task] = await db
      .insert(callbackTasks)
      .values({
        kind: 'spot_check',
        spotCheckItemId: item.id,
        customerId: customer.id,
        managerId: manager.id,
        unitId: unit.id,
        customerClass: 'B',
        visitedAt: plannedAt,
        nextAttemptAt: plannedAt,
        dueBy: local('2026-11-27 09:00'),
        attempts: 1,
        state: 'closed',
        outcome: 'completed',
        result: 'invalid',
        score: 10,
        closedAt,
      })
      .returning();
    const call = await answeredCall(db, task.id, { agentId: agent.id, attemptNo: 1, at: new Date(closedAt.getTime() - 5 * 60_000) });
    const [attempt] = await db
      .insert(callbackAttempts)
      .values({ taskId: task.id, attemptNo: 1, agentId: agent.id, outcome: 'completed', callId: call.id, startedAt: closedAt, endedAt: closedAt })
      .returning();
    await db.insert(callbackResults).values({
      taskId: task.id,
      attemptId: attempt.id,
      scriptVersionId: script.id,
      answers: { identity: 'yes', visited: 'no', remarks: '经理这周没来过' },
      score: 10,
      maxScore: 100,
      knockedOut: 'visited',
      result: 'invalid',
      agentId: agent.id,
      submittedAt: closedAt,
    });
    checked.push({ item, task, customer, contact });
  }
  // The day evaluated at 16:00: both customers not visited → 未拜访, 100 yuan.
  const evaluated = await evaluateSpotCheckItem(db, { spotCheckItemId: checked[0].item.id, now: FOUND_AT, event: 'test' });
  expect(evaluated).toMatchObject({ result: 'none', penaltyYuan: 100 });
  return { unit, otherUnit, manager, colleague, elsewhere, supervisor, otherSupervisor, reviewer, agent, otherAgent, check, checked, item: checked[0].item };
}
type World = Awaited<ReturnType<typeof makeWorld>>;

const input = (w: World, over: Partial<FileSpotCheckDisputeInput> = {}): FileSpotCheckDisputeInput => ({ spotCheckItemId: w.item.id, reason: REASON, attachments: [], ...over });
const ledgerOf = (spotCheckId: string) => db.select().from(penaltyLedger).where(eq(penaltyLedger.spotCheckId, spotCheckId)).orderBy(asc(penaltyLedger.id));
const sum = (rows: { amountYuan: number }[]) => rows.reduce((n, r) => n + r.amountYuan, 0);
const itemRow = async (id: string) => (await db.select().from(spotCheckItems).where(eq(spotCheckItems.id, id)))[0];
const evaluationJobs = async () =>
  (await queue('spot-checks').getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed'])).filter((j) => j.name === 'spotChecks.evaluate').map((j) => j.data as { spotCheckItemId: string; event: string });

async function refused<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

async function spotDetail(ctx: ReturnType<typeof ctxAs>, disputeId: string): Promise<SpotCheckDisputeDetail> {
  const d = await readDispute({ ctx, input: { disputeId } });
  if (d.subject !== 'spot_check') throw new Error('not a spot-check dispute');
  return d;
}

describe('filing a dispute of a spot-check finding', () => {
  it('the manager sees the finding with its calls and until when, files with a file; staff hear of it; the lists show 电话抽查', async () => {
    const w = await makeWorld();
    const manager = ctxAs(db, w.manager, FILE_AT);
    const eligibility = await getSpotCheckDisputeEligibility({ ctx: manager, input: { spotCheckItemId: w.item.id } });
    expect(eligibility).toMatchObject({
      canDispute: true,
      blockedBy: null,
      windowEndsAt: local('2026-12-01 16:00'),
      spotCheck: { customerName: '鹏程医药有限公司', plannedAt: local(`${DAY} 10:00`), day: DAY, finding: 'not_visited', findingAt: FOUND_AT, dayResult: 'none', contactName: '何主任' },
      maxAttachments: 5,
    });
    // The calls the finding rests on, as a manager reads them: answers and score, no agent, no recording.
    expect(eligibility.callbacks).toHaveLength(1);
    expect(eligibility.callbacks[0]).toMatchObject({ origin: 'sampled', state: 'closed', agentName: null, result: { score: 10, knockedOut: '2' } });
    expect(eligibility.callbacks[0].result!.answers.map((a) => a.answer)).toContain('没有');
    expect(eligibility.callbacks[0].calls.every((c) => c.recordingHref === null)).toBe(true);

    const { disputeId } = await fileSpotCheckDispute({ ctx: manager, input: input(w, { attachments: [PNG()] }) });
    const [filed] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(filed).toMatchObject({ subject: 'spot_check', spotCheckItemId: w.item.id, visitId: null, verdictId: null, managerId: w.manager.id, unitId: w.unit.id, month: '2026-11', state: 'open', reason: REASON });
    expect((await readdir(storageDir, { recursive: true })).filter((f) => f.includes(disputeId))).not.toHaveLength(0);

    const told = await db.select().from(notifications).where(eq(notifications.kind, 'dispute_filed'));
    expect(told.map((n) => [n.userId, n.params, n.link])).toEqual([[w.reviewer.id, { manager: '甲经理', customer: '鹏程医药有限公司', month: '2026-11', subject: 'spot_check' }, `/disputes/${disputeId}`]]);
    // The audit trail names what was disputed: the spot check of the customer on its planned day.
    const trail = (await listAuditEntries({ ctx: ctxAs(db, w.reviewer, FILE_AT), input: {} })).rows;
    expect(trail.find((r) => r.action === 'dispute.filed')!.subject).toMatchObject({ customer: '鹏程医药有限公司', visitedAt: DAY, campaign: 'spot_check' });

    const mine = await listDisputes({ ctx: manager, input: { state: 'all' } });
    expect(mine.rows).toEqual([
      expect.objectContaining({ id: disputeId, subject: 'spot_check', spotCheckItemId: w.item.id, visitId: null, customerName: '鹏程医药有限公司', visitedAt: local(`${DAY} 10:00`), state: 'open' }),
    ]);
    const forStaff = await listDisputes({ ctx: ctxAs(db, w.reviewer, FILE_AT), input: {} });
    expect(forStaff.rows.map((r) => r.id)).toEqual([disputeId]);
    expect((await disputesOfSpotCheckItems(manager, [w.item.id, w.checked[1].item.id])).get(w.item.id)).toEqual({ id: disputeId, state: 'open' });

    // Now one is open: a second is refused, and the filing page says which.
    await refused(fileSpotCheckDispute({ ctx: manager, input: input(w) }), ConflictError);
    expect(await getSpotCheckDisputeEligibility({ ctx: manager, input: { spotCheckItemId: w.item.id } })).toMatchObject({ canDispute: false, blockedBy: 'disputes.alreadyOpen', openDisputeId: disputeId });
    // The other customer of the day is a finding of its own: it may be disputed beside it.
    await fileSpotCheckDispute({ ctx: manager, input: input(w, { spotCheckItemId: w.checked[1].item.id }) });
  });

  it('only the manager’s own finding: another manager’s reads as absent, and writes nothing', async () => {
    const w = await makeWorld();
    for (const other of [w.colleague, w.elsewhere]) {
      await refused(fileSpotCheckDispute({ ctx: ctxAs(db, other, FILE_AT), input: input(w) }), NotFoundError);
      await refused(getSpotCheckDisputeEligibility({ ctx: ctxAs(db, other, FILE_AT), input: { spotCheckItemId: w.item.id } }), NotFoundError);
    }
    // Staff and supervisors do not file disputes.
    await expect(fileSpotCheckDispute({ ctx: ctxAs(db, w.supervisor, FILE_AT), input: input(w) })).rejects.toMatchObject({ status: 403 });
    expect(await db.select().from(disputes)).toEqual([]);
  });

  it('only a not_visited finding: visited, unreachable, unverified or still open cannot be disputed', async () => {
    const w = await makeWorld();
    const manager = ctxAs(db, w.manager, FILE_AT);
    for (const finding of ['visited', 'unreachable', 'unverified', null] as const) {
      await db.update(spotCheckItems).set({ finding }).where(eq(spotCheckItems.id, w.item.id));
      const error = await refused(fileSpotCheckDispute({ ctx: manager, input: input(w) }), ValidationError);
      expect(error.code).toBe('disputes.spotCheckNotAFinding');
      expect(error.issues).toEqual([expect.objectContaining({ field: 'spotCheckItemId', code: 'disputes.spotCheckNotAFinding' })]);
    }
    expect(await db.select().from(disputes)).toEqual([]);
  });

  it('within the window after the finding was made (5 days by the disputes policy), with a reason', async () => {
    const w = await makeWorld();
    const lastMinute = local('2026-12-01 15:59');
    await refused(fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, lastMinute), input: input(w, { reason: '太短' }) }), ValidationError);
    const over = await refused(fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, local('2026-12-01 16:00')), input: input(w) }), ValidationError);
    expect(over.code).toBe('disputes.windowOver');
    expect(over.params).toEqual({ until: '2026-12-01 16:00' });
    expect(await db.select().from(disputes)).toEqual([]);
    await fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, lastMinute), input: input(w) });
  });

  it('two filings at once: one stands, the other is told one is open and leaves no file behind', async () => {
    const w = await makeWorld();
    const manager = ctxAs(db, w.manager, FILE_AT);
    const outcomes = await Promise.allSettled([
      fileSpotCheckDispute({ ctx: manager, input: input(w, { attachments: [PNG()] }) }),
      fileSpotCheckDispute({ ctx: manager, input: input(w, { attachments: [PNG()] }) }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(ConflictError);
    expect((loser.reason as ConflictError).code).toBe('disputes.alreadyOpen');
    expect(await db.select().from(disputes)).toHaveLength(1);
    expect((await readdir(storageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())).toHaveLength(1);
  });
});

describe('reviewing a spot-check dispute', () => {
  it('a re-callback by another agent, overturned: the item counts as visited and the ledger reverses the penalty', async () => {
    const w = await makeWorld();
    const { disputeId } = await fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, FILE_AT), input: input(w) });
    const staff = ctxAs(db, w.reviewer, later(20));

    const detail = await spotDetail(staff, disputeId);
    expect(detail).toMatchObject({
      subject: 'spot_check',
      fullEvidence: true,
      spotCheck: { customerName: '鹏程医药有限公司', finding: 'not_visited', plannedAt: local(`${DAY} 10:00`) },
      can: { withdraw: false, startReview: true, orderRecallback: true, decide: true },
      reviewBlockedReason: null,
    });
    // Staff read the call in full: who made it, and where its recording would be.
    expect(detail.callbacks).toEqual([expect.objectContaining({ origin: 'sampled', agentName: '坐席一', result: expect.objectContaining({ score: 10 }) })]);
    // getDispute reads a visit's dispute; a spot check's is read by readDispute.
    await refused(getDispute({ ctx: staff, input: { disputeId } }), NotFoundError);

    await startReview({ ctx: staff, input: { disputeId } });
    const ordered = await orderRecallback({ ctx: ctxAs(db, w.reviewer, later(30)), input: { disputeId } });
    const [task] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, ordered.taskId));
    expect(task).toMatchObject({
      kind: 'spot_check',
      origin: 'recheck',
      disputeId,
      spotCheckItemId: w.item.id,
      visitId: null,
      boosted: true,
      excludedAgentId: w.agent.id,
      dueBy: null,
      state: 'waiting',
      customerId: w.checked[0].customer.id,
      managerId: w.manager.id,
      unitId: w.unit.id,
      visitedAt: local(`${DAY} 10:00`),
      nextAttemptAt: later(30),
    });
    expect(await makeCallbackDue({ db, now: later(31), input: { taskId: task.id, dueAt: task.nextAttemptAt.getTime() } })).toBe('ready');
    // The agent whose call is disputed is never handed it; another agent is.
    expect(await takeNextCallback({ ctx: ctxAs(db, w.agent, later(32)) })).toEqual({ status: 'none' });
    expect(await takeNextCallback({ ctx: ctxAs(db, w.otherAgent, later(33)) })).toMatchObject({ status: 'held', task: { id: task.id, kind: 'spot_check' } });
    await answeredCall(db, task.id, { at: later(35) });
    expect((await submitCallback({ ctx: ctxAs(db, w.otherAgent, later(40)), input: { taskId: task.id, outcome: 'completed', answers: CONFIRMED } })).state).toBe('closed');
    // The reviewer is told the evidence is in, as for a visit's re-callback.
    const toReviewer = await db.select().from(notifications).where(and(eq(notifications.userId, w.reviewer.id), eq(notifications.kind, 'recallback_done')));
    expect(toReviewer.map((n) => [n.params, n.link])).toEqual([[{ customer: '鹏程医药有限公司', month: '2026-11' }, `/disputes/${disputeId}`]]);
    // The re-callback is evidence on the dispute page, the manager's too (without agents).
    expect((await spotDetail(ctxAs(db, w.reviewer, later(41)), disputeId)).callbacks.map((c) => [c.origin, c.agentName, c.result?.score])).toEqual([
      ['sampled', '坐席一', 10],
      ['recheck', '坐席二', 100],
    ]);
    expect((await spotDetail(ctxAs(db, w.manager, later(41)), disputeId)).callbacks.map((c) => [c.origin, c.agentName, c.result?.score])).toEqual([
      ['sampled', null, 10],
      ['recheck', null, 100],
    ]);

    const decided = await decideDispute({ ctx: ctxAs(db, w.reviewer, later(60)), input: { disputeId, decision: 'overturned', comment: '复核回访客户确认当天上午经理上门拜访。' } });
    expect(decided).toEqual({ disputeId, state: 'overturned', evaluated: [] });
    // After the commit, the item's evaluation is asked for, naming the dispute.
    expect(await evaluationJobs()).toContainEqual({ spotCheckItemId: w.item.id, event: `dispute-${disputeId}-overturned` });
    const job = processors['spotChecks.evaluate'] as (p: { spotCheckItemId: string; event: string }) => Promise<unknown>;
    expect(await job({ spotCheckItemId: w.item.id, event: `dispute-${disputeId}-overturned` })).toMatchObject({ result: 'incomplete', penaltyYuan: 50 });

    expect(await itemRow(w.item.id)).toMatchObject({ finding: 'visited' });
    expect((await db.select().from(spotChecks).where(eq(spotChecks.id, w.check.id)))[0]).toMatchObject({ result: 'incomplete', findings: 1, penaltyYuan: 50 });
    const ledger = await ledgerOf(w.check.id);
    expect(sum(ledger)).toBe(50);
    expect(ledger.filter((l) => l.kind === 'reversal')).toEqual([expect.objectContaining({ amountYuan: -100, reverses: ledger[0].id, sourceType: 'dispute', sourceId: disputeId })]);

    // The manager is told, and reads the decision; the finding cannot be disputed again.
    const told = await db.select().from(notifications).where(and(eq(notifications.userId, w.manager.id), eq(notifications.kind, 'dispute_decided')));
    expect(told.map((n) => [n.params, n.link])).toEqual([[{ decision: 'overturned', customer: '鹏程医药有限公司', month: '2026-11', subject: 'spot_check' }, `/disputes/${disputeId}`]]);
    expect(await spotDetail(ctxAs(db, w.manager, later(90)), disputeId)).toMatchObject({
      state: 'overturned',
      decision: { decision: 'overturned', decidedBy: '复核员甲' },
      spotCheck: { finding: 'visited', dayResult: 'incomplete' },
    });
    expect(await getSpotCheckDisputeEligibility({ ctx: ctxAs(db, w.manager, later(90)), input: { spotCheckItemId: w.item.id } })).toMatchObject({
      canDispute: false,
      blockedBy: 'disputes.subjectDecided',
      decidedDisputeId: disputeId,
    });
  });

  it('upheld: the finding stands, an undone re-callback is cancelled, the evaluation changes nothing', async () => {
    const w = await makeWorld();
    const { disputeId } = await fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, FILE_AT), input: input(w) });
    const { taskId } = await orderRecallback({ ctx: ctxAs(db, w.reviewer, later(10)), input: { disputeId } });
    await decideDispute({ ctx: ctxAs(db, w.reviewer, later(20)), input: { disputeId, decision: 'upheld', comment: '客户再次确认当天经理未到访。' } });
    expect((await db.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)))[0]).toMatchObject({ state: 'cancelled', cancelReason: '申诉已裁定（维持原判），复核回访取消' });
    expect(await evaluationJobs()).toContainEqual({ spotCheckItemId: w.item.id, event: `dispute-${disputeId}-upheld` });
    const job = processors['spotChecks.evaluate'] as (p: { spotCheckItemId: string; event: string }) => Promise<unknown>;
    await job({ spotCheckItemId: w.item.id, event: `dispute-${disputeId}-upheld` });
    expect(await itemRow(w.item.id)).toMatchObject({ finding: 'not_visited' });
    expect((await ledgerOf(w.check.id)).map((l) => [l.kind, l.amountYuan])).toEqual([['penalty', 100]]);
    await refused(fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, later(30)), input: input(w) }), ConflictError);
  });

  it('the agent who made the disputed call may not review it, even as staff', async () => {
    const w = await makeWorld();
    const { disputeId } = await fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, FILE_AT), input: input(w) });
    const asStaff = ctxAs(db, { ...w.agent, role: 'staff' }, later(5));
    expect(await spotDetail(asStaff, disputeId)).toMatchObject({ reviewBlockedReason: 'disputes.reviewerMadeTheCall', can: { startReview: false, orderRecallback: false, decide: false } });
    for (const step of [
      () => startReview({ ctx: asStaff, input: { disputeId } }),
      () => orderRecallback({ ctx: asStaff, input: { disputeId } }),
      () => decideDispute({ ctx: asStaff, input: { disputeId, decision: 'overturned', comment: '我自己打的电话。' } }),
    ]) {
      const error = await refused(step(), ForbiddenError);
      expect(error.code).toBe('disputes.reviewerMadeTheCall');
    }
    expect((await db.select().from(disputes).where(eq(disputes.id, disputeId)))[0].state).toBe('open');
  });

  it('the manager withdraws: the re-callback is cancelled, nothing is evaluated, and they may file again in the window', async () => {
    const w = await makeWorld();
    const { disputeId } = await fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, FILE_AT), input: input(w) });
    const { taskId } = await orderRecallback({ ctx: ctxAs(db, w.reviewer, later(10)), input: { disputeId } });
    await withdrawDispute({ ctx: ctxAs(db, w.manager, later(20)), input: { disputeId } });
    expect((await db.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)))[0].state).toBe('cancelled');
    expect(await evaluationJobs()).toEqual([]);
    await fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, later(30)), input: input(w) });
  });
});

describe('who sees a spot-check dispute', () => {
  it('the manager their own, the supervisor their unit’s, staff all; another manager or another unit’s supervisor nothing', async () => {
    const w = await makeWorld();
    const { disputeId } = await fileSpotCheckDispute({ ctx: ctxAs(db, w.manager, FILE_AT), input: input(w, { attachments: [PNG()] }) });
    const [attachment] = (await spotDetail(ctxAs(db, w.manager, later(1)), disputeId)).attachments;
    expect(attachment).toMatchObject({ fileName: '签到照片.png', contentType: 'image/png' });

    for (const outsider of [w.colleague, w.elsewhere, w.otherSupervisor]) {
      const ctx = ctxAs(db, outsider, later(1));
      await refused(readDispute({ ctx, input: { disputeId } }), NotFoundError);
      await refused(readAttachment({ ctx, input: { attachmentId: attachment.id } }), NotFoundError);
      expect((await listDisputes({ ctx, input: { state: 'all' } })).total).toBe(0);
      expect((await disputesOfSpotCheckItems(ctx, [w.item.id])).size).toBe(0);
    }

    const sup = ctxAs(db, w.supervisor, later(1));
    expect((await listDisputes({ ctx: sup, input: {} })).rows.map((r) => [r.id, r.customerName, r.managerName, r.unitName])).toEqual([[disputeId, '鹏程医药有限公司', '甲经理', '城区营销中心']]);
    const seen = await spotDetail(sup, disputeId);
    // The supervisor reads the calls as the manager does, and may not act.
    expect(seen).toMatchObject({ fullEvidence: false, timeline: undefined, can: { withdraw: false, startReview: false, orderRecallback: false, decide: false } });
    expect(seen.callbacks.map((c) => c.agentName)).toEqual([null]);
    expect(await readAttachment({ ctx: sup, input: { attachmentId: attachment.id } })).toMatchObject({ fileName: '签到照片.png' });

    const staffView = await spotDetail(ctxAs(db, w.reviewer, later(1)), disputeId);
    expect(staffView.timeline!.map((e) => e.action)).toEqual(['dispute.filed']);
  });
});
