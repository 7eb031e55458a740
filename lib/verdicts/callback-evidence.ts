import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rows } from '@/lib/platform/core/sql';
import { REACHED_OUTCOMES } from '@/lib/calling/evidence';
import { isChoice, readDefinition, type ScriptDefinition, type VisitContext } from '@/lib/scripts/definition';
import { fillPlaceholders } from '@/lib/scripts/placeholders';

/**
 * A callback's answers as a reviewer reads them (pure): in script order, the question as it was
 * read out, the answer as the agent recorded it (option labels, not ids) and the points it gave.
 */
export interface AnswerRow {
  question: string;
  answer: string;
  points: number | null;
}

const answered = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * `comparison` is the stored comparison with the report (callback_results.comparison, by question
 * id): the points a matching answer earned are added to the question's.
 */
export function answerRows(
  definition: ScriptDefinition,
  answers: Record<string, unknown>,
  context: VisitContext,
  comparison: Record<string, { points?: number }> | null = null,
): AnswerRow[] {
  const out: AnswerRow[] = [];
  for (const q of definition.questions) {
    const value = answers[q.id];
    if (!answered(value)) continue;
    const question = fillPlaceholders(q.text, context);
    const compared = comparison?.[q.id]?.points;
    if (isChoice(q.type)) {
      const ids = (Array.isArray(value) ? value : [value]).map(String);
      const chosen = ids.map((id) => q.options.find((o) => o.id === id));
      out.push({
        question,
        answer: chosen.map((o, i) => o?.label ?? ids[i]).join('、'),
        points: chosen.reduce((n, o) => n + (o?.points ?? 0), 0) + (compared ?? 0),
      });
    } else {
      out.push({ question, answer: Array.isArray(value) ? value.map(String).join('、') : String(value), points: compared ?? null });
    }
  }
  return out;
}

/** A call placed through the telephony provider for a callback (never its phone numbers). */
export interface CallView {
  id: string;
  /** The attempt the call was placed for (null on calls made before attempts were kept). */
  attemptNo: number | null;
  status: string;
  customerLegStatus: string | null;
  createdAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  /** The call's status history as the provider reported it (empty for readers who get no history). */
  events: { at: Date; leg: string; status: string }[];
  /** Whether the provider kept a recording of it. */
  recorded: boolean;
  /** Authorised playback route when recorded and the reader may listen, else null. */
  recordingHref: string | null;
}

export interface AttemptView {
  attemptNo: number;
  outcome: string;
  /** Null when the reader does not see agents' names (shown as "回访坐席"). */
  agentName: string | null;
  endedAt: Date;
  notes: string;
  /** 人工拨打: dialled from a desk phone, no call record; the notes say why. */
  manual: boolean;
  /** The call this outcome rests on. */
  callId: string | null;
  /**
   * An outcome that says the contact was reached, neither a manual call nor backed by a call of
   * its attempt: a result without its evidence, shown as such.
   */
  withoutCall: boolean;
}

export interface CallbackEvidence {
  taskId: string;
  origin: 'sampled' | 'recheck';
  state: string;
  outcome: string | null;
  /** Why staff or a dispute decision cancelled it. */
  cancelReason: string | null;
  agentName: string | null;
  attempts: AttemptView[];
  /** The scored result, with the script version it was scored with. */
  result: {
    score: number | null;
    maxScore: number | null;
    knockedOut: string | null;
    scriptName: string;
    scriptVersion: number;
    submittedAt: Date;
    /** The attempt it was recorded on, and whether that attempt was a manual call. */
    attemptNo: number | null;
    manual: boolean;
    /** Question text and the answer as the agent recorded it, in script order. */
    answers: AnswerRow[];
  } | null;
  calls: CallView[];
}

/**
 * What a reader sees of the callbacks: staff and admin everything (agents' names, call status
 * histories, recordings); a manager or supervisor the facts a verdict rests on — times,
 * durations, outcomes, answers and score — of callbacks that are over, without agents' names,
 * status histories or recordings.
 */
export interface EvidenceView {
  full: boolean;
}

const asDate = (v: Date | string) => new Date(v);
const asDateOrNull = (v: Date | string | null) => (v === null ? null : new Date(v));
const OPEN_TASK_STATES = new Set(['waiting', 'ready', 'held']);

/**
 * The callbacks of one visit (sampled first, then re-callbacks) with their attempts, calls and
 * latest scored result: three queries whatever the number of tasks. The caller has checked the
 * reader may see the visit. Used by the dispute review and the verdict's evidence alike.
 */
export function loadCallbackEvidence(db: DbOrTx, visitId: string, context: VisitContext, view: EvidenceView): Promise<CallbackEvidence[]> {
  return loadEvidenceOfTasks(db, sql`visit_id = ${visitId}::uuid`, context, view);
}

/**
 * The callbacks of one spot-check item (电话抽查: the day's callback, then a dispute's re-callbacks),
 * read as a visit's are. The caller has checked the reader may see the spot check.
 */
export function loadSpotCheckCallbackEvidence(db: DbOrTx, spotCheckItemId: string, context: VisitContext, view: EvidenceView): Promise<CallbackEvidence[]> {
  return loadEvidenceOfTasks(db, sql`spot_check_item_id = ${spotCheckItemId}::uuid`, context, view);
}

async function loadEvidenceOfTasks(db: DbOrTx, subject: SQL, context: VisitContext, view: EvidenceView): Promise<CallbackEvidence[]> {
  const all = await rows<{ id: string; origin: 'sampled' | 'recheck'; state: string; outcome: string | null; cancelReason: string | null }>(
    db,
    sql`select id, origin, state, outcome, cancel_reason as "cancelReason" from callback_tasks
         where ${subject} order by (origin = 'sampled') desc, created_at, id`,
  );
  // A callback still under way is not shown outside the department: nothing to read yet, and
  // nothing that could reach the contact before the call does.
  const tasks = view.full ? all : all.filter((t) => !OPEN_TASK_STATES.has(t.state));
  if (tasks.length === 0) return [];
  const taskIds = `{${tasks.map((t) => t.id).join(',')}}`;
  const [attempts, results, calls] = await Promise.all([
    rows<{ taskId: string; attemptNo: number; outcome: string; agentName: string; endedAt: Date | string; notes: string; manual: boolean; callId: string | null }>(
      db,
      sql`select a.task_id as "taskId", a.attempt_no as "attemptNo", a.outcome, u.display_name as "agentName", a.ended_at as "endedAt", a.notes,
                 a.manual, a.call_id as "callId"
            from callback_attempts a join users u on u.id = a.agent_id
           where a.task_id = any(${taskIds}::uuid[]) order by a.task_id, a.attempt_no`,
    ),
    rows<{
      taskId: string;
      score: number;
      maxScore: number;
      knockedOut: string | null;
      answers: Record<string, unknown>;
      comparison: Record<string, { points?: number }> | null;
      submittedAt: Date | string;
      agentName: string;
      scriptName: string;
      scriptVersion: number;
      definition: unknown;
      attemptNo: number | null;
      manual: boolean | null;
    }>(
      db,
      sql`select distinct on (r.task_id) r.task_id as "taskId", r.score, r.max_score as "maxScore", r.knocked_out as "knockedOut", r.answers, r.comparison,
                 r.submitted_at as "submittedAt", u.display_name as "agentName", s.name as "scriptName", sv.version as "scriptVersion", sv.definition,
                 a.attempt_no as "attemptNo", a.manual
            from callback_results r
            join users u on u.id = r.agent_id
            join script_versions sv on sv.id = r.script_version_id
            join callback_scripts s on s.id = sv.script_id
            left join callback_attempts a on a.id = r.attempt_id
           where r.task_id = any(${taskIds}::uuid[])
           order by r.task_id, r.submitted_at desc, r.id desc`,
    ),
    rows<{
      id: string;
      taskId: string;
      attemptNo: number | null;
      status: string;
      customerLegStatus: string | null;
      createdAt: Date | string;
      answeredAt: Date | string | null;
      endedAt: Date | string | null;
      durationSeconds: number | null;
      recorded: boolean;
      events: { at: string; leg: string; status: string }[];
    }>(
      db,
      sql`select c.id, c.task_id as "taskId", c.attempt_no as "attemptNo", c.status, c.customer_leg_status as "customerLegStatus", c.created_at as "createdAt",
                 c.answered_at as "answeredAt", c.ended_at as "endedAt", c.duration_seconds as "durationSeconds",
                 (c.recording_sid is not null or c.recording_url is not null) as recorded,
                 ${
                   view.full
                     ? sql`coalesce((select json_agg(json_build_object('at', e.received_at, 'leg', e.leg, 'status', e.status) order by e.received_at, e.sequence)
                             from call_events e where e.call_id = c.id), '[]'::json)`
                     : sql`'[]'::json`
                 } as events
            from calls c where c.task_id = any(${taskIds}::uuid[]) order by c.created_at, c.id`,
    ),
  ]);
  const name = (n: string) => (view.full ? n : null);
  return tasks.map((t) => {
    const mine = attempts.filter((a) => a.taskId === t.id);
    const result = results.find((r) => r.taskId === t.id);
    let answers: AnswerRow[] = [];
    // A reader reads "第2题", not a question id: the question's position in its script version.
    let knockedOut = result?.knockedOut ?? null;
    if (result) {
      try {
        const definition = readDefinition(result.definition);
        answers = answerRows(definition, result.answers, context, result.comparison);
        const at = definition.questions.findIndex((q) => q.id === result.knockedOut);
        if (at >= 0) knockedOut = String(at + 1);
      } catch {
        answers = [];
      }
    }
    const callViews: CallView[] = calls
      .filter((c) => c.taskId === t.id)
      .map((c) => ({
        id: c.id,
        attemptNo: c.attemptNo,
        status: c.status,
        customerLegStatus: c.customerLegStatus,
        createdAt: asDate(c.createdAt),
        answeredAt: asDateOrNull(c.answeredAt),
        endedAt: asDateOrNull(c.endedAt),
        durationSeconds: c.durationSeconds,
        events: c.events.map((e) => ({ at: new Date(e.at), leg: e.leg, status: e.status })),
        recorded: c.recorded,
        recordingHref: c.recorded && view.full ? `/api/calls/${c.id}/recording` : null,
      }));
    const agentName = result?.agentName ?? mine.at(-1)?.agentName ?? null;
    return {
      taskId: t.id,
      origin: t.origin,
      state: t.state,
      outcome: t.outcome,
      cancelReason: t.cancelReason,
      agentName: agentName === null ? null : name(agentName),
      attempts: mine.map((a) => ({
        attemptNo: a.attemptNo,
        outcome: a.outcome,
        agentName: name(a.agentName),
        endedAt: asDate(a.endedAt),
        notes: a.notes,
        manual: a.manual,
        callId: a.callId,
        withoutCall:
          (REACHED_OUTCOMES as readonly string[]).includes(a.outcome) && !a.manual && a.callId === null && !callViews.some((c) => c.attemptNo === a.attemptNo),
      })),
      result: result
        ? {
            score: result.score,
            maxScore: result.maxScore,
            knockedOut,
            scriptName: result.scriptName,
            scriptVersion: result.scriptVersion,
            submittedAt: asDate(result.submittedAt),
            attemptNo: result.attemptNo,
            manual: result.manual ?? false,
            answers,
          }
        : null,
      calls: callViews,
    };
  });
}
