import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rows } from '@/lib/platform/core/sql';
import type { MonthWindow } from '@/lib/platform/time/month-window';
import { DISPUTE_ENTITY } from '@/lib/disputes/file';
import { AMD_STATUS_PREFIX } from '@/lib/calling/call-record';
import { LISTED_PER_RULE, REACHED_OUTCOMES, type IntegrityProblem, type IntegrityRule, type ProblemDetails } from './rules';

/**
 * The links checked by set-based SQL: one statement per link over every row in scope (never a
 * query per row), each returning the first LISTED_PER_RULE problems and the total count.
 */

export interface Found {
  rule: IntegrityRule;
  problems: IntegrityProblem[];
  total: number;
}

interface Scope {
  /** The audited month, or null for every month. */
  window: MonthWindow | null;
  timeZone: string;
}

type Row = { entity_id: string; month: string | null; total: number } & ProblemDetails;

async function find(db: DbOrTx, rule: IntegrityRule, entityType: string, query: SQL): Promise<Found> {
  const found = await rows<Row>(db, sql`select x.*, count(*) over ()::int as total from (${query}) x order by x.month nulls first, x.entity_id limit ${LISTED_PER_RULE}`);
  return {
    rule,
    total: found[0]?.total ?? 0,
    problems: found.map(({ entity_id, month, total: _total, ...details }) => ({ rule, entityType, entityId: entity_id, month, details: normalise(details) })),
  };
}

function normalise(details: Record<string, unknown>): ProblemDetails {
  const out: ProblemDetails = {};
  for (const [k, v] of Object.entries(details)) out[k] = v === null || v === undefined ? null : typeof v === 'number' ? v : String(v);
  return out;
}

const monthOf = (column: SQL, tz: string) => sql`to_char(${column} at time zone ${tz}, 'YYYY-MM')`;

/** Restricts callback tasks `t` to the audited month (by the visit's time, as the assessment does). */
function taskInScope(s: Scope): SQL {
  return s.window ? sql`and t.visited_at >= ${s.window.start.toISOString()}::timestamptz and t.visited_at < ${s.window.end.toISOString()}::timestamptz` : sql``;
}

const REACHED = sql.raw(`(${REACHED_OUTCOMES.map((o) => `'${o}'`).join(', ')})`);

/**
 * The calls of attempt `a` that its agent placed (joined by task and attempt number, or by the
 * attempt's call_id) and how many of them a person answered — `contactEvidence` of
 * lib/calling/evidence.ts in SQL, over the calls the outcome verb reads (lib/callbacks/outcome.ts:
 * an outcome is the word of the agent who was on the call): placed (no error code), the contact's
 * leg answered (answered_at set, or in conversation or completed), and the latest answering-machine
 * detection not saying a machine (isMachine: "machine…" or "fax").
 */
const ATTEMPT_CALLS = sql`
  cross join lateral (
    select count(*)::int as calls,
           count(*) filter (where x.answered and not x.machine)::int as person,
           count(*) filter (where x.answered and x.machine)::int as machine
      from (
        select (k.error_code is null and (k.customer_leg_status in ('in-progress', 'completed') or k.answered_at is not null)) as answered,
               coalesce(amd.by like 'machine%' or amd.by = 'fax', false) as machine
          from calls k
          left join lateral (
            select substr(ev.status, ${AMD_STATUS_PREFIX.length + 1}) as by from call_events ev
             where ev.call_id = k.id and ev.status like ${`${AMD_STATUS_PREFIX}%`} order by ev.received_at desc limit 1
          ) amd on true
         where k.agent_id = a.agent_id and (k.id = a.call_id or (k.task_id = a.task_id and k.attempt_no = a.attempt_no))
      ) x
  ) e`;

/** 1. Reached outcomes, scored results and task results that rest on no answered call. */
export async function callbacksWithoutCall(db: DbOrTx, s: Scope): Promise<{ found: Found[]; manualAttempts: number }> {
  const tz = s.timeZone;
  // What a problem on an attempt or its result tells: where it is, and why its call does not count.
  const attemptColumns = sql`${monthOf(sql`t.visited_at`, tz)} as month, t.visit_id::text as "visitId", t.id::text as "taskId",
             c.name as customer, a.attempt_no as "attemptNo", a.outcome::text as outcome, e.calls, e.machine,
             case when e.calls = 0 then 'noCall' when e.machine > 0 then 'machine' else 'notAnswered' end as why`;
  const attempts = find(
    db,
    'callbackWithoutCall',
    'attempt',
    sql`
      select a.id::text as entity_id, ${attemptColumns}
        from callback_attempts a join callback_tasks t on t.id = a.task_id join customers c on c.id = t.customer_id
        ${ATTEMPT_CALLS}
       where a.outcome in ${REACHED} and not a.manual and e.person = 0 ${taskInScope(s)}`,
  );
  // A scored result on an attempt whose outcome is not a reached one (those are listed above).
  const results = find(
    db,
    'callbackWithoutCall',
    'result',
    sql`
      select r.id::text as entity_id, ${attemptColumns}
        from callback_results r join callback_attempts a on a.id = r.attempt_id join callback_tasks t on t.id = r.task_id
        join customers c on c.id = t.customer_id
        ${ATTEMPT_CALLS}
       where a.outcome not in ${REACHED} and not a.manual and e.person = 0 ${taskInScope(s)}`,
  );
  // A task holding a result or score with no attempt that reached the contact at all.
  const tasks = find(
    db,
    'callbackWithoutCall',
    'task',
    sql`
      select t.id::text as entity_id, ${monthOf(sql`t.visited_at`, tz)} as month, t.visit_id::text as "visitId", t.id::text as "taskId",
             c.name as customer, t.result, t.score, t.outcome::text as outcome, 'noAttempt' as why
        from callback_tasks t join customers c on c.id = t.customer_id
       where (t.result is not null or t.score is not null) ${taskInScope(s)}
         and not exists (select 1 from callback_attempts a where a.task_id = t.id and a.outcome in ${REACHED})`,
  );
  const manual = rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from callback_attempts a join callback_tasks t on t.id = a.task_id where a.manual and a.outcome in ${REACHED} ${taskInScope(s)}`,
  );
  const [a, r, t, m] = await Promise.all([attempts, results, tasks, manual]);
  return { found: [a, r, t], manualAttempts: m[0]?.n ?? 0 };
}

/** 4. Open tasks held by a user who can no longer sign in: nobody will ever finish them. */
export function inactiveHolders(db: DbOrTx, s: Scope): Promise<Found> {
  return find(
    db,
    'inactiveHolder',
    'task',
    sql`
      select t.id::text as entity_id, ${monthOf(sql`t.visited_at`, s.timeZone)} as month, t.visit_id::text as "visitId", t.id::text as "taskId",
             c.name as customer, u.id::text as "holderId", u.display_name as holder, u.username
        from callback_tasks t join users u on u.id = t.holder_id join customers c on c.id = t.customer_id
       where t.state = 'held' and not u.active ${taskInScope(s)}`,
  );
}

/**
 * 5. A waiver without its decision: an overturned dispute (which waives its finding, or makes its
 * verdict valid, in every later evaluation) lacking the decision that overturned it — who, when,
 * the comment, the decider a staff member or admin, and the decision in the audit log; or a verdict
 * in force that says "overturned by a dispute" with no overturned dispute of its visit.
 */
export async function waiversWithoutDecision(db: DbOrTx, s: Scope): Promise<Found[]> {
  const disputeMonth = s.window ? sql`and d.month = ${s.window.month}` : sql``;
  const verdictMonth = s.window ? sql`and vv.month = ${s.window.month}` : sql``;
  return Promise.all([
    find(
      db,
      'waivedWithoutDecision',
      'dispute',
      sql`
        select d.id::text as entity_id, d.month, d.visit_id::text as "visitId", d.subject, coalesce(d.finding_code, '') as "findingCode",
               m.display_name as manager,
               case when d.decided_by is null or d.decided_at is null or coalesce(btrim(d.decision_comment), '') = '' then 'incomplete'
                    when u.role not in ('staff', 'admin') then 'notStaff'
                    else 'notAudited' end as why
          from disputes d join users m on m.id = d.manager_id left join users u on u.id = d.decided_by
         where d.state = 'overturned' ${disputeMonth}
           and (d.decided_by is null or d.decided_at is null or coalesce(btrim(d.decision_comment), '') = '' or u.role not in ('staff', 'admin')
                or not exists (select 1 from audit_log al where al.entity_type = ${DISPUTE_ENTITY} and al.entity_id = d.id::text and al.action = 'dispute.overturned'))`,
    ),
    find(
      db,
      'waivedWithoutDecision',
      'verdict',
      sql`
        select vv.id::text as entity_id, vv.month, vv.visit_id::text as "visitId", 'verdict' as subject, '' as "findingCode",
               m.display_name as manager, 'noDispute' as why
          from visit_verdicts vv join users m on m.id = vv.manager_id
         where vv.reasons @> '[{"code": "disputeOverturned"}]'::jsonb ${verdictMonth}
           and not exists (select 1 from visit_verdicts n where n.visit_id = vv.visit_id and n.version > vv.version)
           and not exists (select 1 from disputes d where d.visit_id = vv.visit_id and d.subject = 'verdict' and d.state = 'overturned')`,
    ),
  ]);
}

/** 6. A verdict in force decided from a callback's score or answers, whose callback holds no result. */
export function verdictsWithoutEvidence(db: DbOrTx, s: Scope): Promise<Found> {
  const verdictMonth = s.window ? sql`and vv.month = ${s.window.month}` : sql``;
  return find(
    db,
    'verdictWithoutEvidence',
    'verdict',
    sql`
      select vv.id::text as entity_id, vv.month, vv.visit_id::text as "visitId", t.id::text as "taskId", vv.status,
             vv.reasons->0->>'code' as reason, m.display_name as manager
        from visit_verdicts vv join users m on m.id = vv.manager_id
        left join callback_tasks t on t.visit_id = vv.visit_id and t.origin = 'sampled'
       where vv.reasons->0->>'code' in ('knockOut', 'scoreBelow', 'scoreAtLeast') ${verdictMonth}
         and not exists (select 1 from visit_verdicts n where n.visit_id = vv.visit_id and n.version > vv.version)
         and (t.id is null or (t.result is null and t.score is null and not exists (select 1 from callback_results r where r.task_id = t.id)))`,
  );
}

/**
 * The months the ledger and close checks re-compute: every month with visits, ledger entries or
 * a close (or the one audited).
 */
export async function monthsWithData(db: DbOrTx, timeZone: string): Promise<string[]> {
  const found = await rows<{ month: string }>(
    db,
    sql`
      select month from points_ledger group by 1
      union select month from month_closes
      union select to_char(visited_at at time zone ${timeZone}, 'YYYY-MM') from visit_reports group by 1
      order by 1`,
  );
  return found.map((r) => r.month);
}
