import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { CALL_OUTCOMES, type CallOutcome } from '@/lib/calling/outcomes';
import { answeredByPerson, placedCall } from '@/lib/callbacks/call-counts';
import { rows } from '@/lib/platform/core/sql';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import type { ReportFacts } from './manager-rules';
import type { ProductivityCounts } from './productivity-rules';

/**
 * Data access of the indicators: every figure is a SQL aggregate (GROUP BY with GROUPING SETS, so
 * the department, each unit, class, agent and script version come from one statement each), never
 * rows read into Node. They return counts; the pure rules (callback-rules, quality-rules,
 * productivity-rules, manager-rules, aapor) turn them into rates. They check nothing about who
 * asks: the verbs in indicators.ts do.
 */

export interface Period {
  /** 'YYYY-MM' */
  month: string;
  start: Date;
  end: Date;
  timeZone: string;
}

/** Which slice of the department: a unit, or everything. */
export interface CallbackFilter {
  period: Period;
  unitId?: string | null;
}

/** The level a grouped row is at. */
export type Level = 'all' | 'unit' | 'class' | 'agent' | 'scriptVersion' | 'manager';

export const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v}"`).join(',')}}`}::text[]`;

/**
 * The callbacks of a month (docs/INDICATORS.md): sampled — created — in it, re-callbacks included,
 * cancelled ones not (nothing was due any more). `t` is callback_tasks.
 */
export function cohortCondition(f: CallbackFilter): SQL {
  const unit = f.unitId ? sql` and t.unit_id = ${f.unitId}::uuid` : sql``;
  return sql`t.created_at >= ${iso(f.period.start)} and t.created_at < ${iso(f.period.end)} and t.state <> 'cancelled'${unit}`;
}

/** Overturned disputes count against a call only when the verdict they overturned rested on it. */
const CALL_REASON_CODES = ['knockOut', 'scoreBelow'];

export interface CohortRow {
  level: Level;
  key: string | null;
  due: number;
  closed: number;
  unreachable: number;
  /** Final outcomes of the finished callbacks. */
  outcomes: Partial<Record<CallOutcome, number>>;
  firstAttemptP50: number | null;
  firstAttemptP90: number | null;
  finalP50: number | null;
  finalP90: number | null;
  withinDeadline: number;
  finishedLate: number;
  openOverdue: number;
  verdictBearing: number;
  overturnedOnCall: number;
  recheckCompared: number;
  recheckDisagreeing: number;
  /**
   * At the agent level: the month's callbacks the agent worked — took at least once (an attempt by
   * the agent), whoever finished them; the agent's 回访率 is finished / worked. 0 at other levels.
   */
  worked: number;
}

/**
 * The month's callbacks counted for the department (or the unit filtered on), each unit, each
 * customer class and each agent — the agent who recorded a callback's final attempt; an agent who
 * only worked callbacks others finished has a row too (with `worked`, the rest 0). `deadlines`:
 * the deadline of the callbacks sampled on each local day (callback-rules.ts, deadlinesByDay).
 */
export async function loadCohort(db: DbOrTx, f: CallbackFilter, deadlines: readonly { day: string; deadline: Date }[], now: Date): Promise<CohortRow[]> {
  const outcomeColumns = sql.join(
    CALL_OUTCOMES.map((o) => sql`count(*) filter (where finished and outcome = ${o})::int as ${sql.identifier(`o_${o}`)}`),
    sql`, `,
  );
  const found = await rows<Record<string, unknown>>(
    db,
    sql`
      with deadlines as (
        select d.day, d.deadline
          from unnest(${textArray(deadlines.map((d) => d.day))}, ${textArray(deadlines.map((d) => d.deadline.toISOString()))}::timestamptz[]) as d(day, deadline)
      ), overturned as (
        -- Visits whose verdict a dispute overturned, that verdict resting on the callback.
        select distinct d.visit_id
          from disputes d join visit_verdicts vv on vv.id = d.verdict_id
         where d.state = 'overturned' and d.subject = 'verdict'
           and exists (select 1 from jsonb_array_elements(vv.reasons) r where r->>'code' = any(${textArray(CALL_REASON_CODES)}))
      ), rechecks as (
        -- The latest scored re-callback of each visit.
        select distinct on (r.visit_id) r.visit_id, r.result
          from callback_tasks r
         where r.origin = 'recheck' and r.result is not null
         order by r.visit_id, r.closed_at desc
      ), attempts_of as (
        -- Each callback's first take and the agent of its last attempt (who finished it, if it is finished).
        select a.task_id, min(a.started_at) as first_attempt_at, (array_agg(a.agent_id::text order by a.attempt_no desc))[1] as last_agent,
               array_agg(distinct a.agent_id::text) as agents
          from callback_attempts a join callback_tasks t on t.id = a.task_id
         where ${cohortCondition(f)}
         group by a.task_id
      ), worked as (
        -- Each agent's callbacks of the month taken at least once: counted from the few rows above.
        select w.agent_id, count(*)::int as worked from attempts_of ao cross join unnest(ao.agents) as w(agent_id) group by w.agent_id
      ), cohort as (
        select t.id, t.origin, t.unit_id::text as unit_id, t.customer_class::text as customer_class, t.outcome::text as outcome, t.result,
               t.created_at, t.closed_at, t.state in ('closed', 'unreachable') as finished, t.state = 'closed' as closed,
               t.state = 'unreachable' as unreachable, dl.deadline,
               ao.first_attempt_at, case when t.state in ('closed', 'unreachable') then ao.last_agent end as agent_id,
               (t.origin = 'sampled' and t.result is not null and ov.visit_id is not null) as overturned_on_call,
               case when t.origin = 'sampled' and t.result is not null then rc.result end as recheck_result
          from callback_tasks t
          join deadlines dl on dl.day = to_char(t.created_at at time zone ${f.period.timeZone}, 'YYYY-MM-DD')
          left join attempts_of ao on ao.task_id = t.id
          left join overturned ov on ov.visit_id = t.visit_id
          left join rechecks rc on rc.visit_id = t.visit_id
         where ${cohortCondition(f)}
      ), grouped as (
      select grouping(unit_id, customer_class, agent_id) as g, unit_id, customer_class, agent_id,
             count(*)::int as due,
             count(*) filter (where closed)::int as closed,
             count(*) filter (where unreachable)::int as unreachable,
             ${outcomeColumns},
             percentile_cont(0.5) within group (order by extract(epoch from first_attempt_at - created_at)) as first_p50,
             percentile_cont(0.9) within group (order by extract(epoch from first_attempt_at - created_at)) as first_p90,
             percentile_cont(0.5) within group (order by case when finished then extract(epoch from closed_at - created_at) end) as final_p50,
             percentile_cont(0.9) within group (order by case when finished then extract(epoch from closed_at - created_at) end) as final_p90,
             count(*) filter (where finished and closed_at <= deadline)::int as within_deadline,
             count(*) filter (where finished and closed_at > deadline)::int as finished_late,
             count(*) filter (where not finished and deadline <= ${iso(now)})::int as open_overdue,
             count(*) filter (where finished and origin = 'sampled' and result is not null)::int as verdict_bearing,
             count(*) filter (where overturned_on_call)::int as overturned_on_call,
             count(*) filter (where recheck_result is not null)::int as recheck_compared,
             count(*) filter (where recheck_result is not null and recheck_result <> result)::int as recheck_disagreeing
        from cohort
       group by grouping sets ((), (unit_id), (customer_class), (agent_id))
      )
      -- The agent level joined with what each agent worked; an agent who finished nothing has a row of zeros.
      select coalesce(gr.g, 6) as level_g, coalesce(gr.agent_id, w.agent_id) as agent_key, gr.*, coalesce(w.worked, 0)::int as worked
        from grouped gr
        full join worked w on gr.g = 6 and w.agent_id = gr.agent_id`,
  );
  const levelOf: Record<number, Level> = { 7: 'all', 3: 'unit', 5: 'class', 6: 'agent' };
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return found
    .map((r) => {
      const level = levelOf[Number(r.level_g)];
      const key = (level === 'unit' ? r.unit_id : level === 'class' ? r.customer_class : level === 'agent' ? r.agent_key : null) as string | null;
      return {
        level,
        key,
        due: Number(r.due),
        closed: Number(r.closed),
        unreachable: Number(r.unreachable),
        outcomes: Object.fromEntries(CALL_OUTCOMES.map((o) => [o, Number(r[`o_${o}`])])) as Record<CallOutcome, number>,
        firstAttemptP50: num(r.first_p50),
        firstAttemptP90: num(r.first_p90),
        finalP50: num(r.final_p50),
        finalP90: num(r.final_p90),
        withinDeadline: Number(r.within_deadline),
        finishedLate: Number(r.finished_late),
        openOverdue: Number(r.open_overdue),
        verdictBearing: Number(r.verdict_bearing),
        overturnedOnCall: Number(r.overturned_on_call),
        recheckCompared: Number(r.recheck_compared),
        recheckDisagreeing: Number(r.recheck_disagreeing),
        worked: level === 'agent' ? Number(r.worked) : 0,
      };
    })
    // Open callbacks have no agent yet: the agent level's row without one is not an agent.
    .filter((r) => !(r.level === 'agent' && r.key === null) && !(r.level === 'unit' && r.key === null));
}

export interface RatingRow {
  level: Level;
  key: string | null;
  rating: string;
  answers: number;
}

/**
 * Answers to the rating question of the month's callbacks: the first question of type 'rating' in
 * the script version each callback's latest result was scored with. Per department, unit, the agent
 * who submitted the result, and script version.
 */
export async function loadRatings(db: DbOrTx, f: CallbackFilter): Promise<RatingRow[]> {
  const found = await rows<{ g: number; unit_id: string | null; agent_id: string | null; script_version_id: string | null; rating: string; answers: number }>(
    db,
    sql`
      with results as (
        select distinct on (r.task_id) r.task_id, r.script_version_id, r.answers, r.agent_id, t.unit_id
          from callback_results r join callback_tasks t on t.id = r.task_id
         where ${cohortCondition(f)}
         order by r.task_id, r.submitted_at desc, r.id desc
      ), rating_questions as (
        select sv.id,
               (select q->>'id' from jsonb_array_elements(sv.definition->'questions') with ordinality as x(q, i)
                 where q->>'type' = 'rating' order by i limit 1) as question_id
          from script_versions sv
         where sv.id in (select script_version_id from results)
      ), answered as (
        select res.unit_id::text as unit_id, res.agent_id::text as agent_id, res.script_version_id::text as script_version_id,
               res.answers->>rq.question_id as rating
          from results res join rating_questions rq on rq.id = res.script_version_id
         where rq.question_id is not null and res.answers->>rq.question_id is not null
      )
      select grouping(unit_id, agent_id, script_version_id) as g, unit_id, agent_id, script_version_id, rating, count(*)::int as answers
        from answered
       group by grouping sets ((rating), (unit_id, rating), (agent_id, rating), (script_version_id, rating))`,
  );
  const levelOf: Record<number, Level> = { 7: 'all', 3: 'unit', 5: 'agent', 6: 'scriptVersion' };
  return found
    .map((r) => {
      const level = levelOf[Number(r.g)];
      const key = level === 'unit' ? r.unit_id : level === 'agent' ? r.agent_id : level === 'scriptVersion' ? r.script_version_id : null;
      return { level, key, rating: r.rating, answers: Number(r.answers) };
    })
    .filter((r) => !(r.level === 'unit' && r.key === null));
}

export interface ProductivityRow extends ProductivityCounts {
  agentId: string;
}

/**
 * Each agent's work in the month (productivity-rules.ts): calls placed in it, attempts recorded in it.
 * Calls placed and calls a person answered are counted as the desk counts its 今日拨打 / 今日接通
 * (lib/callbacks/call-counts.ts): a call the line never sent is no call; an answering machine or fax is nobody.
 */
export async function loadProductivity(db: DbOrTx, period: Period, agentId?: string | null): Promise<ProductivityRow[]> {
  const inPeriod = (column: SQL) => sql`${column} >= ${iso(period.start)} and ${column} < ${iso(period.end)}`;
  const agentA = agentId ? sql` and a.agent_id = ${agentId}::uuid` : sql``;
  const agentC = agentId ? sql` and c.agent_id = ${agentId}::uuid` : sql``;
  const outcomeColumns = sql.join(
    CALL_OUTCOMES.map((o) => sql`count(*) filter (where a.outcome = ${o})::int as ${sql.identifier(`o_${o}`)}`),
    sql`, `,
  );
  const found = await rows<Record<string, unknown>>(
    db,
    sql`
      with att as (
        select a.agent_id, a.outcome::text as outcome, a.started_at, a.ended_at, a.manual, a.call_id,
               to_char(a.started_at at time zone ${period.timeZone}, 'YYYY-MM-DD') as day
          from callback_attempts a
         where ${inPeriod(sql`a.ended_at`)}${agentA}
      ), duty as (
        select agent_id, sum(extract(epoch from last_at - first_at))::float8 as duty_seconds
          from (select agent_id, day, min(started_at) as first_at, max(ended_at) as last_at from att group by agent_id, day) d
         group by agent_id
      ), mix as (
        select a.agent_id, count(*) filter (where a.manual)::int as manual_calls, ${outcomeColumns},
               count(*) filter (where cl.ended_at is not null and a.ended_at >= cl.ended_at)::int as wrap_ups,
               coalesce(sum(extract(epoch from a.ended_at - cl.ended_at)) filter (where cl.ended_at is not null and a.ended_at >= cl.ended_at), 0)::float8 as wrap_up_seconds
          from att a left join calls cl on cl.id = a.call_id
         group by a.agent_id
      ), placed as (
        select c.agent_id, count(*) filter (where ${placedCall()})::int as calls,
               count(*) filter (where p.person)::int as answered,
               coalesce(sum(c.duration_seconds) filter (where p.person), 0)::float8 as talk_seconds
          from calls c
          cross join lateral (select ${answeredByPerson()} as person) p
         where ${inPeriod(sql`c.created_at`)}${agentC}
         group by c.agent_id
      )
      select coalesce(m.agent_id, p.agent_id)::text as agent_id, coalesce(p.calls, 0) + coalesce(m.manual_calls, 0) as calls,
             coalesce(d.duty_seconds, 0) as duty_seconds, coalesce(p.answered, 0) as answered, coalesce(p.talk_seconds, 0) as talk_seconds,
             coalesce(m.wrap_ups, 0) as wrap_ups, coalesce(m.wrap_up_seconds, 0) as wrap_up_seconds,
             ${sql.join(CALL_OUTCOMES.map((o) => sql`coalesce(m.${sql.identifier(`o_${o}`)}, 0) as ${sql.identifier(`o_${o}`)}`), sql`, `)}
        from mix m
        full join placed p on p.agent_id = m.agent_id
        left join duty d on d.agent_id = coalesce(m.agent_id, p.agent_id)`,
  );
  return found.map((r) => ({
    agentId: String(r.agent_id),
    calls: Number(r.calls),
    dutySeconds: Number(r.duty_seconds),
    answeredCalls: Number(r.answered),
    talkSeconds: Number(r.talk_seconds),
    wrapUps: Number(r.wrap_ups),
    wrapUpSeconds: Number(r.wrap_up_seconds),
    outcomes: Object.fromEntries(CALL_OUTCOMES.map((o) => [o, Number(r[`o_${o}`])])) as Record<CallOutcome, number>,
  }));
}

export interface ReportGroupRow {
  level: Level;
  key: string | null;
  facts: ReportFacts;
  reports: number;
  late: number;
}

export interface PlanRow {
  level: Level;
  key: string | null;
  planned: number;
  done: number;
}

/**
 * The managers' side of the month (manager-rules.ts) for the department, each unit and each
 * manager — the manager's unit now (docs/ARCHITECTURE.md, "Data scope"). `unitId` keeps one unit.
 * Reports are the month's visits that count (not a 超期补报 waiting for or refused by staff); plans
 * are the month's approved ones.
 */
export async function loadManagerSide(db: DbOrTx, period: Period, unitId?: string | null): Promise<{ reports: ReportGroupRow[]; plans: PlanRow[] }> {
  const mgr = sql`select u.id, u.unit_id::text as unit_id from users u where u.role = 'manager'${unitId ? sql` and u.unit_id = ${unitId}::uuid` : sql``}`;
  const inMonth = sql`v.visited_at >= ${iso(period.start)} and v.visited_at < ${iso(period.end)} and ${sql.raw(COUNTING_VISIT_SQL)}`;
  const levelOf: Record<number, Level> = { 3: 'all', 1: 'unit', 0: 'manager' };
  const [reports, plans] = await Promise.all([
    rows<Record<string, unknown>>(
      db,
      sql`
        with mgr as (${mgr}), visits as (
          select v.id, v.manager_id, v.purpose, v.summary, v.type, v.check_in_method, v.late
            from visit_reports v
           where ${inMonth} and v.manager_id in (select id from mgr)
        ), with_contact as (
          -- A join, not a sub-select per report: the planner costs those per row, and a month's
          -- reports would then pay for compiling the query (JIT) too.
          select distinct rc.visit_id from visit_report_contacts rc join visits v on v.id = rc.visit_id
        ), per_manager as (
          -- Counted per manager and kind of report first (a hash aggregate over the month's reports),
          -- then rolled up: the grouping sets sort a few thousand rows, not every report.
          select v.manager_id, wc.visit_id is not null as has_contact,
                 length(btrim(v.purpose)) > 0 as has_purpose, length(btrim(v.summary)) > 0 as has_summary,
                 v.type = 'on_site' as on_site, v.check_in_method <> 'none' as has_check_in,
                 count(*)::int as reports, count(*) filter (where v.late)::int as late
            from visits v left join with_contact wc on wc.visit_id = v.id
           group by 1, 2, 3, 4, 5, 6
        )
        select grouping(m.unit_id, pm.manager_id) as g, m.unit_id, pm.manager_id::text as manager_id,
               has_contact, has_purpose, has_summary, on_site, has_check_in,
               sum(pm.reports)::int as reports, sum(pm.late)::int as late
          from per_manager pm join mgr m on m.id = pm.manager_id
         group by grouping sets ((has_contact, has_purpose, has_summary, on_site, has_check_in),
                                 (m.unit_id, has_contact, has_purpose, has_summary, on_site, has_check_in),
                                 (m.unit_id, pm.manager_id, has_contact, has_purpose, has_summary, on_site, has_check_in))`,
    ),
    loadPlanGroups(db, period, unitId),
  ]);
  const keyOf = (level: Level, r: Record<string, unknown>) => (level === 'unit' ? r.unit_id : level === 'manager' ? r.manager_id : null) as string | null;
  return {
    reports: reports.map((r) => {
      const level = levelOf[Number(r.g)];
      return {
        level,
        key: keyOf(level, r),
        facts: { hasContact: Boolean(r.has_contact), hasPurpose: Boolean(r.has_purpose), hasSummary: Boolean(r.has_summary), onSite: Boolean(r.on_site), hasCheckIn: Boolean(r.has_check_in) },
        reports: Number(r.reports),
        late: Number(r.late),
      };
    }),
    plans,
  };
}

/**
 * The plans half of loadManagerSide: the month's approved plans' items and those done, per manager,
 * unit and department. `visited`: where the month's visits per planned manager and customer come
 * from (manager_id, customer_id, visits; it may read the \`planned\` pairs) — the raw visits unless
 * a reader of the pre-aggregates (daily-queries.ts) gives its own.
 */
export async function loadPlanGroups(db: DbOrTx, period: Period, unitId?: string | null, visited?: SQL): Promise<PlanRow[]> {
  const mgr = sql`select u.id, u.unit_id::text as unit_id from users u where u.role = 'manager'${unitId ? sql` and u.unit_id = ${unitId}::uuid` : sql``}`;
  const inMonth = sql`v.visited_at >= ${iso(period.start)} and v.visited_at < ${iso(period.end)} and ${sql.raw(COUNTING_VISIT_SQL)}`;
  const levelOf: Record<number, Level> = { 3: 'all', 1: 'unit', 0: 'manager' };
  const plans = await rows<Record<string, unknown>>(
    db,
    sql`
      with mgr as (${mgr}), planned as (
        select p.manager_id, i.customer_id, count(*)::int as planned
          from visit_plans p join visit_plan_items i on i.plan_id = p.id join mgr m on m.id = p.manager_id
         where p.month = ${period.month} and p.status = 'approved'
         group by p.manager_id, i.customer_id
      ), visited as (
        ${
          visited ??
          sql`select v.manager_id, v.customer_id, count(*)::int as visits
                from visit_reports v join planned pl on pl.manager_id = v.manager_id and pl.customer_id = v.customer_id
               where ${inMonth}
               group by v.manager_id, v.customer_id`
        }
      ), per_manager as (
        select pl.manager_id, sum(pl.planned)::int as planned, sum(least(pl.planned, coalesce(vi.visits, 0)))::int as done
          from planned pl left join visited vi on vi.manager_id = pl.manager_id and vi.customer_id = pl.customer_id
         group by pl.manager_id
      )
      select grouping(m.unit_id, pm.manager_id) as g, m.unit_id, pm.manager_id::text as manager_id,
             sum(pm.planned)::int as planned, sum(pm.done)::int as done
        from per_manager pm join mgr m on m.id = pm.manager_id
       group by grouping sets ((), (m.unit_id), (m.unit_id, pm.manager_id))`,
  );
  return plans.map((r) => {
    const level = levelOf[Number(r.g)];
    return { level, key: (level === 'unit' ? r.unit_id : level === 'manager' ? r.manager_id : null) as string | null, planned: Number(r.planned), done: Number(r.done) };
  });
}

/** Names of the units, people and script versions a result refers to. */
export async function loadNames(db: DbOrTx, ids: { units: string[]; users: string[]; scriptVersions: string[] }) {
  const arr = (values: string[]) => sql`${`{${values.join(',')}}`}::uuid[]`;
  const [units, users, versions] = await Promise.all([
    ids.units.length ? rows<{ id: string; name: string }>(db, sql`select id::text, name from units where id = any(${arr(ids.units)})`) : [],
    ids.users.length
      ? rows<{ id: string; name: string; username: string; unitId: string | null }>(
          db,
          sql`select id::text, display_name as name, username, unit_id::text as "unitId" from users where id = any(${arr(ids.users)})`,
        )
      : [],
    ids.scriptVersions.length
      ? rows<{ id: string; name: string; version: number }>(
          db,
          sql`select sv.id::text, s.name, sv.version from script_versions sv join callback_scripts s on s.id = sv.script_id where sv.id = any(${arr(ids.scriptVersions)})`,
        )
      : [],
  ]);
  return { units: new Map(units.map((u) => [u.id, u])), users: new Map(users.map((u) => [u.id, u])), scriptVersions: new Map(versions.map((v) => [v.id, v])) };
}

/** Whether a unit, or a user of a role, is there: a filter naming nothing reads as not found. */
export async function exists(db: DbOrTx, what: { unitId: string } | { userId: string; role: 'agent' }): Promise<boolean> {
  const found =
    'unitId' in what
      ? await rows(db, sql`select 1 from units where id = ${what.unitId}::uuid`)
      : await rows(db, sql`select 1 from users where id = ${what.userId}::uuid and role = ${what.role}`);
  return found.length > 0;
}

/** The calling policy's versions (few), to know the calendar in force on each day of a month. */
export async function loadCallingVersions(db: DbOrTx): Promise<{ version: number; effectiveFrom: string; value: unknown }[]> {
  return rows(db, sql`select version, effective_from::text as "effectiveFrom", value from policy_versions where key = 'calling' order by effective_from`);
}
