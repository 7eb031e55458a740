import { sql, type SQL } from 'drizzle-orm';
import { addDays, instantAt } from '@/lib/calling/calendar';
import { CALL_OUTCOMES, type CallOutcome } from '@/lib/calling/outcomes';
import { answeredByPerson, placedCall } from '@/lib/callbacks/call-counts';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { AAPOR_DISPOSITIONS, type Disposition } from './aapor';

/**
 * The one definition of each pre-aggregated row (docs/INDICATORS.md, "Pre-aggregation"), as SQL
 * over the raw rows: the worker writes a closed day's rows with it (daily-stats.ts), and the
 * readers (daily-queries.ts) compute the days not in the aggregates — today — with the same SQL,
 * so a figure is the same whichever way its day is read.
 */

/** Contact made (AAPOR: I, P, R, O — the numerator of CON1): someone at the number talked to the agent. */
const CONTACTED: readonly Disposition[] = ['I', 'P', 'R', 'O'];
export const CONTACT_OUTCOMES: readonly CallOutcome[] = CALL_OUTCOMES.filter((o) => CONTACTED.includes(AAPOR_DISPOSITIONS[o].disposition));

export const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;
export const dayArray = (days: readonly string[]) => sql`${`{${days.join(',')}}`}::date[]`;

/** Local days from `first` to `last`, inclusive. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The given local days as runs of consecutive days, [first, last] each, in order. */
function dayRuns(days: readonly string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const d of [...days].sort()) {
    const last = runs.at(-1);
    if (last && addDays(last[1], 1) === d) last[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

/**
 * `column` within the given local days, as few ranges of instants as the days allow (contiguous
 * days are one range), so an index on `column` is used; `false` for no days.
 */
export function withinDays(column: SQL, days: readonly string[], timeZone: string): SQL {
  const runs = dayRuns(days);
  if (runs.length === 0) return sql`false`;
  const parts = runs.map(([a, b]) => sql`(${column} >= ${iso(instantAt(a, 0, timeZone))} and ${column} < ${iso(instantAt(addDays(b, 1), 0, timeZone))})`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

/**
 * A date `column` on the given days, as ranges (a month's computed days are one): a range reads the
 * table or its index in one sweep where a list of 30 days is 30 look-ups; `false` for no days.
 */
export function onDays(column: SQL, days: readonly string[]): SQL {
  const runs = dayRuns(days);
  if (runs.length === 0) return sql`false`;
  return sql`(${sql.join(
    runs.map(([a, b]) => (a === b ? sql`${column} = ${a}::date` : sql`${column} between ${a}::date and ${b}::date`)),
    sql` or `,
  )})`;
}

const CALL_REASON_CODES = `{knockOut,scoreBelow}`;

/**
 * One row per callback matching `taskCondition` (on `t`, callback_tasks), cancelled ones left out,
 * in callback_facts' columns: what loadCohort, loadRatings, the funnel and the months count. Only
 * verifications of reported visits (回访核实): 回访率, the funnel to a verdict and timeliness are
 * theirs; a spot check (电话抽查) is judged as 拜访到位率 (lib/spot-checks). The agents' calls and
 * attempts of every kind still count as their work (agent-desk, daily_agent_stats).
 */
export function callbackFactsSql(taskCondition: SQL, timeZone: string): SQL {
  const contacted = sql`${`{${CONTACT_OUTCOMES.join(',')}}`}::call_outcome[]`;
  return sql`
    with ts as (
      select t.id, t.visit_id, t.created_at, t.unit_id, t.customer_class, t.origin, t.state, t.outcome, t.result, t.closed_at
        from callback_tasks t
       where ${taskCondition} and t.kind = 'verification' and t.state <> 'cancelled'
    ), overturned as (
      select distinct d.visit_id
        from disputes d join visit_verdicts vv on vv.id = d.verdict_id
       where d.state = 'overturned' and d.subject = 'verdict' and d.visit_id in (select visit_id from ts)
         and exists (select 1 from jsonb_array_elements(vv.reasons) r where r->>'code' = any(${CALL_REASON_CODES}::text[]))
    ), rechecks as (
      -- A re-callback has a dispute (callback_tasks_recheck_has_dispute): the partial index on dispute_id
      -- finds the few there are, where the planner would otherwise read every callback on file.
      select distinct on (r.visit_id) r.visit_id, r.result
        from callback_tasks r
       where r.dispute_id is not null and r.origin = 'recheck' and r.result is not null and r.visit_id in (select visit_id from ts where origin = 'sampled' and result is not null)
       order by r.visit_id, r.closed_at desc
    ), rq as materialized (
      -- Each script version's rating question (the first of type 'rating'), once: versions are few.
      select sv.id,
             (select q->>'id' from jsonb_array_elements(sv.definition->'questions') with ordinality as x(q, i)
               where q->>'type' = 'rating' order by i limit 1) as question_id
        from script_versions sv
    )
    select ts.id as task_id, (ts.created_at at time zone ${timeZone})::date as day, ts.created_at, ts.unit_id,
           ts.customer_class::text as customer_class, ts.origin,
           ts.state in ('closed', 'unreachable') as finished, ts.state = 'closed' as closed, ts.state = 'unreachable' as unreachable,
           ts.outcome::text as outcome, ts.result, ts.closed_at,
           case when ts.state in ('closed', 'unreachable') then att.last_agent end as agent_id,
           extract(epoch from att.first_attempt_at - ts.created_at)::float8 as first_attempt_seconds,
           case when ts.state in ('closed', 'unreachable') then extract(epoch from ts.closed_at - ts.created_at)::float8 end as final_seconds,
           att.task_id is not null as attempted, att.worked_by, coalesce(att.reached, false) as reached,
           (ts.origin = 'sampled' and ts.result is not null and ov.visit_id is not null) as overturned_on_call,
           case when ts.origin = 'sampled' and ts.result is not null then rc.result end as recheck_result,
           rt.rating, rt.agent_id as rating_agent_id, rt.script_version_id
      from ts
      left join lateral (
        select a.task_id, min(a.started_at) as first_attempt_at, (array_agg(a.agent_id order by a.attempt_no desc))[1] as last_agent,
               bool_or(a.outcome = any(${contacted})) as reached, array_agg(distinct a.agent_id) as worked_by
          from callback_attempts a where a.task_id = ts.id
         group by a.task_id
      ) att on true
      left join overturned ov on ov.visit_id = ts.visit_id
      left join rechecks rc on rc.visit_id = ts.visit_id
      -- The latest result's answer to its version's rating question, per callback through its index
      -- (a lateral look-up, never a join the planner could misjudge into comparing every pair).
      left join lateral (
        select lr.answers->>rq.question_id as rating, lr.agent_id, lr.script_version_id
          from (select r.script_version_id, r.answers, r.agent_id from callback_results r where r.task_id = ts.id order by r.submitted_at desc, r.id desc limit 1) lr
          join rq on rq.id = lr.script_version_id
         where rq.question_id is not null and lr.answers->>rq.question_id is not null
      ) rt on true`;
}

export const CALLBACK_FACT_COLUMNS = sql.raw(
  'task_id, day, created_at, unit_id, customer_class, origin, finished, closed, unreachable, outcome, result, closed_at, agent_id, ' +
    'first_attempt_seconds, final_seconds, attempted, worked_by, reached, overturned_on_call, recheck_result, rating, rating_agent_id, script_version_id',
);

/**
 * The counting visits matching `visitCondition` (on `v`, visit_reports) per local day, manager and
 * kind of report, with their verdicts in force (the latest version) valid and invalid: the rows
 * of daily_visit_stats. A visit's verdicts are of its own month. A reader of some columns only
 * leaves out the others' look-ups: `kinds: false`, one row per day and manager, no contact probed
 * (every kind false); `verdicts: false`, no verdict looked up (valid and invalid 0).
 */
export function visitDaySql(visitCondition: SQL, timeZone: string, options: { kinds?: boolean; verdicts?: boolean } = {}): SQL {
  const kinds =
    options.kinds === false
      ? sql`false as has_contact, false as has_purpose, false as has_summary, false as on_site, false as has_check_in`
      : // "offset 0" keeps the contact probe per visit: the planner would otherwise hash all contacts on file (0.7 s for a day's 30,000 visits).
        sql`exists (select 1 from visit_report_contacts rc where rc.visit_id = v.id offset 0) as has_contact,
           coalesce(length(btrim(v.purpose)) > 0, false) as has_purpose, coalesce(length(btrim(v.summary)) > 0, false) as has_summary,
           v.type = 'on_site' as on_site, v.check_in_method <> 'none' as has_check_in`;
  const verdicts = options.verdicts !== false;
  return sql`
    with visits as (
      -- In the order of their ids, so the per-visit look-ups below walk the indexes in order (a day's 30,000 visits: a sixth faster).
      select v.id, v.manager_id, (v.visited_at at time zone ${timeZone})::date as day, v.purpose, v.summary, v.type, v.check_in_method, v.late
        from visit_reports v
       where ${visitCondition} and ${sql.raw(COUNTING_VISIT_SQL)}
       order by v.id
    )
    -- Per visit through the indexes (a day's visits), not joins that hash every contact and verdict on file.
    select v.day, v.manager_id, ${kinds},
           count(*)::int as reports, count(*) filter (where v.late)::int as late,
           ${verdicts ? sql`count(*) filter (where f.status = 'valid')::int as valid, count(*) filter (where f.status = 'invalid')::int as invalid` : sql`0 as valid, 0 as invalid`}
      from visits v
      ${verdicts ? sql`left join lateral (select vv.status from visit_verdicts vv where vv.visit_id = v.id order by vv.version desc limit 1) f on true` : sql``}
     group by 1, 2, 3, 4, 5, 6, 7`;
}

export const VISIT_STAT_KEYS = sql.raw('manager_id, has_contact, has_purpose, has_summary, on_site, has_check_in');

/**
 * Each agent's work on the given local days: calls placed (created) on them, attempts recorded
 * (ended) on them, and per local day an attempt started on, the first start and last end — the
 * rows of daily_agent_stats. `agentId` keeps one agent.
 */
export function agentDaySql(days: readonly string[], timeZone: string, agentId?: string | null): SQL {
  const agentA = agentId ? sql` and a.agent_id = ${agentId}::uuid` : sql``;
  const agentC = agentId ? sql` and c.agent_id = ${agentId}::uuid` : sql``;
  const outcomes = sql.join(
    CALL_OUTCOMES.map((o) => sql`${o}::text, count(*) filter (where a.outcome = ${o})`),
    sql`, `,
  );
  return sql`
    with att as (
      select a.agent_id, a.outcome, a.started_at, a.ended_at, a.manual, a.call_id,
             (a.ended_at at time zone ${timeZone})::date as day, (a.started_at at time zone ${timeZone})::date as start_day
        from callback_attempts a
       where ${withinDays(sql`a.ended_at`, days, timeZone)}${agentA}
    ), attempts as (
      select a.day, a.agent_id, a.start_day, min(a.started_at) as first_started_at, max(a.ended_at) as last_ended_at,
             count(*) filter (where a.manual)::int as manual_calls,
             count(*) filter (where cl.ended_at is not null and a.ended_at >= cl.ended_at)::int as wrap_ups,
             coalesce(sum(extract(epoch from a.ended_at - cl.ended_at)) filter (where cl.ended_at is not null and a.ended_at >= cl.ended_at), 0)::numeric as wrap_up_seconds,
             jsonb_build_object(${outcomes}) as outcomes
        -- Each attempt's call by its key ("limit 1" keeps the look-up per attempt): a join hashed every call on file.
        from att a left join lateral (select cl.ended_at from calls cl where cl.id = a.call_id limit 1) cl on true
       group by 1, 2, 3
    ), placed as (
      select (c.created_at at time zone ${timeZone})::date as day, c.agent_id, '0001-01-01'::date as start_day,
             count(*) filter (where ${placedCall()})::int as calls, count(*) filter (where p.person)::int as answered,
             coalesce(sum(c.duration_seconds) filter (where p.person), 0)::float8 as talk_seconds
        from calls c
        cross join lateral (select ${answeredByPerson()} as person) p
       where ${withinDays(sql`c.created_at`, days, timeZone)}${agentC}
       group by 1, 2
    )
    select day, agent_id, start_day, first_started_at, last_ended_at, 0 as calls, 0 as answered, 0::float8 as talk_seconds,
           manual_calls, wrap_ups, wrap_up_seconds, outcomes
      from attempts
    union all
    select day, agent_id, start_day, null, null, calls, answered, talk_seconds, 0, 0, 0::numeric, '{}'::jsonb from placed`;
}

export const AGENT_STAT_COLUMNS = sql.raw(
  'day, agent_id, start_day, first_started_at, last_ended_at, calls, answered, talk_seconds, manual_calls, wrap_ups, wrap_up_seconds, outcomes',
);
