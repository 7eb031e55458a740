import { and, asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackAttempts, callbackDrafts, callbackResults, callbackTasks, contacts, visitReportContacts, visitVerdicts } from '@/db/schema';
import { releaseCallback, takeNextCallback } from '@/lib/desk/take';
import { NotHolderError, OutcomeEvidenceError, ReleaseAfterContactError } from '@/lib/callbacks/errors';
import { deskOverview } from '@/lib/callbacks/queries';
import { ConflictError, ValidationError } from '@/lib/platform/core/errors';
import { saveCallbackDraft } from '@/lib/desk/draft';
import { deskSubmission, openDeskCallback } from '@/lib/desk/open';
import { submitCallback } from '@/lib/desk/submit';
import { queue } from '@/lib/platform/jobs/queues';
import { DEFAULT_BLIND_SCRIPT_NAME, DEFAULT_SCRIPT_NAME } from '@/lib/scripts/default-scripts';
import type { ScriptDefinition } from '@/lib/scripts/definition';
import { assignScript, createScript, ensureDefaultScript, listScripts, openDraft, publishScript, saveScriptDraft } from '@/lib/scripts/scripts';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { callAroundTheClock, emptyQueuesForEachTest, makeAgents, makeCallbackWorld } from '../support/callbacks';
import { providerCall, type ProviderCallResult } from '../support/calls';
import { ctxAs, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * The agent desk end to end through its verbs, on the real PostgreSQL and Redis: take a callback,
 * save the answers as they are given, read them back after a "refresh", submit, and find the
 * server-scored result stored with its script version — plus the refusals of issue 4 § 4.
 * 2026-11-27 is a Friday: inside the default calling hours at 09:30.
 */
let db: Db;
const SH = 'Asia/Shanghai';
const at = (local: string) => parseLocalDateTime(local, SH)!;
const TAKE = '2026-11-27 09:30';
const SUBMIT = '2026-11-27 09:40';

beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

type User = Awaited<ReturnType<typeof makeUser>>;

/** One ready class-A callback (visit on site, 2026-11-02, purpose '回访测试拜访 0'), the shipped scripts, two agents. */
async function world(options: { classes?: ('A' | 'B' | 'C' | 'D')[] } = {}) {
  await ensureDefaultScript(db, { now: at('2026-10-01 09:00') });
  const cb = await makeCallbackWorld(db, { tasks: 1, classes: options.classes ?? ['A'] });
  const [ann, bob] = await makeAgents(db, 2);
  const staff = await makeUser(db, 'staff');
  const task = cb.tasks[0];
  const [contact] = await db
    .select({ phone: contacts.phone })
    .from(visitReportContacts)
    .innerJoin(contacts, eq(contacts.id, visitReportContacts.contactId))
    .where(eq(visitReportContacts.visitId, task.visitId));
  return { ...cb, task, ann, bob, staff, phone: contact.phone };
}

async function take(agent: User, local = TAKE) {
  const r = await takeNextCallback({ ctx: ctxAs(db, agent, at(local)) });
  if (r.status !== 'held') throw new Error('nothing to take');
  return r.task;
}

const as = (agent: User, local = SUBMIT) => ctxAs(db, agent, at(local));

/** The provider's record of the call the holder placed for the attempt under way: what the outcome rests on. */
const called = (taskId: string, result: ProviderCallResult = 'answered', local = '2026-11-27 09:31') => providerCall(db, { taskId, result, at: at(local) });

/** The standard script's best answers for an on-site visit: 10 + 30 + 20 + 20 + 20 = 100. */
const BEST = { identity: 'yes', visited: 'yes', visit_type: 'on_site', purpose: 'match', satisfaction: '5', remarks: '服务很好' };

async function refusal<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

async function taskRow(id: string) {
  const [row] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, id));
  return row;
}

/** A published script assigned to a class, written through the scripts verbs as staff would. */
async function scriptForClassA(staff: User, name: string, definition: ScriptDefinition, blind = false) {
  const ctx = ctxAs(db, staff, at('2026-11-01 09:00'));
  const { script } = await createScript({ ctx, input: { name, template: 'empty', blind } });
  await saveScriptDraft({ ctx, input: { scriptId: script.id, name, description: '', blind, opening: '', closing: '', questions: definition.questions } });
  const version = await publishScript({ ctx, input: { scriptId: script.id } });
  await assignScript({ ctx, input: { slot: 'A', scriptId: script.id } });
  return version;
}

describe('the desk: take, draft, refresh, submit', () => {
  it('keeps the draft across a refresh, scores on the server, stores the result with its script version and closes the task', async () => {
    const w = await world();
    await take(w.ann);
    const call = await called(w.task.id);
    const view = (await openDeskCallback({ ctx: as(w.ann, '2026-11-27 09:31') }))!;
    expect(view.task.id).toBe(w.task.id);
    expect(view.script).toMatchObject({ scriptName: DEFAULT_SCRIPT_NAME, version: 1, blind: false });
    expect(view.visitContext).toMatchObject({ visitType: 'on_site', visitDate: '2026-11-02', purpose: '回访测试拜访 0' });
    expect(view.draft).toMatchObject({ answers: {}, notes: '' });
    expect(view.threshold).toBe(60);

    // Answers saved as they are given …
    await saveCallbackDraft({ ctx: as(w.ann, '2026-11-27 09:32'), input: { taskId: w.task.id, answers: { identity: 'yes' }, notes: '' } });
    const saved = await saveCallbackDraft({ ctx: as(w.ann, '2026-11-27 09:33'), input: { taskId: w.task.id, answers: { identity: 'yes', visited: 'yes' }, notes: '客户很配合' } });
    expect(saved.answers).toEqual({ identity: 'yes', visited: 'yes' });
    // … so a refresh (the page reads the view again) loses nothing.
    const again = (await openDeskCallback({ ctx: as(w.ann, '2026-11-27 09:34') }))!;
    expect(again.draft).toMatchObject({ answers: { identity: 'yes', visited: 'yes' }, notes: '客户很配合' });
    expect(again.script!.versionId).toBe(view.script!.versionId);

    const result = await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: BEST, notes: '客户很配合' } });
    expect(result).toMatchObject({ outcome: 'completed', state: 'closed', attemptNo: 1, replayed: false, scored: { score: 100, maxScore: 100, result: 'valid', knockedOut: null } });

    const [stored] = await db.select().from(callbackResults).where(eq(callbackResults.taskId, w.task.id));
    expect(stored).toMatchObject({ scriptVersionId: view.script!.versionId, score: 100, maxScore: 100, result: 'valid', knockedOut: null, agentId: w.ann.id });
    expect(stored.answers).toEqual(BEST);
    expect(stored.comparison).toMatchObject({ visit_type: { status: 'match', points: 20 } });
    const [attempt] = await db.select().from(callbackAttempts).where(eq(callbackAttempts.taskId, w.task.id));
    expect(stored.attemptId).toBe(attempt.id);
    // The attempt keeps the call it rests on.
    expect(attempt).toMatchObject({ outcome: 'completed', notes: '客户很配合', agentId: w.ann.id, callId: call.id, manual: false });
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'closed', outcome: 'completed', result: 'valid', score: 100, holderId: null, attempts: 1 });
    expect(await db.select().from(callbackDrafts)).toHaveLength(0);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.action, 'callback.submitted'), eq(auditLog.entityId, w.task.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toMatchObject({ outcome: 'completed', score: 100, result: 'valid', scriptVersionId: view.script!.versionId });

    // The visit's verdict is recomputed (another engineer's job), once per stored result.
    const job = await queue('assessment').getJob(`verdicts.visit.${w.task.visitId}.callback-${stored.id}`);
    expect(job?.data).toEqual({ visitId: w.task.visitId, event: `callback-${stored.id}` });

    // What the desk shows after the submit: the stored score.
    expect(await deskSubmission({ ctx: as(w.ann), input: { taskId: w.task.id } })).toMatchObject({
      outcome: 'completed',
      state: 'closed',
      result: { score: 100, maxScore: 100, result: 'valid' },
    });
    // The desk holds nothing now.
    expect(await openDeskCallback({ ctx: as(w.ann) })).toBeNull();
  });

  it.each<[string, Record<string, string>, number, 'valid' | 'invalid']>([
    // 10 + 30 + 0 (phone ≠ on site) + 10 + 10
    ['exactly 60 is valid', { identity: 'yes', visited: 'yes', visit_type: 'phone', purpose: 'partly', satisfaction: '3' }, 60, 'valid'],
    // 10 + 30 + 0 + 0 + 15
    ['55 is invalid', { identity: 'yes', visited: 'yes', visit_type: 'phone', purpose: 'no', satisfaction: '4' }, 55, 'invalid'],
  ])('%s', async (_name, answers, score, result) => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id);
    const r = await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers } });
    expect(r.scored).toMatchObject({ score, result });
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'closed', result, score });
  });

  it('a knock-out answer makes the visit invalid whatever the score', async () => {
    const w = await world();
    // A script where the knock-out can come after a full score: quality 100, then "visited?" no → knock-out.
    const version = await scriptForClassA(w.staff, '一票否决测试', {
      questions: [
        { id: 'quality', type: 'yes_no', text: '服务是否满意？', required: true, options: [{ id: 'yes', label: '是', points: 100 }, { id: 'no', label: '否', points: 0 }] },
        { id: 'visited', type: 'yes_no', text: '{manager}经理拜访过您吗？', required: true, options: [{ id: 'yes', label: '是', points: 0 }, { id: 'no', label: '否', points: 0, knockOut: true }] },
      ],
    });
    await take(w.ann);
    await called(w.task.id);
    const r = await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: { quality: 'yes', visited: 'no' } } });
    expect(r.scored).toMatchObject({ score: 100, result: 'invalid', knockedOut: 'visited', scriptVersionId: version.id });
    expect(await taskRow(w.task.id)).toMatchObject({ result: 'invalid', score: 100 });
    expect(await deskSubmission({ ctx: as(w.ann), input: { taskId: w.task.id } })).toMatchObject({ result: { knockedOut: 'visited', knockedOutNo: 2 } });
  });

  it('keeps the version chosen when the task was opened, even after a newer one is published', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id);
    const first = (await openDeskCallback({ ctx: as(w.ann) }))!;
    // Staff publish version 2 of the standard script meanwhile.
    const standard = (await listScripts({ ctx: ctxAs(db, w.staff) })).find((s) => s.name === DEFAULT_SCRIPT_NAME)!;
    const staffCtx = ctxAs(db, w.staff, at('2026-11-27 09:35'));
    const draft = await openDraft({ ctx: staffCtx, input: { scriptId: standard.id } });
    await saveScriptDraft({
      ctx: staffCtx,
      input: { scriptId: standard.id, name: DEFAULT_SCRIPT_NAME, description: '', blind: false, opening: '新版开场白', closing: draft.definition.closing, questions: draft.definition.questions },
    });
    const v2 = await publishScript({ ctx: staffCtx, input: { scriptId: standard.id } });
    expect(v2.version).toBe(2);

    const reopened = (await openDeskCallback({ ctx: as(w.ann) }))!;
    expect(reopened.script!.versionId).toBe(first.script!.versionId);
    const r = await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: BEST } });
    expect(r.scored!.scriptVersionId).toBe(first.script!.versionId);
  });
});

describe('repeated submits', () => {
  it('a submit repeated stores one result and answers with it', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id);
    const input = { taskId: w.task.id, attemptNo: 1, outcome: 'completed' as const, answers: BEST, notes: '' };
    const first = await submitCallback({ ctx: as(w.ann), input });
    const second = await submitCallback({ ctx: as(w.ann, '2026-11-27 09:41'), input });
    expect(second).toMatchObject({ replayed: true, outcome: 'completed', state: 'closed', scored: { resultId: first.scored!.resultId, score: 100 } });
    // Without the attempt number (a client that does not send it), the same.
    const third = await submitCallback({ ctx: as(w.ann, '2026-11-27 09:42'), input: { ...input, attemptNo: undefined } });
    expect(third).toMatchObject({ replayed: true, scored: { resultId: first.scored!.resultId } });
    expect(await db.select().from(callbackResults)).toHaveLength(1);
    expect(await db.select().from(callbackAttempts)).toHaveLength(1);
  });

  it('two submits at once (a double click) store one result', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id);
    const input = { taskId: w.task.id, attemptNo: 1, outcome: 'completed' as const, answers: BEST };
    const both = await Promise.all([submitCallback({ ctx: as(w.ann), input }), submitCallback({ ctx: as(w.ann), input })]);
    expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(both[0].scored!.resultId).toBe(both[1].scored!.resultId);
    expect(await db.select().from(callbackResults)).toHaveLength(1);
    expect(await db.select().from(callbackAttempts)).toHaveLength(1);
  });

  it('an attempt the call recorded by itself is not taken for a repeat of the script submit', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id, 'no_answer');
    // The call was not answered: the telephony layer recorded attempt 1 as no answer.
    const { recordOutcome } = await import('@/lib/callbacks/outcome');
    await recordOutcome({ ctx: as(w.ann), input: { taskId: w.task.id, attemptNo: 1, outcome: 'no_answer', notes: '[auto] call' } });
    const error = await refusal(submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, attemptNo: 1, outcome: 'completed', answers: BEST } }), ConflictError);
    expect(error.code).toBe('desk.alreadyRecorded');
    expect(await db.select().from(callbackResults)).toHaveLength(0);
  });
});

describe('refusals write nothing', () => {
  it('a draft or a submit for a callback the agent does not hold: 409, the one "not yours" refusal', async () => {
    const w = await world();
    await take(w.ann);
    await saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: { identity: 'yes' }, notes: 'ann' } });

    const draftError = await refusal(saveCallbackDraft({ ctx: as(w.bob), input: { taskId: w.task.id, answers: { identity: 'no' }, notes: 'bob' } }), NotHolderError);
    expect(draftError).toMatchObject({ status: 409, code: 'callbacks.notHolder' });
    const submitError = await refusal(submitCallback({ ctx: as(w.bob), input: { taskId: w.task.id, outcome: 'completed', answers: BEST } }), NotHolderError);
    expect(submitError.status).toBe(409);
    // Bob's repeat of Ann's attempt number is no repeat either.
    await refusal(submitCallback({ ctx: as(w.bob), input: { taskId: w.task.id, attemptNo: 1, outcome: 'no_answer' } }), NotHolderError);

    const [draft] = await db.select().from(callbackDrafts);
    expect(draft).toMatchObject({ agentId: w.ann.id, answers: { identity: 'yes' }, notes: 'ann' });
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'held', holderId: w.ann.id, attempts: 0 });

    // Once Ann gives it back, she no longer holds it either.
    await releaseCallback({ ctx: as(w.ann), input: { taskId: w.task.id, reason: 'break' } });
    await refusal(saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: {}, notes: '' } }), NotHolderError);
    await refusal(submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'refused' } }), NotHolderError);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown question', { ...BEST, bogus: 'yes' }, 'answers.bogus', 'scripts.unknownQuestion'],
    ['an option the question does not have', { ...BEST, purpose: 'maybe' }, 'answers.purpose', 'scripts.unknownOption'],
    ['a rating out of 1–5', { ...BEST, satisfaction: '7' }, 'answers.satisfaction', 'scripts.answerOutOfRange'],
  ])('answers that do not fit the version are refused naming the question: %s', async (_name, answers, field, code) => {
    const w = await world();
    await take(w.ann);
    await saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: { identity: 'yes' }, notes: '' } });
    for (const attempt of [
      () => saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers, notes: '' } }),
      () => submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers } }),
    ]) {
      const error = await refusal(attempt(), ValidationError);
      expect(error.code).toBe('scripts.answersRefused');
      expect(error.issues).toContainEqual(expect.objectContaining({ field, code }));
      expect(String(error.params.questions)).toContain(field.slice('answers.'.length));
    }
    const [draft] = await db.select().from(callbackDrafts);
    expect(draft.answers).toEqual({ identity: 'yes' });
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'held', attempts: 0 });
  });

  it('a completed submit missing a required answer is refused naming it; a draft may be unfinished', async () => {
    const w = await world();
    await take(w.ann);
    const unfinished = { identity: 'yes', visited: 'yes', purpose: 'match', satisfaction: '5' };
    await saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: unfinished, notes: '' } });
    const error = await refusal(submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: unfinished } }), ValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ field: 'answers.visit_type', code: 'scripts.missingAnswer' })]);
    expect(await db.select().from(callbackResults)).toHaveLength(0);
  });

  it('an appointment outside calling hours is refused at the field and nothing is written', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id);
    await saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: { identity: 'yes' }, notes: '' } });
    const error = await refusal(
      submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'appointment', appointmentAt: '2026-11-28T10:00', notes: '周六不行' } }),
      ValidationError,
    );
    expect(error.issues[0]).toMatchObject({ field: 'appointmentAt', code: 'calling.appointmentOutsideHours' });
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
    expect(await db.select().from(callbackDrafts)).toHaveLength(1);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'callback.submitted'))).toHaveLength(0);
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'held', holderId: w.ann.id });
  });
});

describe('outcomes other than a completed script', () => {
  it('the script ending the call ("not this person") stores that outcome, unscored', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id);
    const r = await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: { identity: 'no' } } });
    expect(r).toMatchObject({ outcome: 'wrong_person', state: 'closed', scored: null });
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'closed', outcome: 'wrong_person', result: null, score: null });
    expect(await db.select().from(callbackResults)).toHaveLength(0);
    // A closed callback: the verdict is recomputed (no verification happened).
    expect(await queue('assessment').getJob(`verdicts.visit.${w.task.visitId}.callback-${w.task.id}-1`)).toBeTruthy();
  });

  it('no answer retries per the rules and drops the draft; the next attempt starts afresh', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id, 'no_answer');
    await saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: { identity: 'yes' }, notes: '响铃无人接' } });
    const r = await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'no_answer', notes: '响铃无人接' } });
    expect(r).toMatchObject({ outcome: 'no_answer', state: 'waiting', scored: null });
    expect(r.nextAttemptAt!.getTime()).toBe(at('2026-11-27 14:00').getTime());
    expect(await db.select().from(callbackDrafts)).toHaveLength(0);
    expect(await deskSubmission({ ctx: as(w.ann), input: { taskId: w.task.id } })).toMatchObject({ outcome: 'no_answer', state: 'waiting', automatic: false, result: null });
    // Not Bob's attempt: he sees nothing of it.
    expect(await deskSubmission({ ctx: as(w.bob), input: { taskId: w.task.id } })).toBeNull();
  });

  it('a partial interview keeps its answers and score for review; the verdict is not the task’s', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id);
    const r = await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'partial', answers: { identity: 'yes', visited: 'yes' } } });
    expect(r).toMatchObject({ outcome: 'partial', state: 'closed', scored: { score: 40, result: 'invalid' } });
    expect(await taskRow(w.task.id)).toMatchObject({ outcome: 'partial', result: null, score: null });
  });

  it('a draft another agent left (the task was released) starts empty for the new holder, on the same version', async () => {
    const w = await world();
    await take(w.ann);
    const annView = (await openDeskCallback({ ctx: as(w.ann) }))!;
    await saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: { identity: 'yes' }, notes: 'ann' } });
    await releaseCallback({ ctx: as(w.ann), input: { taskId: w.task.id, reason: 'break' } });
    await take(w.bob, '2026-11-27 09:45');
    const bobView = (await openDeskCallback({ ctx: as(w.bob, '2026-11-27 09:46') }))!;
    expect(bobView.draft).toMatchObject({ answers: {}, notes: '' });
    expect(bobView.script!.versionId).toBe(annView.script!.versionId);
  });
});

describe('what reaches the browser', () => {
  it('a blind version: the view carries no report details; the answers are compared with the report on the server', async () => {
    const w = await world();
    const standard = await ensureDefaultScript(db);
    expect(standard.created).toEqual([]);
    const blind = (await listScripts({ ctx: ctxAs(db, w.staff) })).find((s) => s.name === DEFAULT_BLIND_SCRIPT_NAME)!;
    await assignScript({ ctx: ctxAs(db, w.staff), input: { slot: 'A', scriptId: blind.id } });
    await take(w.ann);
    await called(w.task.id);
    const view = (await openDeskCallback({ ctx: as(w.ann) }))!;
    expect(view.script).toMatchObject({ blind: true, scriptName: DEFAULT_BLIND_SCRIPT_NAME });
    expect(view.visit).toBeNull();
    expect(view.visitContext).toMatchObject({ visitDate: null, visitType: null, purpose: null });
    expect(view.visitContext.customer).toBeTruthy();
    const json = JSON.stringify(view);
    for (const detail of ['回访测试拜访', '2026-11-02', 'reportedAt', 'checkInMethod', 'purpose":"']) expect(json).not.toContain(detail);

    const r = await submitCallback({
      ctx: as(w.ann),
      input: { taskId: w.task.id, outcome: 'completed', answers: { identity: 'yes', visited: 'yes', visit_date: '2026-11-03', visit_type: 'on_site', topics: '谈了专线', satisfaction: '5' } },
    });
    // 10 + 30 + 20 (a day off: within 3) + 20 (on site, as reported) + 20.
    expect(r.scored).toMatchObject({ score: 100, result: 'valid' });
    const [stored] = await db.select().from(callbackResults);
    expect(stored.comparison).toMatchObject({
      visit_date: { status: 'match', reported: '2026-11-02' },
      visit_type: { status: 'match', reported: 'on_site' },
      topics: { status: 'review', answer: '谈了专线', reported: '回访测试拜访 0' },
    });
  });

  it('no serialized view, draft, submit or result carries the full contact number', async () => {
    const w = await world();
    const national = w.phone.replace(/^\+86/, '');
    expect(national).toMatch(/^1\d{10}$/);
    await take(w.ann);
    await called(w.task.id);
    const texts: string[] = [];
    const view = (await openDeskCallback({ ctx: as(w.ann) }))!;
    texts.push(JSON.stringify(view));
    expect(view.contacts[0].phoneMasked).toBe(`${national.slice(0, 3)}****${national.slice(-4)}`);
    texts.push(JSON.stringify(await saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: { identity: 'yes' }, notes: '' } })));
    texts.push(JSON.stringify(await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: BEST } })));
    texts.push(JSON.stringify(await deskSubmission({ ctx: as(w.ann), input: { taskId: w.task.id } })));
    for (const text of texts) {
      expect(text).not.toContain(national);
      expect(text).not.toContain(w.phone);
    }
    const attempts = await db.select().from(callbackAttempts).orderBy(asc(callbackAttempts.attemptNo));
    expect(attempts).toHaveLength(1);
  });
});

/** Issue 10, 1 and 2: a result rests on the call the provider recorded; put back only before the contact's phone rang. */
describe('results rest on evidence', () => {
  // Question 2 否 — the knock-out — jumps to the remarks.
  const KNOCK_OUT = { identity: 'yes', visited: 'no', remarks: '客户说没见过经理' };

  async function nothingWritten(w: Awaited<ReturnType<typeof world>>) {
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);
    expect(await db.select().from(callbackResults)).toHaveLength(0);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'callback.submitted'))).toHaveLength(0);
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'held', holderId: w.ann.id, attempts: 0, result: null, score: null });
    // The verdict is untouched: nothing was asked of it, and it has no version.
    const jobs = await queue('assessment').getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed']);
    expect(jobs.filter((j) => j.data?.visitId === w.task.visitId)).toHaveLength(0);
    expect(await db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, w.task.visitId))).toHaveLength(0);
  }

  it('a completed knock-out callback without any call is refused with a clear message, and nothing is written', async () => {
    const w = await world();
    await take(w.ann);
    await saveCallbackDraft({ ctx: as(w.ann), input: { taskId: w.task.id, answers: KNOCK_OUT, notes: '客户说没见过经理' } });
    const error = await refusal(submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: KNOCK_OUT, notes: '客户说没见过经理' } }), OutcomeEvidenceError);
    expect(error).toMatchObject({ code: 'callbacks.evidence.noCallManualOff', params: { outcome: 'completed' }, status: 409 });
    await nothingWritten(w);
    // The draft is kept: once the agent really calls, nothing is lost.
    expect((await db.select().from(callbackDrafts))[0].answers).toEqual(KNOCK_OUT);
  });

  it.each<[string, ProviderCallResult, string]>([
    ['the contact did not answer', 'no_answer', 'callbacks.evidence.notAnswered'],
    ["only the agent's own phone rang", 'agent_unanswered', 'callbacks.evidence.notAnswered'],
    ['an answering machine answered', 'machine', 'callbacks.evidence.machineAnswered'],
  ])('completed is refused when %s', async (_name, result, code) => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id, result);
    const error = await refusal(submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: BEST } }), OutcomeEvidenceError);
    expect(error.code).toBe(code);
    await nothingWritten(w);
  });

  it('a call of an earlier attempt is no evidence for this one', async () => {
    const w = await world();
    await take(w.ann);
    await providerCall(db, { taskId: w.task.id, result: 'answered', attemptNo: 2, at: at('2026-11-27 09:31') });
    await refusal(submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: BEST } }), OutcomeEvidenceError);
    await nothingWritten(w);
  });

  it("another agent's call is no evidence for this agent's result", async () => {
    const w = await world();
    await take(w.ann);
    await providerCall(db, { taskId: w.task.id, agentId: w.bob.id, result: 'answered', at: at('2026-11-27 09:31') });
    await refusal(submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: BEST } }), OutcomeEvidenceError);
    await nothingWritten(w);
  });

  it('"no answer" for a call the contact answered is refused', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id, 'answered');
    const error = await refusal(submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'no_answer' } }), OutcomeEvidenceError);
    expect(error.code).toBe('callbacks.evidence.contactAnswered');
    await nothingWritten(w);
  });

  it('manual call: refused while the calling rules do not allow it; allowed, it needs a note and is stored as manual without a call', async () => {
    const w = await world();
    await take(w.ann);
    const manual = { taskId: w.task.id, outcome: 'completed' as const, answers: KNOCK_OUT, manual: true };
    const off = await refusal(submitCallback({ ctx: as(w.ann), input: { ...manual, notes: '电话系统故障，已用座机 8001 拨打' } }), OutcomeEvidenceError);
    expect(off.code).toBe('callbacks.evidence.manualOff');
    await nothingWritten(w);

    await callAroundTheClock(db, { manualCallsAllowed: true });
    const noNote = await refusal(submitCallback({ ctx: as(w.ann), input: { ...manual, notes: '座机' } }), ValidationError);
    expect(noNote.issues).toEqual([expect.objectContaining({ field: 'notes', code: 'callbacks.manualNoteRequired' })]);
    expect(await db.select().from(callbackAttempts)).toHaveLength(0);

    const r = await submitCallback({ ctx: as(w.ann), input: { ...manual, notes: '电话系统故障，已用座机 8001 拨打' } });
    expect(r).toMatchObject({ outcome: 'completed', state: 'closed', scored: { result: 'invalid', knockedOut: 'visited' } });
    const [attempt] = await db.select().from(callbackAttempts);
    expect(attempt).toMatchObject({ manual: true, callId: null, notes: '电话系统故障，已用座机 8001 拨打' });
    expect(await deskSubmission({ ctx: as(w.ann), input: { taskId: w.task.id } })).toMatchObject({ manual: true });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'callback.submitted'))).toEqual([expect.objectContaining({ after: expect.objectContaining({ manual: true, callId: null }) })]);
  });

  it('the desk view says whether manual calls are allowed', async () => {
    const w = await world();
    await take(w.ann);
    expect((await openDeskCallback({ ctx: as(w.ann) }))!.manualCallsAllowed).toBe(false);
    await callAroundTheClock(db, { manualCallsAllowed: true });
    expect((await openDeskCallback({ ctx: as(w.ann) }))!.manualCallsAllowed).toBe(true);
  });

  it('put back is refused once the attempt rang the contact; the attempt must end with an outcome', async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id, 'answered');
    const error = await refusal(releaseCallback({ ctx: as(w.ann), input: { taskId: w.task.id, reason: 'break' } }), ReleaseAfterContactError);
    expect(error).toMatchObject({ code: 'callbacks.releaseAfterContact', status: 409 });
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'held', holderId: w.ann.id, attempts: 0 });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'callback.released'))).toHaveLength(0);
    // The outcome is what ends it.
    await submitCallback({ ctx: as(w.ann), input: { taskId: w.task.id, outcome: 'completed', answers: BEST } });
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'closed', attempts: 1 });
  });

  it("put back is refused while the contact's phone is ringing", async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id, 'ringing');
    await refusal(releaseCallback({ ctx: as(w.ann), input: { taskId: w.task.id, reason: 'break' } }), ReleaseAfterContactError);
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'held', attempts: 0 });
  });

  it("put back still works before any call, and after a call that only rang the agent's own phone", async () => {
    const w = await world();
    await take(w.ann);
    await called(w.task.id, 'agent_unanswered');
    await releaseCallback({ ctx: as(w.ann), input: { taskId: w.task.id, reason: 'technical' } });
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'ready', holderId: null, attempts: 0 });
    await take(w.ann, '2026-11-27 09:45');
    await releaseCallback({ ctx: as(w.ann, '2026-11-27 09:46'), input: { taskId: w.task.id, reason: 'break' } });
    expect(await taskRow(w.task.id)).toMatchObject({ state: 'ready', attempts: 0 });
  });

  it('今日拨打 / 今日接通 count the call records, not submissions', async () => {
    const w = await world();
    await take(w.ann);
    const first = w.task.id;
    await called(first, 'no_answer', '2026-11-27 09:31');
    await called(first, 'machine', '2026-11-27 09:33');
    await called(first, 'answered', '2026-11-27 09:35');
    // Yesterday's call and another agent's are not today's calls of Ann.
    await providerCall(db, { taskId: first, agentId: w.ann.id, result: 'answered', at: at('2026-11-26 15:00') });
    await providerCall(db, { taskId: first, agentId: w.bob.id, result: 'answered', at: at('2026-11-27 09:20') });
    await submitCallback({ ctx: as(w.ann), input: { taskId: first, outcome: 'completed', answers: BEST } });
    const overview = await deskOverview({ ctx: as(w.ann, '2026-11-27 10:00') });
    expect(overview.today).toMatchObject({ calls: 3, answered: 1, attempts: 1, completed: 1 });
  });
});
