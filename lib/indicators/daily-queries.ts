import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { localDay } from '@/lib/calling/calendar';
import { CALL_OUTCOMES, type CallOutcome } from '@/lib/calling/outcomes';
import { rows } from '@/lib/platform/core/sql';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { agentDaySql, callbackFactsSql, CALLBACK_FACT_COLUMNS, dayArray, daysBetween, iso, VISIT_STAT_KEYS, visitDaySql, withinDays } from './daily-sql';
import { loadPlanGroups, type CallbackFilter, type CohortRow, type Level, type Period, type PlanRow, type ProductivityRow, type RatingRow, type ReportGroupRow } from './queries';

/**
 * The indicators' figures read from the pre-aggregates (docs/INDICATORS.md, "Pre-aggregation"):
 * each day listed in indicator_days from the aggregate tables, every other day — today, a day not
 * computed yet — from the raw rows with the same SQL (daily-sql.ts). Same counts, same signatures
 * and results either way; `source: 'rawRows'` reads every day raw (the month close).
 */

/**
 * Runs a reader without JIT compilation: these statements do little work (a month's sums, a day's
 * rows through their indexes) but are costed as if they did more, and compiling them took longer
 * (0.3–1 s) than running them. And with the memory to sort a month's callbacks without spilling.
 */
export async function withoutJit<T>(db: DbOrTx, read: (db: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    // A month's 100,000 callbacks sorted four ways (the grouping sets' medians) fit in memory, not on disk.
    await tx.execute(sql`set local work_mem = '64MB'`);
    return read(tx);
  });
}

/**
 * Where a reader takes closed days from: the pre-aggregates (dashboards, exports), or the raw rows
 * every day (the month close freezes what the system of record says at that moment, never a day
 * the worker has not caught up with yet). Either way through the same SQL (daily-sql.ts).
 */
export type IndicatorSource = 'aggregates' | 'rawRows';

/** The local days an interval of instants covers, and which of them are computed. */
async function splitDays(db: DbOrTx, start: Date, end: Date, timeZone: string, source: IndicatorSource = 'aggregates'): Promise<{ computed: string[]; raw: string[] }> {
  const all = daysBetween(localDay(start, timeZone), localDay(new Date(end.getTime() - 1), timeZone));
  if (source === 'rawRows') return { computed: [], raw: all };
  const found = await rows<{ day: string }>(db, sql`select day::text as day from indicator_days where day = any(${dayArray(all)})`);
  const computed = new Set(found.map((r) => r.day));
  return { computed: all.filter((d) => computed.has(d)), raw: all.filter((d) => !computed.has(d)) };
}

/** The facts of the callbacks sampled in [start, end) (one unit's, with `unitId`): computed days stored, the others from the raw rows. */
async function factsOf(db: DbOrTx, range: { start: Date; end: Date; timeZone: string }, unitId?: string | null, source: IndicatorSource = 'aggregates'): Promise<SQL> {
  const { computed, raw } = await splitDays(db, range.start, range.end, range.timeZone, source);
  const unitF = unitId ? sql` and unit_id = ${unitId}::uuid` : sql``;
  const unitT = unitId ? sql` and t.unit_id = ${unitId}::uuid` : sql``;
  const parts: SQL[] = [];
  if (computed.length) parts.push(sql`(select ${CALLBACK_FACT_COLUMNS} from callback_facts where day = any(${dayArray(computed)})${unitF})`);
  if (raw.length) parts.push(sql`(${callbackFactsSql(sql`${withinDays(sql`t.created_at`, raw, range.timeZone)}${unitT}`, range.timeZone)})`);
  if (parts.length === 0) return sql`(select ${CALLBACK_FACT_COLUMNS} from callback_facts where false)`;
  return sql.join(parts, sql` union all `);
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The month's callbacks counted for the department (or the unit filtered on), each unit, each
 * customer class and each agent — the agent who recorded a callback's final attempt, with what
 * each agent worked (took at least once). `deadlines`: the deadline of the callbacks sampled on
 * each local day (callback-rules.ts, deadlinesByDay). From the callbacks' facts.
 */
export async function loadCohort(
  db: DbOrTx,
  f: CallbackFilter,
  deadlines: readonly { day: string; deadline: Date }[],
  now: Date,
  source: IndicatorSource = 'aggregates',
  options: CohortOptions = {},
): Promise<CohortRow[]> {
  const agents = (options.levels ?? ['agent']).includes('agent');
  const counted = () => withoutJit(db, (db) => loadCohortRead(db, f, deadlines, now, source, options, 'counts'));
  const sorted = async () => (options.percentiles === false ? [] : withoutJit(db, (db) => loadCohortRead(db, f, deadlines, now, source, options, 'percentiles')));
  const worked = async () => (agents ? withoutJit(db, (db) => loadWorked(db, f, source)) : new Map<string, number>());
  // Three statements, each reading the facts once (not materialized for several readers): the counts
  // hashed, the medians and 90th percentiles sorting only the two columns they order (not every
  // counted column once per grouping set), what each agent worked. Side by side on their own
  // connections; one after the other inside a caller's transaction (one connection).
  const [found, percentiles, byAgent] =
    db instanceof PgTransaction ? [await counted(), await sorted(), await worked()] : await Promise.all([counted(), sorted(), worked()]);
  const percentilesOf = new Map(percentiles.map((r) => [`${r.level}|${r.key}`, r]));
  const withPercentiles = found.map((r) => {
    const p = percentilesOf.get(`${r.level}|${r.key}`);
    return p ? { ...r, firstAttemptP50: p.firstAttemptP50, firstAttemptP90: p.firstAttemptP90, finalP50: p.finalP50, finalP90: p.finalP90 } : r;
  });
  // The agent level joined with what each agent worked; an agent who finished nothing has a row of zeros.
  const out = withPercentiles.map((r) => (r.level === 'agent' && r.key !== null ? { ...r, worked: byAgent.get(r.key) ?? 0 } : r));
  const finishedBy = new Set(found.filter((r) => r.level === 'agent').map((r) => r.key));
  for (const [agentId, n] of byAgent) {
    if (!finishedBy.has(agentId)) out.push({ ...EMPTY_COHORT, level: 'agent', key: agentId, worked: n });
  }
  return out;
}

/** The counts of a level with nothing in it (an agent who only worked, a unit or class without callbacks). */
export const EMPTY_COHORT: Omit<CohortRow, 'level' | 'key'> = {
  due: 0,
  closed: 0,
  unreachable: 0,
  outcomes: Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>,
  firstAttemptP50: null,
  firstAttemptP90: null,
  finalP50: null,
  finalP90: null,
  withinDeadline: 0,
  finishedLate: 0,
  openOverdue: 0,
  verdictBearing: 0,
  overturnedOnCall: 0,
  recheckCompared: 0,
  recheckDisagreeing: 0,
  worked: 0,
};

/** How many of the month's callbacks each agent worked (took at least once). */
async function loadWorked(db: DbOrTx, f: CallbackFilter, source: IndicatorSource): Promise<Map<string, number>> {
  const found = await rows<{ agent_id: string; worked: number }>(
    db,
    sql`
      -- Grouped by the uuid, cast once per agent.
      select w.agent_id::text as agent_id, w.worked
        from (select a.agent_id, count(*)::int as worked from (${await factsOf(db, f.period, f.unitId, source)}) f cross join unnest(f.worked_by) as a(agent_id) group by 1) w`,
  );
  return new Map(found.map((r) => [r.agent_id, Number(r.worked)]));
}

/**
 * `percentiles: false` leaves the medians and 90th percentiles null (a page that shows none of them:
 * the staff dashboard, the desk strip): the statement that sorts for them is not run.
 */
export interface CohortOptions {
  percentiles?: boolean;
  /** The levels counted (all four when not given); a level left out has no rows. */
  levels?: readonly Level[];
}

const COHORT_SETS: Record<string, string> = { all: '()', unit: '(unit_key)', class: '(customer_class)', agent: '(agent_key)' };

async function loadCohortRead(
  db: DbOrTx,
  f: CallbackFilter,
  deadlines: readonly { day: string; deadline: Date }[],
  now: Date,
  source: IndicatorSource,
  options: CohortOptions,
  part: 'counts' | 'percentiles',
): Promise<CohortRow[]> {
  const percentiles = part === 'percentiles';
  const levels = (options.levels ?? ['all', 'unit', 'class', 'agent']).filter((l) => COHORT_SETS[l]);
  const sets = sql.raw(levels.map((l) => COHORT_SETS[l]).join(', '));
  // grouping(unit_key, customer_class, agent_key) as bits, a column no set groups by always 1 (GROUPING takes only grouped columns).
  const bit = (level: Level, column: string, weight: number) => (levels.includes(level) ? `grouping(${column}) * ${weight}` : `${weight}`);
  const key = (level: Level, column: string, as: string) => (levels.includes(level) ? `${column} as ${as}` : `null::text as ${as}`);
  const keys = sql.raw([key('unit', 'unit_key', 'unit_id'), key('class', 'customer_class', 'customer_class'), key('agent', 'agent_key', 'agent_id')].join(', '));
  const g = sql.raw(`(${bit('unit', 'unit_key', 4)} + ${bit('class', 'customer_class', 2)} + ${bit('agent', 'agent_key', 1)})`);
  const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v}"`).join(',')}}`}::text[]`;
  const outcomeColumns = sql.join(
    CALL_OUTCOMES.map((o) => sql`count(*) filter (where finished and outcome = ${o})::int as ${sql.identifier(`o_${o}`)}`),
    sql`, `,
  );
  const countColumns = sql`count(*)::int as due,
             count(*) filter (where closed)::int as closed,
             count(*) filter (where unreachable)::int as unreachable,
             ${outcomeColumns},
             null::float8[] as first_p,
             null::float8[] as final_p,
             count(*) filter (where finished and closed_at <= deadline)::int as within_deadline,
             count(*) filter (where finished and closed_at > deadline)::int as finished_late,
             count(*) filter (where not finished and deadline <= ${iso(now)})::int as open_overdue,
             count(*) filter (where finished and origin = 'sampled' and result is not null)::int as verdict_bearing,
             count(*) filter (where overturned_on_call)::int as overturned_on_call,
             count(*) filter (where recheck_result is not null)::int as recheck_compared,
             count(*) filter (where recheck_result is not null and recheck_result <> result)::int as recheck_disagreeing`;
  const found = await rows<Record<string, unknown>>(
    db,
    sql`
      with deadlines as (
        select d.day, d.deadline
          from unnest(${textArray(deadlines.map((d) => d.day))}, ${textArray(deadlines.map((d) => d.deadline.toISOString()))}::timestamptz[]) as d(day, deadline)
      ), facts as (${await factsOf(db, f.period, f.unitId, source)}),
      cohort as (
        -- Only what is counted (a statement reads only the columns it uses).
        select f.unit_id::text as unit_key, f.customer_class, f.agent_id::text as agent_key, f.origin, f.finished, f.closed, f.unreachable,
               f.outcome, f.result, f.closed_at, f.first_attempt_seconds, f.final_seconds, f.overturned_on_call, f.recheck_result, dl.deadline
          from facts f join deadlines dl on dl.day = f.day::text
      ), grouped as (
      select ${g} as g, ${keys},
             ${percentiles ? sql`percentile_cont(array[0.5, 0.9]) within group (order by first_attempt_seconds) as first_p,
             percentile_cont(array[0.5, 0.9]) within group (order by final_seconds) as final_p` : countColumns}
        from cohort
       group by grouping sets (${sets})
      )
      select gr.g as level_g, gr.agent_id as agent_key, gr.* from grouped gr`,
  );
  const levelOf: Record<number, Level> = { 7: 'all', 3: 'unit', 5: 'class', 6: 'agent' };
  const pair = (v: unknown): [number | null, number | null] => {
    const a = (v ?? [null, null]) as (number | string | null)[];
    return [num(a[0]), num(a[1])];
  };
  return found
    .map((r) => {
      const level = levelOf[Number(r.level_g)];
      const key = (level === 'unit' ? r.unit_id : level === 'class' ? r.customer_class : level === 'agent' ? r.agent_key : null) as string | null;
      const [firstAttemptP50, firstAttemptP90] = pair(r.first_p);
      const [finalP50, finalP90] = pair(r.final_p);
      return {
        level,
        key,
        due: Number(r.due),
        closed: Number(r.closed),
        unreachable: Number(r.unreachable),
        outcomes: Object.fromEntries(CALL_OUTCOMES.map((o) => [o, Number(r[`o_${o}`])])) as Record<CallOutcome, number>,
        firstAttemptP50,
        firstAttemptP90,
        finalP50,
        finalP90,
        withinDeadline: Number(r.within_deadline),
        finishedLate: Number(r.finished_late),
        openOverdue: Number(r.open_overdue),
        verdictBearing: Number(r.verdict_bearing),
        overturnedOnCall: Number(r.overturned_on_call),
        recheckCompared: Number(r.recheck_compared),
        recheckDisagreeing: Number(r.recheck_disagreeing),
        worked: 0,
      };
    })
    .filter((r) => !(r.level === 'agent' && r.key === null) && !(r.level === 'unit' && r.key === null));
}

/**
 * Answers to the rating question of the month's callbacks (the first question of type 'rating' in
 * the script version each callback's latest result was scored with), per department, unit, the
 * agent who submitted the result, and script version. From the callbacks' facts.
 */
export async function loadRatings(db: DbOrTx, f: CallbackFilter, source: IndicatorSource = 'aggregates'): Promise<RatingRow[]> {
  return withoutJit(db, (db) => loadRatingsRead(db, f, source));
}

async function loadRatingsRead(db: DbOrTx, f: CallbackFilter, source: IndicatorSource): Promise<RatingRow[]> {
  const found = await rows<{ g: number; unit_id: string | null; agent_id: string | null; script_version_id: string | null; rating: string; answers: number }>(
    db,
    sql`
      with facts as (${await factsOf(db, f.period, f.unitId, source)}), answered as (
        select unit_id::text as unit_id, rating_agent_id::text as agent_id, script_version_id::text as script_version_id, rating
          from facts where rating is not null
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

/**
 * Each agent's work in the month (productivity-rules.ts): calls placed in it, attempts recorded in
 * it, counted as the desk counts 今日拨打 / 今日接通 (lib/callbacks/call-counts.ts). From each agent's days.
 */
export async function loadProductivity(db: DbOrTx, period: Period, agentId?: string | null): Promise<ProductivityRow[]> {
  return withoutJit(db, (db) => loadProductivityRead(db, period, agentId));
}

async function loadProductivityRead(db: DbOrTx, period: Period, agentId?: string | null): Promise<ProductivityRow[]> {
  const { computed, raw } = await splitDays(db, period.start, period.end, period.timeZone);
  const agent = agentId ? sql` and agent_id = ${agentId}::uuid` : sql``;
  const parts: SQL[] = [];
  if (computed.length) parts.push(sql`(select * from daily_agent_stats where day = any(${dayArray(computed)})${agent})`);
  if (raw.length) parts.push(sql`(${agentDaySql(raw, period.timeZone, agentId)})`);
  if (parts.length === 0) return [];
  const outcomeColumns = sql.join(
    CALL_OUTCOMES.map((o) => sql`coalesce(sum((d.outcomes->>${o})::int), 0)::int as ${sql.identifier(`o_${o}`)}`),
    sql`, `,
  );
  const found = await rows<Record<string, unknown>>(
    db,
    sql`
      with d as (${sql.join(parts, sql` union all `)}), duty as (
        select agent_id, sum(extract(epoch from last_at - first_at))::float8 as duty_seconds
          from (select agent_id, start_day, min(first_started_at) as first_at, max(last_ended_at) as last_at
                  from d where first_started_at is not null group by agent_id, start_day) x
         group by agent_id
      )
      select d.agent_id::text as agent_id, (sum(d.calls) + sum(d.manual_calls))::int as calls, coalesce(max(du.duty_seconds), 0)::float8 as duty_seconds,
             sum(d.answered)::int as answered, sum(d.talk_seconds)::float8 as talk_seconds,
             sum(d.wrap_ups)::int as wrap_ups, sum(d.wrap_up_seconds)::float8 as wrap_up_seconds, ${outcomeColumns}
        from d left join duty du on du.agent_id = d.agent_id
       group by d.agent_id`,
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

/**
 * The counting visits of the given months per manager and kind of report, with their verdicts in
 * force: each month's computed days from monthly_visit_stats, the others from the raw rows.
 * `kinds: false`, for a reader of valid and invalid only: the raw days are not split by kind of report.
 */
export async function visitStatsOf(
  db: DbOrTx,
  months: readonly string[],
  range: { start: Date; end: Date; timeZone: string },
  unitId?: string | null,
  options: { kinds?: boolean } = {},
): Promise<SQL> {
  // One unit's: its managers' rows (the manager's unit now), in the raw days too.
  const unitOf = (column: string) => (unitId ? sql` and ${sql.raw(column)} in (select id from users where unit_id = ${unitId}::uuid)` : sql``);
  const { computed, raw } = await splitDays(db, range.start, range.end, range.timeZone);
  const computedMonths = [...new Set(computed.map((d) => d.slice(0, 7)))].filter((m) => months.includes(m));
  const parts: SQL[] = [];
  if (computedMonths.length) {
    parts.push(sql`(select month, ${VISIT_STAT_KEYS}, reports, late, valid, invalid from monthly_visit_stats where month = any(${`{${computedMonths.join(',')}}`}::text[])${unitOf('manager_id')})`);
  }
  if (raw.length) {
    parts.push(sql`(select to_char(day, 'YYYY-MM') as month, ${VISIT_STAT_KEYS}, reports, late, valid, invalid
                      from (${visitDaySql(sql`${withinDays(sql`v.visited_at`, raw, range.timeZone)}${unitOf('v.manager_id')}`, range.timeZone, options)}) r)`);
  }
  if (parts.length === 0) return sql`(select null::text as month, ${VISIT_STAT_KEYS}, reports, late, valid, invalid from monthly_visit_stats where false)`;
  return sql.join(parts, sql` union all `);
}

/** The month's counting reports per manager, unit and department, by which required fields they have (manager-rules.ts), from the visits' stats. */
export async function loadReportGroups(db: DbOrTx, period: Period, unitId?: string | null): Promise<ReportGroupRow[]> {
  return withoutJit(db, (db) => loadReportGroupsRead(db, period, unitId));
}

async function loadReportGroupsRead(db: DbOrTx, period: Period, unitId?: string | null): Promise<ReportGroupRow[]> {
  const mgr = sql`select u.id, u.unit_id::text as unit_id from users u where u.role = 'manager'${unitId ? sql` and u.unit_id = ${unitId}::uuid` : sql``}`;
  const levelOf: Record<number, Level> = { 3: 'all', 1: 'unit', 0: 'manager' };
  const found = await rows<Record<string, unknown>>(
    db,
    sql`
      with mgr as (${mgr}), stats as (${await visitStatsOf(db, [period.month], period, unitId)}),
      per_manager as (
        select s.manager_id, has_contact, has_purpose, has_summary, on_site, has_check_in, sum(reports)::int as reports, sum(late)::int as late
          from stats s where s.manager_id in (select id from mgr)
         group by 1, 2, 3, 4, 5, 6
        having sum(reports) > 0
      )
      select grouping(m.unit_id, pm.manager_id) as g, m.unit_id, pm.manager_id::text as manager_id,
             has_contact, has_purpose, has_summary, on_site, has_check_in,
             sum(pm.reports)::int as reports, sum(pm.late)::int as late
        from per_manager pm join mgr m on m.id = pm.manager_id
       group by grouping sets ((has_contact, has_purpose, has_summary, on_site, has_check_in),
                               (m.unit_id, has_contact, has_purpose, has_summary, on_site, has_check_in),
                               (m.unit_id, pm.manager_id, has_contact, has_purpose, has_summary, on_site, has_check_in))`,
  );
  const keyOf = (level: Level, r: Record<string, unknown>) => (level === 'unit' ? r.unit_id : level === 'manager' ? r.manager_id : null) as string | null;
  return found.map((r) => {
    const level = levelOf[Number(r.g)];
    return {
      level,
      key: keyOf(level, r),
      facts: { hasContact: Boolean(r.has_contact), hasPurpose: Boolean(r.has_purpose), hasSummary: Boolean(r.has_summary), onSite: Boolean(r.on_site), hasCheckIn: Boolean(r.has_check_in) },
      reports: Number(r.reports),
      late: Number(r.late),
    };
  });
}

/** The managers' side of the month (the manager's unit now): the reports from the visits' stats, the plans from the plans. */
export async function loadManagerSide(db: DbOrTx, period: Period, unitId?: string | null): Promise<{ reports: ReportGroupRow[]; plans: PlanRow[] }> {
  const [reports, plans] = await Promise.all([loadReportGroups(db, period, unitId), loadPlans(db, period, unitId)]);
  return { reports, plans };
}

/** As loadPlanGroups (queries.ts), the visits per planned manager and customer from monthly_customer_visits and the days not computed. */
export async function loadPlans(db: DbOrTx, period: Period, unitId?: string | null): Promise<PlanRow[]> {
  return withoutJit(db, async (db) => {
    const { computed, raw } = await splitDays(db, period.start, period.end, period.timeZone);
    const parts: SQL[] = [];
    if (computed.length) {
      parts.push(sql`(select mc.manager_id, mc.customer_id, mc.visits from monthly_customer_visits mc
                        join planned pl on pl.manager_id = mc.manager_id and pl.customer_id = mc.customer_id
                       where mc.month = ${period.month})`);
    }
    if (raw.length) {
      parts.push(sql`(select v.manager_id, v.customer_id, count(*)::int as visits
                        from visit_reports v join planned pl on pl.manager_id = v.manager_id and pl.customer_id = v.customer_id
                       where ${withinDays(sql`v.visited_at`, raw, period.timeZone)} and ${sql.raw(COUNTING_VISIT_SQL)}
                       group by v.manager_id, v.customer_id)`);
    }
    const visited = parts.length
      ? sql`select manager_id, customer_id, sum(visits)::int as visits from (${sql.join(parts, sql` union all `)}) x group by manager_id, customer_id`
      : sql`select null::uuid as manager_id, null::uuid as customer_id, 0 as visits where false`;
    return loadPlanGroups(db, period, unitId, visited);
  });
}

export { factsOf };
