import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/client';
import { auditRowsFrom } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { decideAfterAttempt, type CallOutcome } from '@/lib/calling/outcomes';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { requestCallbackFollowUp, type CallbackFollowUp } from '@/lib/campaigns/follow-up';
import { subjectOf, type CallbackSubject, type CampaignKind } from '@/lib/campaigns/kinds';
import { abandonedAttemptEvidence, judgeOutcomeEvidence } from '@/lib/calling/evidence';
import { AMD_STATUS_PREFIX } from '@/lib/calling/call-record';
import { NotHolderError, OutcomeEvidenceError } from './errors';
import { callingPolicyColumn, callingPolicyFromRow } from './policy';
import { recordOutcomeInput, type RecordOutcomeInput } from './schemas';
import { scheduleDueTimer } from './timers';
import { parseInput } from '@/lib/platform/core/parse-input';

export interface OutcomeResult {
  taskId: string;
  attemptNo: number;
  outcome: CallOutcome;
  /** waiting = it comes back at nextAttemptAt (a retry or an appointment). */
  state: 'waiting' | 'closed' | 'unreachable';
  nextAttemptAt: Date | null;
  /** True when this was a repeated submit of an attempt already recorded. */
  replayed: boolean;
}

const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function readAppointment(text: string | null | undefined, timeZone: string): Date | null {
  if (!text) return null;
  const at = ZONED_ISO.test(text) ? new Date(text) : parseLocalDateTime(text, timeZone);
  if (!at || Number.isNaN(at.getTime())) throw ValidationError.field('appointmentAt', 'calling.appointmentInvalid');
  return at;
}

/** What outcomeStateColumns reads. */
export interface OutcomeState {
  task: { id: string; kind: CampaignKind; visit_id: string | null; spot_check_item_id: string | null; state: string; holder_id: string | null; attempts: number; held_at: string | null; next_attempt_at: string } | null;
  attempts: { attempt_no: number; agent_id: string; outcome: CallOutcome; ended_at: string }[];
  /** The calls placed for the attempt being recorded, as the provider recorded them. */
  calls: { id: string; status: string; customer_leg_status: string | null; answered_at: string | null; answered_by: string | null; error_code: string | null; created_at: string }[];
  policy: { version: number; value: unknown } | null;
}

/**
 * Records how an attempt ended and applies the retry rules (lib/calling/outcomes.ts): a callback
 * attempt row, then the task goes back to waiting (retry after the spacing, or the agreed
 * appointment) with a 'callback.due' timer, or ends closed / unreachable. Only the holder can.
 * Idempotent against a double submit: the same attempt number again returns the first result.
 *
 * Every path that records an outcome comes through here (the desk's submit, the API's finish and
 * outcome routes, the telephony's automatic outcome), so this is where the outcome must rest on
 * evidence (lib/calling/evidence.ts): the attempt's calls as the provider recorded them, or a
 * manual call (人工拨打) when the calling rules allow it, with a note. A refusal writes nothing;
 * the attempt row keeps the call it rests on (call_id) or the manual mark.
 *
 * One read (task, earlier attempts, the attempt's calls, calling policy) and one guarded write (task, attempt row and
 * audit entry in a single statement that only applies if the task is still held by this agent at
 * the attempt count read): agents record outcomes all day, and every round trip counts. When the
 * guard fails, something changed in between — the verb reads again and answers from what is there.
 *
 * A callback that ended here (closed or unreachable) changes its visit's verdict: the
 * re-evaluation ('verdicts.visit') may only be requested once the write has committed. So there
 * are two entries, and no guessing which one applies:
 * - `recordOutcome`, on the database itself: the one statement has committed when it returns,
 *   and the re-evaluation is requested at once. Refuses a transaction handle (a programming error).
 * - `recordOutcomeInTransaction`, inside a caller's transaction (the desk's submit, the telephony
 *   settle, an abandoned attempt): returns `afterCommit`, the re-evaluation for the caller to
 *   request (requestVerdictForVisit) after its own commit — and not at all if it rolls back.
 */
export async function recordOutcome({ ctx, input }: { ctx: Ctx; input: RecordOutcomeInput }): Promise<OutcomeResult> {
  if (ctx.db instanceof PgTransaction) throw new Error('recordOutcome inside a transaction: use recordOutcomeInTransaction and request its afterCommit once committed');
  const { result, afterCommit } = await record(ctx, input, false);
  if (afterCommit) await requestCallbackFollowUp(afterCommit);
  return result;
}

/** What an outcome recorded inside a transaction leaves to do once that transaction commits. */
export interface OutcomeInTransaction {
  result: OutcomeResult;
  /** The campaign's follow-up the outcome calls for (it ended the callback: the visit's verdict, the spot check's finding), or null. */
  afterCommit: CallbackFollowUp | null;
}

/**
 * recordOutcome inside the caller's transaction (see above). `abandoned`: the system's own record
 * of an attempt left unfinished after the contact was dialled (lib/callbacks/abandon.ts).
 */
export async function recordOutcomeInTransaction({
  ctx,
  input,
  abandoned = false,
}: {
  ctx: Ctx & { db: Tx };
  input: RecordOutcomeInput;
  abandoned?: boolean;
}): Promise<OutcomeInTransaction> {
  return record(ctx, input, abandoned);
}

async function record(ctx: Ctx, input: RecordOutcomeInput, abandoned: boolean): Promise<OutcomeInTransaction> {
  assertRole(ctx.actor, 'agent');
  const data = parseInput(recordOutcomeInput, input);
  // An abandoned attempt is the system's record, never an agent's choice: always a technical failure.
  if (abandoned && data.outcome !== 'technical_failure') throw new ConflictError('callbacks.evidence.disagrees', { outcome: data.outcome });
  for (let round = 0; ; round++) {
    const recorded = await recordOnce(ctx, data, abandoned);
    if (recorded !== 'changed') {
      await scheduleAfterOutcome(recorded);
      return settledOutcome(recorded);
    }
    if (round >= 2) throw new NotHolderError();
  }
}

/** An outcome as decided and stored, with the campaign subject its follow-up is for. */
export type RecordedOutcome = OutcomeResult & { subject: CallbackSubject };

/** The answer of an outcome once stored: the result, and the follow-up it calls for when it ended the callback. */
export function settledOutcome(recorded: RecordedOutcome): OutcomeInTransaction {
  const { subject, ...result } = recorded;
  const ended = !result.replayed && result.state !== 'waiting';
  return { result, afterCommit: ended ? { subject, event: outcomeVerdictEvent(result) } : null };
}

/** The due timer of a callback the outcome left waiting (a retry, an appointment). */
export async function scheduleAfterOutcome(result: OutcomeResult): Promise<void> {
  // A due timer left by a later rollback is harmless: it is checked against the task when it fires.
  if (!result.replayed && result.state === 'waiting' && result.nextAttemptAt) await scheduleDueTimer(result.taskId, result.nextAttemptAt);
}

/**
 * The 'verdicts.visit' event of an attempt that ended its callback: one per task and attempt
 * (whichever path recorded it — the desk, the outcome route, an automatic telephony outcome).
 */
export function outcomeVerdictEvent(result: { taskId: string; attemptNo: number }): string {
  return `callback-${result.taskId}-${result.attemptNo}`;
}

async function recordOnce(ctx: Ctx, data: OutcomeData, abandoned: boolean): Promise<RecordedOutcome | 'changed'> {
  const now = ctx.now();
  const [state] = (await ctx.db.execute(sql`select ${outcomeStateColumns(data, ctx.actor.id, now)}`)) as unknown as OutcomeState[];
  const plan = planOutcome(state, data, ctx.actor.id, now, abandoned);
  if (plan.kind === 'replayed') return plan.recorded;
  const [written] = (await ctx.db.execute(sql`with ${plan.write} select id from updated`)) as unknown as { id: string }[];
  return written ? plan.recorded : 'changed';
}

/** An outcome's input, parsed. */
export type OutcomeData = ReturnType<typeof recordOutcomeInput.parse>;

/**
 * The read that decides an outcome, as the columns of a select (task, attempts, calls, policy):
 * on its own for recordOutcome, or with more columns beside it in the same round trip ("save
 * and next", lib/desk/next.ts).
 */
export function outcomeStateColumns(data: { taskId: string; attemptNo: number }, agentId: string, now: Date): SQL {
  return sql`
      (select row_to_json(t) from (
        select id, kind, visit_id, spot_check_item_id, state, holder_id, attempts, held_at, next_attempt_at from callback_tasks where id = ${data.taskId}) t) as task,
      (select coalesce(json_agg(a order by a.attempt_no), '[]'::json) from (
        select attempt_no, agent_id, outcome, ended_at from callback_attempts where task_id = ${data.taskId}) a) as attempts,
      -- The evidence: this agent's calls of the attempt, with what answering-machine detection said
      -- of each — an outcome is the word of the agent who was on the call. (A call placed before
      -- calls kept their attempt counts for the hold it was placed in.)
      (select coalesce(json_agg(c order by c.created_at), '[]'::json) from (
        select c.id, c.status, c.customer_leg_status, c.answered_at, c.error_code, c.created_at,
               (select substr(e.status, ${AMD_STATUS_PREFIX.length + 1}) from call_events e
                 where e.call_id = c.id and e.status like ${AMD_STATUS_PREFIX + '%'} order by e.received_at desc limit 1) as answered_by
          from calls c
         where c.task_id = ${data.taskId} and c.agent_id = ${agentId}
           and (c.attempt_no = ${data.attemptNo}
                or (c.attempt_no is null and c.created_at >= (select held_at from callback_tasks where id = ${data.taskId})))) c) as calls,
      ${callingPolicyColumn(now)}`;
}

/**
 * What to do with an outcome, decided from what outcomeStateColumns read: answer a repeated
 * submit with the first result, or write — `write` being the CTEs of the guarded write (task,
 * attempt row, audit entry, a re-callback's notice), to run as `with ${write} select … from
 * updated`: `updated` returns the task's id only if it was still held by this agent at the
 * attempt count read (none: something changed in between; read again); `audit` returns its entry's
 * id, so a statement that goes on after the outcome can wait for it. Refusals throw.
 */
export function planOutcome(
  state: OutcomeState,
  data: OutcomeData,
  agentId: string,
  now: Date,
  abandoned: boolean,
): { kind: 'replayed'; recorded: RecordedOutcome } | { kind: 'write'; recorded: RecordedOutcome; write: SQL } {
  const task = state.task;
  if (!task) throw new NotFoundError();
  const policy = callingPolicyFromRow(state.policy);

  const same = state.attempts.find((a) => a.attempt_no === data.attemptNo);
  if (same) {
    if (same.agent_id !== agentId) throw new NotHolderError();
    const final = task.state === 'closed' || task.state === 'unreachable';
    return {
      kind: 'replayed',
      recorded: {
        subject: subjectOf({ kind: task.kind, visitId: task.visit_id, spotCheckItemId: task.spot_check_item_id }),
        taskId: task.id,
        attemptNo: same.attempt_no,
        outcome: same.outcome,
        state: final ? (task.state as 'closed' | 'unreachable') : 'waiting',
        nextAttemptAt: final ? null : new Date(task.next_attempt_at),
        replayed: true,
      },
    };
  }
  if (task.state !== 'held' || task.holder_id !== agentId) throw new NotHolderError();
  if (data.attemptNo !== task.attempts + 1) throw new ConflictError('callbacks.staleAttempt', { attempt: task.attempts + 1 });

  const calls = state.calls.map((c) => ({
    id: c.id,
    status: c.status,
    customerLegStatus: c.customer_leg_status,
    answeredAt: c.answered_at,
    answeredBy: c.answered_by,
    errorCode: c.error_code,
    createdAt: c.created_at,
  }));
  const evidence = abandoned
    ? (abandonedAttemptEvidence(calls) ?? { ok: false as const, code: 'callbacks.evidence.noCall' as const, params: { outcome: data.outcome } })
    : judgeOutcomeEvidence({ outcome: data.outcome, calls, manual: data.manual, manualAllowed: policy.manualCallsAllowed });
  if (!evidence.ok) throw new OutcomeEvidenceError(evidence.code, evidence.params.outcome);

  const appointmentAt = data.outcome === 'appointment' ? readAppointment(data.appointmentAt, policy.timeZone) : null;
  const decision = decideAfterAttempt({
    attempt: { outcome: data.outcome, appointmentAt },
    earlier: state.attempts.map((a) => ({ outcome: a.outcome, at: new Date(a.ended_at) })),
    now,
    calendar: policy.calendar,
    rules: policy.rules,
    timeZone: policy.timeZone,
  });
  if (decision.kind === 'invalid') {
    if (decision.field) throw ValidationError.field(decision.field, decision.code, decision.params);
    throw new ConflictError(decision.code, decision.params);
  }

  const nextState = decision.kind === 'retry' || decision.kind === 'appointment' ? 'waiting' : decision.kind;
  const nextAttemptAt = decision.kind === 'retry' || decision.kind === 'appointment' ? decision.nextAttemptAt : null;
  const finalOutcome = decision.kind === 'closed' ? decision.outcome : decision.kind === 'unreachable' ? data.outcome : null;
  const at = now.toISOString();
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const before = { state: task.state, attempts: task.attempts, nextAttemptAt: task.next_attempt_at };
  const after = {
    attemptNo: data.attemptNo,
    outcome: data.outcome,
    decision: decision.kind,
    state: nextState,
    nextAttemptAt: iso(nextAttemptAt),
    appointmentAt: decision.kind === 'appointment' ? iso(nextAttemptAt) : null,
    callId: evidence.callId,
    manual: evidence.manual,
  };
  const write = sql`
    updated as (
      update callback_tasks set
        state = ${nextState}::callback_state,
        holder_id = null, held_at = null, lease_expires_at = null,
        attempts = attempts + 1,
        last_outcome = ${data.outcome}::call_outcome,
        next_attempt_at = coalesce(${iso(nextAttemptAt)}::timestamptz, next_attempt_at),
        appointment_at = ${decision.kind === 'appointment' ? iso(nextAttemptAt) : null}::timestamptz,
        outcome = ${finalOutcome}::call_outcome,
        closed_at = ${finalOutcome ? at : null}::timestamptz,
        updated_at = ${at}
      where id = ${task.id} and state = 'held' and holder_id = ${agentId} and attempts = ${task.attempts}
      returning id
    ), attempt as (
      insert into callback_attempts (task_id, attempt_no, agent_id, outcome, appointment_at, notes, call_id, manual, started_at, ended_at)
      select id, ${data.attemptNo}, ${agentId}, ${data.outcome}::call_outcome, ${iso(appointmentAt)}::timestamptz, ${data.notes},
             ${evidence.callId}::uuid, ${evidence.manual}, coalesce(${task.held_at}::timestamptz, ${at}::timestamptz), ${at}
      from updated
    ), audit as (
      ${auditRowsFrom('updated', { actorId: agentId, action: 'callback.outcomeRecorded', entityType: 'callback_task', entityId: sql`updated.id::text`, before, after })}
      returning id
    ), notice as (
      -- A dispute's re-callback that ended tells its reviewer the evidence is in.
      insert into notifications (user_id, kind, params, link, created_at)
      select d.reviewer_id, 'recallback_done', jsonb_build_object('customer', c.name, 'month', d.month), '/disputes/' || d.id, ${at}::timestamptz
        from updated u join callback_tasks t on t.id = u.id join disputes d on d.id = t.dispute_id join customers c on c.id = t.customer_id
       where ${finalOutcome !== null} and d.reviewer_id is not null
    )`;
  return {
    kind: 'write',
    write,
    recorded: { subject: subjectOf({ kind: task.kind, visitId: task.visit_id, spotCheckItemId: task.spot_check_item_id }), taskId: task.id, attemptNo: data.attemptNo, outcome: data.outcome, state: nextState, nextAttemptAt, replayed: false },
  };
}
