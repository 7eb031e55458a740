import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackTasks, disputeAttachments, disputes, monthCloses, monthStatus, notifications, pointsLedger, users, visitFindings, visitPlans, visitVerdicts } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { takeNextCallback } from '@/lib/desk/take';
import { cancelCallback } from '@/lib/callbacks/staff';
import { makeCallbackDue } from '@/lib/callbacks/timer-verbs';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { submitCallback } from '@/lib/desk/submit';
import { disputeUploadLimit, fileDispute } from '@/lib/disputes/file';
import { getDisputeEligibility, getDispute, listDisputes, readAttachment } from '@/lib/disputes/queries';
import { decideDispute, orderRecallback, RECALLBACK_CANCEL_REASONS, startReview, withdrawDispute } from '@/lib/disputes/review';
import type { FileDisputeInput, UploadedFile } from '@/lib/disputes/schemas';
import { closeQueues } from '@/lib/platform/jobs/queues';
import { savePolicyVersion } from '@/lib/policy/policies';
import { LocalDiskStorage, setStorage, type Storage } from '@/lib/platform/storage/storage';
import { getPlan, listPlans } from '@/lib/plans/queries';
import { updateUser } from '@/lib/users/users';
import { verdictEvidence } from '@/lib/verdicts/evidence';
import { getVisit, listVisits } from '@/lib/visits/visits';
import { CLOSE_AT, local, makeAssessmentWorld, MONTH } from '../support/assessment';
import { flushQueuePrefix } from '../support/callbacks';
import { answeredCall } from '../support/calls';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * Disputes (申诉) against the real database, storage on disk and Redis. The world is the hand-
 * counted November of tests/support/assessment.ts, closed on 3 December: manager 1's visit v2b
 * (customer cB, class B, 8 points) is invalid — its sampled callback, made by `agent`, scored 45.
 * Manager 1's month: base points 10 + 8 + 5 + 3 = 26, 18 after v2b's deduction.
 */
let db: Db;
let storageDir: string;

/** Friday 4 December 2026, 10:00 in Shanghai: the day after the close, inside calling hours. */
const FILE_AT = local('2026-12-04 10:00');
const later = (minutes: number) => new Date(FILE_AT.getTime() + minutes * 60_000);
const BEST = { identity: 'yes', visited: 'yes', visit_type: 'phone', purpose: 'match', satisfaction: '5', remarks: '确实来过电话' };

const file = (name: string, ...parts: (number[] | string)[]): UploadedFile => {
  const out: number[] = [];
  for (const p of parts) out.push(...(typeof p === 'string' ? [...new TextEncoder().encode(p)] : p));
  return { name, bytes: new Uint8Array([...out, ...new Array(200).fill(7)]) };
};
const PNG = () => file('通话记录截图.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR');
const PDF = () => file('说明.pdf', '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');

beforeAll(async () => {
  storageDir = path.join(await mkdtemp(path.join(tmpdir(), 'huifang-disputes-')), 'store');
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

async function storedFiles(): Promise<string[]> {
  const found = await readdir(storageDir, { recursive: true, withFileTypes: true });
  return found.filter((e) => e.isFile()).map((e) => e.name);
}

async function closedWorld() {
  const w = await makeAssessmentWorld(db);
  await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
  const reviewer = await makeUser(db, 'staff', { displayName: '复核员甲' });
  const reviewer2 = await makeUser(db, 'staff', { displayName: '复核员乙' });
  const otherAgent = await makeUser(db, 'agent', { phone: '+8613900001111' });
  return { ...w, reviewer, reviewer2, otherAgent };
}
type World = Awaited<ReturnType<typeof closedWorld>>;

const input = (w: World, over: Partial<FileDisputeInput> = {}): FileDisputeInput => ({
  visitId: w.visits.v2b.id,
  subject: 'verdict',
  reason: '我确实在11月20日给客户打过电话，客户当时没听清问题。',
  attachments: [],
  ...over,
});

async function ledgerSum(managerId: string) {
  const [{ sum }] = (await db.execute(sql`select coalesce(sum(points), 0)::int as sum from points_ledger where manager_id = ${managerId}::uuid and month = ${MONTH}`)) as unknown as { sum: number }[];
  return sum;
}
const reversals = (managerId: string) =>
  db.select().from(pointsLedger).where(and(eq(pointsLedger.managerId, managerId), eq(pointsLedger.month, MONTH), eq(pointsLedger.kind, 'reversal')));
const versionsOf = (visitId: string) => db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, visitId)).orderBy(asc(visitVerdicts.version));
const countDisputes = async () => (await db.select({ n: count() }).from(disputes))[0].n;

async function refused<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe('the full path: invalid verdict → dispute → re-callback → overturned', () => {
  it('restores the points, keeps the old verdict, and the re-closed month lists the change', async () => {
    const w = await closedWorld();
    const v2b = w.visits.v2b;
    expect(await ledgerSum(w.m1.id)).toBe(18);
    const manager = ctxAs(db, w.m1, FILE_AT);

    // The manager sees what they may dispute, then disputes with an attachment.
    const eligibility = await getDisputeEligibility({ ctx: manager, input: { visitId: v2b.id } });
    expect(eligibility).toMatchObject({ canDispute: true, blockedBy: null, maxAttachments: 5, maxAttachmentBytes: 5 * 1024 * 1024 });
    expect(eligibility.subjects).toContainEqual({ subject: 'verdict', findingCode: null });
    expect(eligibility.windowEndsAt).toEqual(local('2026-12-08 10:00'));
    const png = PNG();
    const { disputeId } = await fileDispute({ ctx: manager, input: input(w, { attachments: [png] }) });

    const [filed] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(filed).toMatchObject({ state: 'open', managerId: w.m1.id, unitId: w.unit.id, month: MONTH, subject: 'verdict', findingCode: null });
    // Every staff member hears of it (the department answers within the deadline); nobody else.
    const filedNotices = await db.select().from(notifications).where(eq(notifications.kind, 'dispute_filed'));
    expect(filedNotices.map((n) => n.userId).sort()).toEqual([w.staff.id, w.reviewer.id, w.reviewer2.id].sort());
    expect(filedNotices[0]).toMatchObject({ params: { manager: w.m1.displayName, month: MONTH }, link: `/disputes/${disputeId}` });
    // Filed on Friday: Monday, Tuesday, Wednesday → by the end of Wednesday 9 December.
    expect(filed.respondBy).toEqual(local('2026-12-10 00:00'));
    expect(await storedFiles()).toHaveLength(1);
    const detailForManager = await getDispute({ ctx: manager, input: { disputeId } });
    expect(detailForManager.attachments).toEqual([
      { id: expect.any(String), fileName: '通话记录截图.png', contentType: 'image/png', sizeBytes: png.bytes.byteLength, href: `/api/disputes/attachments/${detailForManager.attachments[0].id}` },
    ]);
    expect(detailForManager.callbacks).toBeUndefined();
    // The manager claims the customer: the contact numbers are in full for them (lib/contacts/phone-visibility).
    expect(detailForManager.visit.contacts.length).toBeGreaterThan(0);
    expect(detailForManager.visit.contacts.every((c) => /^1\d{10}$/.test(c.phone))).toBe(true);
    expect(detailForManager.timeline).toBeUndefined();
    expect(detailForManager.can).toEqual({ withdraw: true, startReview: false, orderRecallback: false, decide: false });
    const back = await readAttachment({ ctx: manager, input: { attachmentId: detailForManager.attachments[0].id } });
    expect(back).toMatchObject({ fileName: '通话记录截图.png', contentType: 'image/png' });
    expect(Buffer.from(back.bytes).equals(Buffer.from(png.bytes))).toBe(true);

    // Staff read the evidence: the sampled callback scored 45 with its script version; contacts masked.
    const staff = ctxAs(db, w.reviewer, later(20));
    const detail = await getDispute({ ctx: staff, input: { disputeId } });
    expect(detail.callbacks).toHaveLength(1);
    expect(detail.callbacks![0]).toMatchObject({ origin: 'sampled', state: 'closed', agentName: w.agent.displayName, result: { score: 45, scriptVersion: 1 } });
    expect(detail.visit.contacts.every((c) => /^\d{3}\*{4}\d{4}$/.test(c.phone))).toBe(true);
    expect(detail.can).toEqual({ withdraw: false, startReview: true, orderRecallback: true, decide: true });
    expect(detail.reviewBlockedReason).toBeNull();

    // A re-callback, for another agent than the disputed call's.
    await startReview({ ctx: staff, input: { disputeId } });
    const ordered = await orderRecallback({ ctx: ctxAs(db, w.reviewer, later(30)), input: { disputeId } });
    const [task] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, ordered.taskId));
    const [sampled] = await db.select().from(callbackTasks).where(and(eq(callbackTasks.visitId, v2b.id), eq(callbackTasks.origin, 'sampled')));
    expect(task).toMatchObject({
      origin: 'recheck',
      boosted: true,
      disputeId,
      excludedAgentId: w.agent.id,
      state: 'waiting',
      visitId: v2b.id,
      customerId: sampled.customerId,
      managerId: sampled.managerId,
      unitId: sampled.unitId,
      customerClass: sampled.customerClass,
      visitedAt: sampled.visitedAt,
      nextAttemptAt: later(30),
    });
    await expect(orderRecallback({ ctx: ctxAs(db, w.reviewer, later(31)), input: { disputeId } })).rejects.toMatchObject({ code: 'disputes.recallbackPending' });
    expect(await makeCallbackDue({ db, now: later(31), input: { taskId: task.id, dueAt: task.nextAttemptAt.getTime() } })).toBe('ready');
    // The agent who made the disputed call is never handed it; another agent is.
    expect(await takeNextCallback({ ctx: ctxAs(db, w.agent, later(32)) })).toEqual({ status: 'none' });
    const taken = await takeNextCallback({ ctx: ctxAs(db, w.otherAgent, later(33)) });
    expect(taken).toMatchObject({ status: 'held', task: { id: task.id } });
    await answeredCall(db, task.id, { at: later(35) });
    const scored = await submitCallback({ ctx: ctxAs(db, w.otherAgent, later(40)), input: { taskId: task.id, outcome: 'completed', answers: BEST } });
    expect(scored.state).toBe('closed');
    // The re-callback is evidence: the verdict is unchanged until the reviewer decides.
    expect((await versionsOf(v2b.id)).map((v) => v.status)).toEqual(['invalid']);
    // The reviewer is told the evidence is in.
    const toReviewer = await db.select().from(notifications).where(and(eq(notifications.userId, w.reviewer.id), eq(notifications.kind, 'recallback_done')));
    expect(toReviewer.map((n) => [n.kind, n.link])).toEqual([['recallback_done', `/disputes/${disputeId}`]]);

    // Overturned, with a comment.
    const decided = await decideDispute({ ctx: ctxAs(db, w.reviewer, later(60)), input: { disputeId, decision: 'overturned', comment: '重新回访客户确认拜访属实。' } });
    expect(decided.state).toBe('overturned');
    const versions = await versionsOf(v2b.id);
    expect(versions.map((v) => [v.version, v.status, v.cause])).toEqual([
      [1, 'invalid', 'close'],
      [2, 'valid', 'dispute'],
    ]);
    expect(versions[1]).toMatchObject({ causeId: disputeId, decidedBy: w.reviewer.id, final: true, reasons: [{ code: 'disputeOverturned', params: {} }] });
    expect(versions[1].publishedAt).not.toBeNull();
    expect(await ledgerSum(w.m1.id)).toBe(26);
    const rev = await reversals(w.m1.id);
    expect(rev).toHaveLength(1);
    expect(rev[0]).toMatchObject({ key: `deduction:${w.customers.cB.id}`, points: 8, sourceType: 'recompute', sourceId: disputeId });
    expect((await db.select().from(monthStatus).where(eq(monthStatus.month, MONTH)))[0].changedSinceClose).toBe(true);

    // The manager is told, and reads the decision and the comment.
    const told = await db.select().from(notifications).where(and(eq(notifications.userId, w.m1.id), eq(notifications.kind, 'dispute_decided')));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ params: { decision: 'overturned', customer: w.customers.cB.name, month: MONTH }, link: `/disputes/${disputeId}` });
    const seen = await getDispute({ ctx: ctxAs(db, w.m1, later(90)), input: { disputeId } });
    expect(seen).toMatchObject({
      state: 'overturned',
      decision: { decision: 'overturned', comment: '重新回访客户确认拜访属实。', decidedBy: '复核员甲' },
      disputedVerdict: { version: 1, status: 'invalid' },
      currentVerdict: { version: 2, status: 'valid' },
      can: { withdraw: false },
    });

    // Staff see every step, and both callbacks.
    const afterwards = await getDispute({ ctx: ctxAs(db, w.reviewer2, later(90)), input: { disputeId } });
    expect(afterwards.timeline!.map((e) => e.action)).toEqual(['dispute.filed', 'dispute.review_started', 'dispute.recallback_ordered', 'dispute.overturned']);
    expect(afterwards.callbacks!.map((c) => [c.origin, c.state, c.result?.score])).toEqual([
      ['sampled', 'closed', 45],
      ['recheck', 'closed', 100],
    ]);
    expect(afterwards.callbacks![1].result!.answers.length).toBeGreaterThan(0);
    expect(afterwards.can).toEqual({ withdraw: false, startReview: false, orderRecallback: false, decide: false });

    // Re-closing picks the change up.
    const second = await closeMonth({ ctx: ctxAs(db, w.staff, later(120)), input: { month: MONTH } });
    const [close2] = await db.select().from(monthCloses).where(eq(monthCloses.id, second.closeId));
    expect(close2.changes).toEqual([
      { managerId: w.m1.id, figure: 'valid', old: 2, new: 3 },
      { managerId: w.m1.id, figure: 'invalid', old: 1, new: 0 },
      { managerId: w.m1.id, figure: 'validRate', old: 0.6667, new: 1 },
      { managerId: w.m1.id, figure: 'points', old: 18, new: 26 },
      { managerId: w.m1.id, figure: 'score', old: 82.7, new: 96 },
      { managerId: w.m1.id, figure: 'grade', old: 'good', new: 'excellent' },
    ]);
    // Closing again changes nothing more: the overturn stands.
    expect(await ledgerSum(w.m1.id)).toBe(26);
    expect(await versionsOf(v2b.id)).toHaveLength(2);
  });
});

describe('refusals write nothing', () => {
  async function expectNothingWritten() {
    expect(await countDisputes()).toBe(0);
    expect((await db.select({ n: count() }).from(disputeAttachments))[0].n).toBe(0);
    expect(await storedFiles()).toEqual([]);
    expect((await db.select({ n: count() }).from(auditLog).where(eq(auditLog.entityType, 'dispute')))[0].n).toBe(0);
  }

  it('after the window', async () => {
    const w = await closedWorld();
    const late = ctxAs(db, w.m1, local('2026-12-08 10:00'));
    const error = await refused(fileDispute({ ctx: late, input: input(w, { attachments: [PNG()] }) }), ValidationError);
    expect(error).toMatchObject({ code: 'disputes.windowOver', params: { until: '2026-12-08 10:00' } });
    expect((await getDisputeEligibility({ ctx: late, input: { visitId: w.visits.v2b.id } })).blockedBy).toBe('disputes.windowOver');
    await expectNothingWritten();
  });

  it('on a valid verdict', async () => {
    const w = await closedWorld();
    const error = await refused(fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w, { visitId: w.visits.v1.id, attachments: [PNG()] }) }), ValidationError);
    expect(error.code).toBe('disputes.verdictNotInvalid');
    // A finding the visit does not have is refused too.
    const finding = await refused(fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w, { visitId: w.visits.v1.id, subject: 'finding', findingCode: 'late_report' }) }), ValidationError);
    expect(finding.code).toBe('disputes.findingNotCurrent');
    await expectNothingWritten();
  });

  it("on someone else's visit: not found, whatever the visit's state", async () => {
    const w = await closedWorld();
    await refused(fileDispute({ ctx: ctxAs(db, w.m2, FILE_AT), input: input(w, { attachments: [PNG()] }) }), NotFoundError);
    await refused(getDisputeEligibility({ ctx: ctxAs(db, w.m2, FILE_AT), input: { visitId: w.visits.v2b.id } }), NotFoundError);
    await refused(fileDispute({ ctx: ctxAs(db, w.staff, FILE_AT), input: input(w) }), ForbiddenError);
    await expectNothingWritten();
  });

  it('an attachment too large, of a forbidden type, or too many; a reason too short — naming the file', async () => {
    const w = await closedWorld();
    const manager = ctxAs(db, w.m1, FILE_AT);
    const big = PNG();
    const huge = { name: '大截图.png', bytes: new Uint8Array(5 * 1024 * 1024 + 1) };
    huge.bytes.set(big.bytes.subarray(0, 16));
    const tooLarge = await refused(fileDispute({ ctx: manager, input: input(w, { attachments: [PDF(), huge] }) }), ValidationError);
    expect(tooLarge.issues).toEqual([{ field: 'attachments', code: 'disputes.attachmentTooLarge', params: { file: '大截图.png', maxMb: 5 } }]);

    const exe = file('x.pdf', 'MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff], 'This program cannot be run in DOS mode.');
    const text = file('notes.pdf', '我是纯文本，只是改了扩展名。');
    const badType = await refused(fileDispute({ ctx: manager, input: input(w, { attachments: [PNG(), exe, text] }) }), ValidationError);
    expect(badType.code).toBe('disputes.attachmentType');
    expect(badType.issues).toEqual([
      { field: 'attachments', code: 'disputes.attachmentType', params: { file: 'x.pdf' } },
      { field: 'attachments', code: 'disputes.attachmentType', params: { file: 'notes.pdf' } },
    ]);

    const six = Array.from({ length: 6 }, () => PNG());
    const tooMany = await refused(fileDispute({ ctx: manager, input: input(w, { attachments: six }) }), ValidationError);
    expect(tooMany.issues).toEqual([{ field: 'attachments', code: 'disputes.tooManyAttachments', params: { max: 5, count: 6 } }]);

    const short = await refused(fileDispute({ ctx: manager, input: input(w, { reason: '不服', attachments: [PNG()] }) }), ValidationError);
    expect(short.issues).toEqual([{ field: 'reason', code: 'disputes.reasonTooShort' }]);
    await expectNothingWritten();
  });

  it('an upload larger than any dispute may carry is refused before it is read (the limit follows the policy)', async () => {
    const w = await closedWorld();
    const manager = ctxAs(db, w.m1, FILE_AT);
    // 5 attachments of at most 5 MiB, plus room for the form.
    expect(await disputeUploadLimit({ ctx: manager })).toBe(5 * 5 * 1024 * 1024 + 256 * 1024);
    await expect(disputeUploadLimit({ ctx: ctxAs(db, w.staff, FILE_AT) })).rejects.toBeInstanceOf(ForbiddenError);
    await savePolicyVersion({
      ctx: ctxAs(db, w.staff, FILE_AT),
      input: { key: 'disputes', effectiveFrom: '2026-12-04', value: { windowDays: 5, responseWorkingDays: 3, maxAttachments: 2, maxAttachmentBytes: 1024 * 1024 } },
    });
    expect(await disputeUploadLimit({ ctx: manager })).toBe(2 * 1024 * 1024 + 256 * 1024);
  });

  it('a second open dispute, also when both are filed at once: one stands, the loser stores nothing', async () => {
    const w = await closedWorld();
    const manager = ctxAs(db, w.m1, FILE_AT);
    const results = await Promise.allSettled([
      fileDispute({ ctx: manager, input: input(w, { attachments: [PNG()] }) }),
      fileDispute({ ctx: manager, input: input(w, { subject: 'finding', findingCode: 'contact_depth', attachments: [PDF(), PNG()] }) }),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConflictError);
    expect(lost[0].reason).toMatchObject({ code: 'disputes.alreadyOpen' });
    expect(await countDisputes()).toBe(1);
    const kept = await db.select({ key: disputeAttachments.storageKey }).from(disputeAttachments);
    expect((await storedFiles()).sort()).toEqual(kept.map((k) => k.key.split('/').pop()!).sort());

    // And one after the other.
    const again = await refused(fileDispute({ ctx: manager, input: input(w, { attachments: [PNG()] }) }), ConflictError);
    expect(again.code).toBe('disputes.alreadyOpen');
    expect(await countDisputes()).toBe(1);
    expect(await storedFiles()).toHaveLength(kept.length);
  });

  it('a race the checks cannot see is caught by the one-open index: conflict, and the files already stored are deleted', async () => {
    const w = await closedWorld();
    const disk = new LocalDiskStorage(storageDir);
    let raced = false;
    // Another filing of the same visit commits while this one is storing its files.
    const racing: Storage = {
      put: async (key, bytes) => {
        await disk.put(key, bytes);
        if (raced) return;
        raced = true;
        const [verdict] = await versionsOf(w.visits.v2b.id);
        await db.insert(disputes).values({ visitId: w.visits.v2b.id, managerId: w.m1.id, unitId: w.unit.id, month: MONTH, subject: 'verdict', verdictId: verdict.id, reason: '同时提交的另一条申诉', respondBy: later(60 * 24 * 5) });
      },
      get: (key) => disk.get(key),
      delete: (key) => disk.delete(key),
    };
    setStorage(racing);
    try {
      const error = await refused(fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w, { attachments: [PNG(), PDF()] }) }), ConflictError);
      expect(error.code).toBe('disputes.alreadyOpen');
    } finally {
      setStorage(disk);
    }
    expect(raced).toBe(true);
    expect(await storedFiles()).toEqual([]);
    expect(await countDisputes()).toBe(1);
    expect((await db.select({ n: count() }).from(disputeAttachments))[0].n).toBe(0);
    expect((await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'dispute.filed')))[0].n).toBe(0);
  });

  it('a review step by the agent who made the call, re-roled to staff', async () => {
    const w = await closedWorld();
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w) });
    const [asStaff] = await db.update(users).set({ role: 'staff' }).where(eq(users.id, w.agent.id)).returning();
    const ctx = ctxAs(db, asStaff, later(10));
    const detail = await getDispute({ ctx, input: { disputeId } });
    expect(detail.reviewBlockedReason).toBe('disputes.reviewerMadeTheCall');
    expect(detail.can).toEqual({ withdraw: false, startReview: false, orderRecallback: false, decide: false });
    for (const step of [
      () => decideDispute({ ctx, input: { disputeId, decision: 'overturned', comment: '我认为没问题' } }),
      () => startReview({ ctx, input: { disputeId } }),
      () => orderRecallback({ ctx, input: { disputeId } }),
    ]) {
      const error = await refused(step(), ForbiddenError);
      expect(error.code).toBe('disputes.reviewerMadeTheCall');
    }
    const [d] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(d).toMatchObject({ state: 'open', reviewerId: null, decidedBy: null });
    expect(await versionsOf(w.visits.v2b.id)).toHaveLength(1);
    expect(await reversals(w.m1.id)).toHaveLength(0);
    expect((await db.select({ n: count() }).from(callbackTasks).where(eq(callbackTasks.disputeId, disputeId)))[0].n).toBe(0);
  });

  it('a decision without a comment', async () => {
    const w = await closedWorld();
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w) });
    const error = await refused(decideDispute({ ctx: ctxAs(db, w.reviewer, later(5)), input: { disputeId, decision: 'overturned', comment: '   ' } }), ValidationError);
    expect(error.issues).toEqual([{ field: 'comment', code: 'disputes.commentRequired' }]);
    expect((await db.select().from(disputes).where(eq(disputes.id, disputeId)))[0].state).toBe('open');
  });
});

describe('concurrent decisions', () => {
  it('two staff deciding at once: one wins, the other is told; one reversal, one new verdict', async () => {
    const w = await closedWorld();
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w) });
    const results = await Promise.allSettled([
      decideDispute({ ctx: ctxAs(db, w.reviewer, later(10)), input: { disputeId, decision: 'overturned', comment: '甲：改判。' } }),
      decideDispute({ ctx: ctxAs(db, w.reviewer2, later(10)), input: { disputeId, decision: 'overturned', comment: '乙：改判。' } }),
    ]);
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConflictError);
    expect(lost[0].reason).toMatchObject({ code: 'disputes.alreadyDecided' });
    expect(await reversals(w.m1.id)).toHaveLength(1);
    expect(await ledgerSum(w.m1.id)).toBe(26);
    expect((await versionsOf(w.visits.v2b.id)).map((v) => v.status)).toEqual(['invalid', 'valid']);
    expect((await db.select().from(notifications).where(eq(notifications.kind, 'dispute_decided'))).length).toBe(1);
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'dispute.overturned'))).length).toBe(1);
  });
});

describe('withdrawing and upholding', () => {
  it('the manager withdraws while open, and may dispute again within the window', async () => {
    const w = await closedWorld();
    const manager = ctxAs(db, w.m1, FILE_AT);
    const { disputeId } = await fileDispute({ ctx: manager, input: input(w) });
    await refused(withdrawDispute({ ctx: ctxAs(db, w.m2, later(5)), input: { disputeId } }), NotFoundError);
    expect(await withdrawDispute({ ctx: ctxAs(db, w.m1, later(5)), input: { disputeId } })).toEqual({ disputeId, state: 'withdrawn' });
    const [d] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
    expect(d).toMatchObject({ state: 'withdrawn', withdrawnAt: later(5) });
    const again = await refused(withdrawDispute({ ctx: ctxAs(db, w.m1, later(6)), input: { disputeId } }), ConflictError);
    expect(again.code).toBe('disputes.alreadyWithdrawn');
    const decide = await refused(decideDispute({ ctx: ctxAs(db, w.reviewer, later(7)), input: { disputeId, decision: 'overturned', comment: '晚了' } }), ConflictError);
    expect(decide.code).toBe('disputes.alreadyWithdrawn');
    expect(await versionsOf(w.visits.v2b.id)).toHaveLength(1);
    expect((await getDisputeEligibility({ ctx: ctxAs(db, w.m1, later(8)), input: { visitId: w.visits.v2b.id } })).canDispute).toBe(true);
    await fileDispute({ ctx: ctxAs(db, w.m1, later(8)), input: input(w) });
    expect(await countDisputes()).toBe(2);
    expect((await db.select().from(auditLog).where(eq(auditLog.action, 'dispute.withdrawn'))).length).toBe(1);
  });

  it('upheld changes neither the verdict nor the ledger; the waiting re-callback is cancelled; the subject cannot be disputed again', async () => {
    const w = await closedWorld();
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w) });
    const { taskId } = await orderRecallback({ ctx: ctxAs(db, w.reviewer, later(5)), input: { disputeId } });
    expect((await db.select().from(disputes).where(eq(disputes.id, disputeId)))[0]).toMatchObject({ state: 'under_review', reviewerId: w.reviewer.id });
    const [{ n: ledgerBefore }] = await db.select({ n: count() }).from(pointsLedger);
    const decided = await decideDispute({ ctx: ctxAs(db, w.reviewer, later(10)), input: { disputeId, decision: 'upheld', comment: '回访录音清楚，维持原判。' } });
    expect(decided).toEqual({ disputeId, state: 'upheld', evaluated: [] });
    expect((await db.select({ n: count() }).from(pointsLedger))[0].n).toBe(ledgerBefore);
    expect(await ledgerSum(w.m1.id)).toBe(18);
    expect((await versionsOf(w.visits.v2b.id)).map((v) => v.status)).toEqual(['invalid']);
    expect((await db.select().from(monthStatus).where(eq(monthStatus.month, MONTH)))[0].changedSinceClose).toBe(false);
    expect((await db.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)))[0]).toMatchObject({ state: 'cancelled', cancelReason: '申诉已裁定（维持原判），复核回访取消' });
    const told = await db.select().from(notifications).where(eq(notifications.kind, 'dispute_decided'));
    expect(told.map((n) => [n.userId, n.params.decision])).toEqual([[w.m1.id, 'upheld']]);
    const e = await getDisputeEligibility({ ctx: ctxAs(db, w.m1, later(20)), input: { visitId: w.visits.v2b.id } });
    expect(e.subjects).not.toContainEqual({ subject: 'verdict', findingCode: null });
    const again = await refused(fileDispute({ ctx: ctxAs(db, w.m1, later(20)), input: input(w) }), ConflictError);
    expect(again.code).toBe('disputes.subjectDecided');
  });
});

describe('a decided dispute closes its ground', () => {
  // Manager 2's v5 (customer cE, class A) saw the same contact as in October: the finding
  // "same contact two months running" makes it invalid, though its callback scored 90.
  const SAME_CONTACT = 'same_contact_two_months';
  const REASON = '十月和十一月见的是同一位联系人，但十一月是为新的专线需求上门，并非重复拜访。';
  const COMMENT = '核实为不同事项的拜访，不按连续同一联系人处理。';

  async function refusedAgain(w: World, visitId: string, over: Partial<FileDisputeInput>, at: Date) {
    const before = await countDisputes();
    const error = await refused(fileDispute({ ctx: ctxAs(db, w.m2, at), input: { visitId, reason: REASON, subject: 'verdict', attachments: [PNG()], ...over } }), ConflictError);
    expect(error.code).toBe('disputes.subjectDecided');
    // Nothing written: no dispute, no attachment, no stored file, no audit entry.
    expect(await countDisputes()).toBe(before);
    expect((await db.select({ n: count() }).from(disputeAttachments))[0].n).toBe(0);
    expect(await storedFiles()).toEqual([]);
    expect((await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'dispute.filed')))[0].n).toBe(before);
  }

  it.each(['verdict', 'finding'] as const)(
    'overturned (disputed as the %s): the finding shows as waived by the decision, and neither it nor the verdict can be disputed again in the new window',
    async (subject) => {
      const w = await closedWorld();
      const v5 = w.visits.v5;
      expect((await versionsOf(v5.id)).map((v) => [v.status, v.reasons])).toEqual([['invalid', [{ code: `finding.${SAME_CONTACT}`, params: {} }]]]);
      const filed = await fileDispute({
        ctx: ctxAs(db, w.m2, FILE_AT),
        input: { visitId: v5.id, subject, findingCode: subject === 'finding' ? SAME_CONTACT : undefined, reason: REASON, attachments: [] },
      });
      const decidedAt = later(60);
      await decideDispute({ ctx: ctxAs(db, w.reviewer, decidedAt), input: { disputeId: filed.disputeId, decision: 'overturned', comment: COMMENT } });

      // The verdict is valid and the finding no longer counts anywhere (not a current finding).
      const versions = await versionsOf(v5.id);
      expect(versions.map((v) => v.status)).toEqual(['invalid', 'valid']);
      expect(versions[1].findings).toEqual([]);
      expect(await db.select().from(visitFindings).where(eq(visitFindings.visitId, v5.id))).toEqual([]);

      // What the manager reads of the visit: valid, and the finding waived by whom, when, why.
      const evidence = await verdictEvidence({ ctx: ctxAs(db, w.m2, later(90)), input: { visitId: v5.id } });
      expect(evidence.verdict.current).toMatchObject({ status: 'valid', final: true });
      expect(evidence.verdict.findings).toEqual([]);
      expect(evidence.findings).toEqual([
        { code: SAME_CONTACT, severity: 'invalidating', params: {}, waived: { disputeId: filed.disputeId, decidedBy: '复核员甲', decidedAt, comment: COMMENT } },
      ]);

      // The new version opened a new window, yet nothing of this ground is offered again.
      const nextDay = later(60 * 24);
      const e = await getDisputeEligibility({ ctx: ctxAs(db, w.m2, nextDay), input: { visitId: v5.id } });
      expect(e).toMatchObject({ canDispute: false, subjects: [], blockedBy: 'disputes.subjectDecided', decidedDisputeId: filed.disputeId });
      await refusedAgain(w, v5.id, { subject: 'finding', findingCode: SAME_CONTACT }, nextDay);
      if (subject === 'verdict') await refusedAgain(w, v5.id, { subject: 'verdict' }, nextDay);

      // Closing the month again keeps the finding waived and the verdict valid.
      await closeMonth({ ctx: ctxAs(db, w.staff, later(120)), input: { month: MONTH } });
      expect((await versionsOf(v5.id)).map((v) => v.status)).toEqual(['invalid', 'valid']);
      expect(await db.select().from(visitFindings).where(eq(visitFindings.visitId, v5.id))).toEqual([]);
    },
  );

  it('upheld on the finding: the finding stays, and the verdict resting only on it cannot be disputed as a second try', async () => {
    const w = await closedWorld();
    const v5 = w.visits.v5;
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m2, FILE_AT), input: { visitId: v5.id, subject: 'finding', findingCode: SAME_CONTACT, reason: REASON, attachments: [] } });
    await decideDispute({ ctx: ctxAs(db, w.reviewer, later(30)), input: { disputeId, decision: 'upheld', comment: '两次拜访均只见同一联系人，维持。' } });
    expect((await versionsOf(v5.id)).map((v) => v.status)).toEqual(['invalid']);
    const evidence = await verdictEvidence({ ctx: ctxAs(db, w.m2, later(40)), input: { visitId: v5.id } });
    expect(evidence.findings).toEqual([{ code: SAME_CONTACT, severity: 'invalidating', params: {}, waived: null }]);
    expect(evidence.disputes.map((d) => [d.id, d.decision?.decision])).toEqual([[disputeId, 'upheld']]);
    const e = await getDisputeEligibility({ ctx: ctxAs(db, w.m2, later(40)), input: { visitId: v5.id } });
    expect(e).toMatchObject({ canDispute: false, blockedBy: 'disputes.subjectDecided', decidedDisputeId: disputeId });
    await refusedAgain(w, v5.id, { subject: 'verdict' }, later(40));
    await refusedAgain(w, v5.id, { subject: 'finding', findingCode: SAME_CONTACT }, later(40));
  });
});

describe('deciding while the re-callback is open', () => {
  it('the dispute view says it is pending (state, attempts, agent); deciding cancels it with the decision as its reason and an audit entry', async () => {
    const w = await closedWorld();
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w) });
    const { taskId } = await orderRecallback({ ctx: ctxAs(db, w.reviewer, later(5)), input: { disputeId } });
    const staff = ctxAs(db, w.reviewer, later(6));
    expect((await getDispute({ ctx: staff, input: { disputeId } })).pendingRecallback).toEqual({
      taskId,
      state: 'waiting',
      attempts: 0,
      nextAttemptAt: later(5),
      appointmentAt: null,
      holderName: null,
    });
    // Another agent takes it: it is being called now.
    expect(await makeCallbackDue({ db, now: later(6), input: { taskId, dueAt: later(5).getTime() } })).toBe('ready');
    expect(await takeNextCallback({ ctx: ctxAs(db, w.otherAgent, later(7)) })).toMatchObject({ status: 'held', task: { id: taskId } });
    const detail = await getDispute({ ctx: ctxAs(db, w.reviewer, later(8)), input: { disputeId } });
    expect(detail.pendingRecallback).toMatchObject({ taskId, state: 'held', attempts: 0, holderName: w.otherAgent.displayName });
    expect(detail.can.decide).toBe(true);
    // The manager's view carries none of the department's queue.
    expect((await getDispute({ ctx: ctxAs(db, w.m1, later(8)), input: { disputeId } })).pendingRecallback).toBeNull();

    await decideDispute({ ctx: ctxAs(db, w.reviewer, later(10)), input: { disputeId, decision: 'overturned', comment: '客户书面确认拜访属实，无需再等回访。' } });
    const [task] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, taskId));
    expect(task).toMatchObject({ state: 'cancelled', cancelReason: RECALLBACK_CANCEL_REASONS.overturned, holderId: null, closedAt: later(10) });
    expect(RECALLBACK_CANCEL_REASONS.overturned).toBe('申诉已裁定（申诉成立），复核回访取消');
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityType, 'callback_task'), eq(auditLog.entityId, taskId), eq(auditLog.action, 'callback.cancelled')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.reviewer.id, before: { state: 'held', holderId: w.otherAgent.id }, after: { state: 'cancelled', reason: RECALLBACK_CANCEL_REASONS.overturned, disputeId } });
    const [decision] = await db.select().from(auditLog).where(eq(auditLog.action, 'dispute.overturned'));
    expect(decision.after).toMatchObject({ cancelledRecallbacks: [taskId] });
    const after = await getDispute({ ctx: ctxAs(db, w.reviewer, later(11)), input: { disputeId } });
    expect(after.pendingRecallback).toBeNull();
    // The dispute's timeline shows the cancellation with its reason, by the reviewer who decided.
    expect(after.timeline!.map((e) => [e.action, e.actorName, e.note])).toEqual([
      ['dispute.filed', w.m1.displayName, null],
      ['dispute.recallback_ordered', '复核员甲', null],
      ['callback.cancelled', '复核员甲', RECALLBACK_CANCEL_REASONS.overturned],
      ['dispute.overturned', '复核员甲', null],
    ]);
  });

  it('a staff cancellation keeps its reason on the task too', async () => {
    const w = await closedWorld();
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w) });
    const { taskId } = await orderRecallback({ ctx: ctxAs(db, w.reviewer, later(5)), input: { disputeId } });
    await cancelCallback({ ctx: ctxAs(db, w.reviewer, later(6)), input: { taskId, reason: '客户已出差，改为书面核实' } });
    expect((await db.select().from(callbackTasks).where(eq(callbackTasks.id, taskId)))[0]).toMatchObject({ state: 'cancelled', cancelReason: '客户已出差，改为书面核实' });
    expect((await getDispute({ ctx: ctxAs(db, w.reviewer, later(7)), input: { disputeId } })).pendingRecallback).toBeNull();
  });
});

describe('who sees which disputes', () => {
  it('a manager only their own, a supervisor only their unit, staff all', async () => {
    const w = await closedWorld();
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w, { attachments: [PNG()] }) });
    const unitSupervisor = await makeUser(db, 'supervisor', { unitId: w.unit.id });
    const otherUnit = await makeUnit(db);
    const otherSupervisor = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
    const [attachment] = await db.select().from(disputeAttachments);

    const m2 = ctxAs(db, w.m2, later(5));
    await refused(getDispute({ ctx: m2, input: { disputeId } }), NotFoundError);
    await refused(readAttachment({ ctx: m2, input: { attachmentId: attachment.id } }), NotFoundError);
    await refused(withdrawDispute({ ctx: m2, input: { disputeId } }), NotFoundError);
    expect((await listDisputes({ ctx: m2, input: {} })).rows).toEqual([]);
    // A manager's managerId filter cannot widen their scope.
    expect((await listDisputes({ ctx: m2, input: { managerId: w.m1.id, state: 'all' } })).total).toBe(0);

    const other = ctxAs(db, otherSupervisor, later(5));
    await refused(getDispute({ ctx: other, input: { disputeId } }), NotFoundError);
    await refused(readAttachment({ ctx: other, input: { attachmentId: attachment.id } }), NotFoundError);
    expect((await listDisputes({ ctx: other, input: { state: 'all' } })).total).toBe(0);

    const sup = ctxAs(db, unitSupervisor, later(5));
    const supDetail = await getDispute({ ctx: sup, input: { disputeId } });
    expect(supDetail.callbacks).toBeUndefined();
    expect(supDetail.can).toEqual({ withdraw: false, startReview: false, orderRecallback: false, decide: false });
    expect((await readAttachment({ ctx: sup, input: { attachmentId: attachment.id } })).contentType).toBe('image/png');
    await refused(decideDispute({ ctx: sup, input: { disputeId, decision: 'overturned', comment: '主管不能裁定' } }), ForbiddenError);

    for (const ctx of [ctxAs(db, w.m1, later(5)), sup, ctxAs(db, w.reviewer, later(5))]) {
      const list = await listDisputes({ ctx, input: {} });
      expect(list.rows.map((r) => r.id)).toEqual([disputeId]);
      expect(list.rows[0]).toMatchObject({ managerName: '甲经理', customerName: w.customers.cB.name, state: 'open', overdue: false, month: MONTH });
      expect(list.counts).toMatchObject({ open: 1, under_review: 0, upheld: 0, overturned: 0, withdrawn: 0, overdue: 0 });
    }
    // Past the response deadline (end of Wednesday 9 December) it is overdue, and filtered as such.
    const late = ctxAs(db, w.reviewer, local('2026-12-10 09:00'));
    const overdue = await listDisputes({ ctx: late, input: { overdue: true } });
    expect(overdue.rows.map((r) => [r.id, r.overdue])).toEqual([[disputeId, true]]);
    expect(overdue.counts.overdue).toBe(1);
    expect((await getDispute({ ctx: late, input: { disputeId } })).overdue).toBe(true);
    expect((await listDisputes({ ctx: late, input: { state: 'upheld' } })).rows).toEqual([]);
    expect((await listDisputes({ ctx: late, input: { month: '2026-10', state: 'all' } })).rows).toEqual([]);
  });
});

describe('a manager who moves to another unit (the data scope: the manager\'s unit now)', () => {
  it('takes their visits, plans and disputes to the new supervisor; the old one sees none of them, and no link dangles', async () => {
    const w = await closedWorld();
    const oldSupervisor = await makeUser(db, 'supervisor', { unitId: w.unit.id });
    const newUnit = await makeUnit(db);
    const newSupervisor = await makeUser(db, 'supervisor', { unitId: newUnit.id });
    const admin = await makeUser(db, 'admin');
    const { disputeId } = await fileDispute({ ctx: ctxAs(db, w.m1, FILE_AT), input: input(w) });
    const [plan] = await db
      .insert(visitPlans)
      .values({ managerId: w.m1.id, unitId: w.unit.id, month: '2026-12', status: 'submitted', revision: 1, submittedAt: FILE_AT })
      .returning();

    // Before the move: the unit's supervisor sees all three; the other unit's, none.
    const sees = async (who: { id: string }) => {
      const [user] = await db.select().from(users).where(eq(users.id, who.id));
      const ctx = ctxAs(db, user, FILE_AT);
      const opens = async (load: () => Promise<unknown>) => load().then(() => true, (e: unknown) => (e instanceof NotFoundError ? false : Promise.reject(e)));
      return {
        dispute: await opens(() => getDispute({ ctx, input: { disputeId } })),
        disputeListed: (await listDisputes({ ctx, input: {} })).rows.some((d) => d.id === disputeId),
        visit: await opens(() => getVisit({ ctx, input: { id: w.visits.v2b.id } })),
        visitListed: (await listVisits({ ctx, input: { month: MONTH } })).rows.some((v) => v.id === w.visits.v2b.id),
        plan: await opens(() => getPlan({ ctx, input: { planId: plan.id } })),
        planListed: (await listPlans({ ctx, input: { status: 'all' } })).rows.some((p) => p.id === plan.id),
      };
    };
    const all = { dispute: true, disputeListed: true, visit: true, visitListed: true, plan: true, planListed: true };
    const none = { dispute: false, disputeListed: false, visit: false, visitListed: false, plan: false, planListed: false };
    expect(await sees(oldSupervisor)).toEqual(all);
    expect(await sees(newSupervisor)).toEqual(none);

    await updateUser({ ctx: ctxAs(db, admin), input: { id: w.m1.id, unitId: newUnit.id } });

    // After: the history goes with the manager; the dispute's visit opens for whoever sees the dispute.
    expect(await sees(newSupervisor)).toEqual(all);
    expect(await sees(oldSupervisor)).toEqual(none);
    expect(await sees(w.m1)).toEqual(all);
    expect(await sees(w.staff)).toEqual(all);
    expect(await sees(w.m2)).toEqual(none);
  });
});
