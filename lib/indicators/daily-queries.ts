import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { localDay } from '@/lib/calling/calendar';
import { CALL_OUTCOMES, type CallOutcome } from '@/lib/calling/outcomes';
import { rows } from '@/lib/platform/core/sql';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { agentDaySql, callbackFactsSql, CALLBACK_FACT_COLUMNS, dayArray, daysBetween, iso, onDays, VISIT_STAT_KEYS, visitDaySql, withinDays } from './daily-sql';
import { type CallbackFilter, type CohortRow, type Funnel, type Level, type Period, type PlanRow, type ProductivityRow, type RatingRow, type ReportGroupRow } from './queries';

/**
 * The indicators' figures read from the pre-aggregates (docs/INDICATORS.md, "Pre-aggregation"):
 * each day listed in indicator_days from the aggregate tables, every other day — today, a day not
 * computed yet — from the raw rows with the same SQL (daily-sql.ts). Same counts, same signatures
 * and results either way; `source: 'rawRows'` reads every day raw (the month close).
 */

/**
 * Runs a reader in a transaction with the settings its statements want. No JIT compilation: these
 * statements do little work (a month's sums, a day's rows through their indexes) but are costed as
 * if they did more, and compiling them took longer (0.3–1 s) than running them. The memory to sort
 * a month's callbacks without spilling. And, for a page's reader (not inside a caller's transaction,
 * the month close's), no parallel workers: a page's readers already run side by side on their own
 * connections, and a statement's workers only added processes to the same cores (a day's 30,000
 * visits sorted by three processes took longer than by one).
 */
export async function withReaderSettings<T>(db: DbOrTx, read: (db: DbOrTx) => Promise<T>): Promise<T> {
  const page = !(db instanceof PgTransaction);
  return db.transaction(async (tx) => {
    // One round trip for them all: set_config(…, true) is SET LOCAL.
    await tx.execute(
      sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)${page ? sql`, set_config('max_parallel_workers_per_gather', '0', true)` : sql``}`,
    );
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
  if (computed.length) parts.push(sql`(select ${CALLBACK_FACT_COLUMNS} from callback_facts where ${onDays(sql`day`, computed)}${unitF})`);
  if (raw.length) parts.push(sql`(${callbackFactsSql(sql`${withinDays(sql`t.created_at`, raw, range.timeZone)}${unitT}`, range.timeZone)})`);
  if (parts.length === 0) return sql`(select ${CALLBACK_FACT_COLUMNS} from callback_facts where false)`;
  return sql.join(parts, sql` union all `);
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The month's callbacks counted for the department (or the unit filtered on), each unit, each
 * customer class and each agent — the agent who recorded a callback's final attempt, with what
 * each agent worked (took at least once) — and, with `options.ratings`, the answers to the rating
 * question (the first question of type 'rating' in the script version each callback's latest result
 * was scored with) per department, unit, the agent who submitted the result, and script version;
 * with `options.funnel`, the funnel of the callbacks counted.
 * `deadlines`: the deadline of the callbacks sampled on each local day (callback-rules.ts,
 * deadlinesByDay). From the callbacks' facts.
 */
export async function loadCohort(
  db: DbOrTx,
  f: CallbackFilter,
  deadlines: readonly { day: string; deadline: Date }[],
  now: Date,
  source: IndicatorSource = 'aggregates',
  options: CohortOptions = {},
): Promise<{ cohort: CohortRow[]; ratings: RatingRow[]; funnel: Funnel | null }> {
  const counted = () => withReaderSettings(db, (db) => loadCounted(db, f, deadlines, now, source, options));
  const rated = async () => (options.ratings ? withReaderSettings(db, (db) => loadRatings(db, f, source)) : []);
  const sorted = async () => (options.percentiles === false ? [] : withReaderSettings(db, (db) => loadPercentiles(db, f, source, options)));
  // At most three statements, each reading the facts once (today's raw rows included): the counts and
  // what each agent worked in one pass; the rating answers (other keys: in that pass each answer's
  // group would cost every count); the medians and 90th percentiles, which sort. Side by side on their
  // own connections, so none is the whole page's wait; one after the other inside a caller's
  // transaction (one connection).
  const [{ cohort: found, worked, funnel }, ratings, percentiles] =
    db instanceof PgTransaction ? [await counted(), await rated(), await sorted()] : await Promise.all([counted(), rated(), sorted()]);
  const percentilesOf = new Map(percentiles.map((r) => [`${r.level}|${r.key}`, r]));
  const withPercentiles = found.map((r) => {
    const p = percentilesOf.get(`${r.level}|${r.key}`);
    return p ? { ...r, firstAttemptP50: p.firstAttemptP50, firstAttemptP90: p.firstAttemptP90, finalP50: p.finalP50, finalP90: p.finalP90 } : r;
  });
  // The agent level joined with what each agent worked; an agent who finished nothing has a row of zeros.
  const cohort = withPercentiles.map((r) => (r.level === 'agent' && r.key !== null ? { ...r, worked: worked.get(r.key) ?? 0 } : r));
  const finishedBy = new Set(found.filter((r) => r.level === 'agent').map((r) => r.key));
  for (const [agentId, n] of worked) {
    if (!finishedBy.has(agentId)) cohort.push({ ...EMPTY_COHORT, level: 'agent', key: agentId, worked: n });
  }
  return { cohort, ratings, funnel };
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

export interface CohortOptions {
  /**
   * false leaves the medians and 90th percentiles null (a page that shows none of them: the staff
   * dashboard, the desk strip): the statement that sorts for them is not run.
   */
  percentiles?: boolean;
  /** The levels counted (all four when not given); a level left out has no rows. */
  levels?: readonly Level[];
  /** Read the rating answers too (loadCohort's `ratings`; empty otherwise). */
  ratings?: boolean;
  /** Count the funnel of the callbacks counted (loadCohort's `funnel`; null otherwise). */
  funnel?: boolean;
}

const LEVEL_KEYS: Partial<Record<Level, string>> = { unit: 'unit_id', class: 'customer_class', agent: 'agent_id' };
const COUNTED_LEVELS: readonly Level[] = ['all', 'unit', 'class', 'agent'];
const levelsOf = (options: CohortOptions) => COUNTED_LEVELS.filter((l) => (options.levels ?? COUNTED_LEVELS).includes(l));

/**
 * The level of a row grouped by some of the levels' keys: grouping(unit_id, customer_class, agent_id)
 * as bits, a key no set groups by always 1 (GROUPING takes only grouped columns); and the keys as
 * text (null for a level not asked for).
 */
function levelColumns(levels: readonly Level[]): { g: SQL; keys: SQL } {
  const bit = (level: Level, weight: number) => (levels.includes(level) ? `grouping(${LEVEL_KEYS[level]}) * ${weight}` : `${weight}`);
  const key = (level: Level) => (levels.includes(level) ? `${LEVEL_KEYS[level]}::text as ${LEVEL_KEYS[level]}` : `null::text as ${LEVEL_KEYS[level]}`);
  return {
    g: sql.raw(`(${bit('unit', 4)} + ${bit('class', 2)} + ${bit('agent', 1)})`),
    keys: sql.raw([key('unit'), key('class'), key('agent')].join(', ')),
  };
}
const LEVEL_OF_G: Record<number, Level> = { 7: 'all', 3: 'unit', 5: 'class', 6: 'agent' };
const keyOfLevel = (level: Level, r: Record<string, unknown>) =>
  (level === 'unit' ? r.unit_id : level === 'class' ? r.customer_class : level === 'agent' ? r.agent_id : null) as string | null;
/** A unit's or an agent's row without one (callbacks without a unit; those no agent finished) is no row of theirs. */
const keyed = (r: { level: Level; key: string | null }) => !(r.level === 'agent' && r.key === null) && !(r.level === 'unit' && r.key === null);

/** The counted columns: the callbacks of the month that are due, and those of them each condition holds for. */
const COUNT_COLUMNS: readonly [string, (now: Date) => SQL | null][] = [
  ['due', () => null],
  ['closed', () => sql`closed`],
  ['unreachable', () => sql`unreachable`],
  ...CALL_OUTCOMES.map((o): [string, (now: Date) => SQL | null] => [`o_${o}`, () => sql`finished and outcome = ${o}`]),
  ['within_deadline', () => sql`finished and closed_at <= deadline`],
  ['finished_late', () => sql`finished and closed_at > deadline`],
  ['open_overdue', (now) => sql`not finished and deadline <= ${iso(now)}`],
  ['verdict_bearing', () => sql`finished and origin = 'sampled' and result is not null`],
  ['overturned_on_call', () => sql`overturned_on_call`],
  ['recheck_compared', () => sql`recheck_result is not null`],
  ['recheck_disagreeing', () => sql`recheck_result is not null and recheck_result <> result`],
];

/** The funnel's stages after "sampled" (every callback counted), over the callbacks' facts (FUNNEL_COLUMNS' names are Funnel's). */
export const FUNNEL_COLUMNS: readonly [keyof Funnel, SQL][] = [
  ['attempted', sql`attempted`],
  ['reached', sql`reached`],
  ['verdict', sql`reached and result is not null`],
];

/**
 * One statement, one pass over the facts, grouped two ways at once: the counts per unit, class and
 * finishing agent (as the levels need) — a few thousand rows, then summed up to each level — and the
 * callbacks per set of agents who worked them (then per agent). Its two results come back as two
 * JSON columns.
 */
async function loadCounted(
  db: DbOrTx,
  f: CallbackFilter,
  deadlines: readonly { day: string; deadline: Date }[],
  now: Date,
  source: IndicatorSource,
  options: CohortOptions,
): Promise<{ cohort: CohortRow[]; worked: Map<string, number>; funnel: Funnel | null }> {
  const levels = levelsOf(options);
  const columns: readonly [string, (now: Date) => SQL | null][] = [
    ...COUNT_COLUMNS,
    ...(options.funnel ? FUNNEL_COLUMNS.map(([name, when]): [string, () => SQL] => [name, () => when]) : []),
  ];
  const agents = levels.includes('agent');
  const countKeys = levels.flatMap((l) => (LEVEL_KEYS[l] ? [LEVEL_KEYS[l]] : []));
  const sets = [`(${countKeys.join(', ')})`, ...(agents ? ['(worked_by)'] : [])];
  const grouped = [...countKeys, ...(agents ? ['worked_by'] : [])];
  const isWorked = sql.raw(agents ? 'grouping(worked_by) = 0' : 'false');
  const { g, keys } = levelColumns(levels);
  const levelSets = sql.raw(levels.map((l) => `(${LEVEL_KEYS[l] ?? ''})`).join(', '));
  const counts = sql.join(
    columns.map(([name, when]) => {
      const condition = when(now);
      return condition ? sql`count(*) filter (where ${condition})::int as ${sql.identifier(name)}` : sql`count(*)::int as ${sql.identifier(name)}`;
    }),
    sql`, `,
  );
  const sums = sql.join(
    columns.map(([name]) => sql`sum(${sql.identifier(name)})::int as ${sql.identifier(name)}`),
    sql`, `,
  );
  const [found] = await rows<{ cohort: Record<string, unknown>[]; worked: { agent_id: string; worked: number }[] }>(
    db,
    sql`
      with deadlines as (
        select d.day, d.deadline
          from unnest(${`{${deadlines.map((d) => d.day).join(',')}}`}::date[], ${`{${deadlines.map((d) => d.deadline.toISOString()).join(',')}}`}::timestamptz[]) as d(day, deadline)
      ), facts as (${await factsOf(db, f.period, f.unitId, source)}),
      pass as (
        select ${isWorked} as is_worked, ${sql.raw(grouped.join(', ') || 'null::text as nothing')}, ${counts}
          from facts f join deadlines dl on dl.day = f.day
         group by grouping sets (${sql.raw(sets.join(', '))})
      )
      select
        (select coalesce(json_agg(c), '[]') from (
           select ${g} as g, ${keys}, ${sums}
             from pass where not is_worked
            group by grouping sets (${levelSets})) c) as cohort,
        ${
          agents
            ? sql`(select coalesce(json_agg(w), '[]') from (
                     select a.agent_id::text as agent_id, sum(p.due)::int as worked
                       from pass p cross join unnest(p.worked_by) as a(agent_id)
                      where p.is_worked
                      group by a.agent_id) w)`
            : sql`'[]'::json`
        } as worked`,
  );
  const cohort = found.cohort
    .map((r): CohortRow => {
      const level = LEVEL_OF_G[Number(r.g)];
      return {
        level,
        key: keyOfLevel(level, r),
        due: Number(r.due),
        closed: Number(r.closed),
        unreachable: Number(r.unreachable),
        outcomes: Object.fromEntries(CALL_OUTCOMES.map((o) => [o, Number(r[`o_${o}`])])) as Record<CallOutcome, number>,
        firstAttemptP50: null,
        firstAttemptP90: null,
        finalP50: null,
        finalP90: null,
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
    .filter(keyed);
  // The funnel of everything counted: the department's (or the unit's) row.
  const all = found.cohort.find((r) => LEVEL_OF_G[Number(r.g)] === 'all');
  const funnel = options.funnel
    ? { sampled: Number(all?.due ?? 0), attempted: Number(all?.attempted ?? 0), reached: Number(all?.reached ?? 0), verdict: Number(all?.verdict ?? 0) }
    : null;
  return { cohort, worked: new Map(found.worked.map((r) => [r.agent_id, Number(r.worked)])), funnel };
}

/** The rating answers of the facts per department, unit, the agent who submitted the result, and script version. */
async function loadRatings(db: DbOrTx, f: CallbackFilter, source: IndicatorSource): Promise<RatingRow[]> {
  const found = await rows<{ g: number; unit_id: string | null; agent_id: string | null; script_version_id: string | null; rating: string; answers: number }>(
    db,
    sql`
      select grouping(unit_id, rating_agent_id, script_version_id) as g, unit_id::text as unit_id, rating_agent_id::text as agent_id,
             script_version_id::text as script_version_id, rating, count(*)::int as answers
        from (${await factsOf(db, f.period, f.unitId, source)}) f
       where rating is not null
       group by grouping sets ((rating), (unit_id, rating), (rating_agent_id, rating), (script_version_id, rating))`,
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
 * The medians and 90th percentiles of the seconds to the first attempt and to the final result,
 * per level. A customer class's are never shown (only its 回访率), so never sorted for.
 */
async function loadPercentiles(db: DbOrTx, f: CallbackFilter, source: IndicatorSource, options: CohortOptions) {
  const levels = levelsOf(options).filter((l) => l !== 'class');
  if (levels.length === 0) return [];
  const { g, keys } = levelColumns(levels);
  const found = await rows<Record<string, unknown>>(
    db,
    sql`
      select ${g} as g, ${keys},
             percentile_cont(array[0.5, 0.9]) within group (order by first_attempt_seconds) as first_p,
             percentile_cont(array[0.5, 0.9]) within group (order by final_seconds) as final_p
        from (${await factsOf(db, f.period, f.unitId, source)}) f
       group by grouping sets (${sql.raw(levels.map((l) => `(${LEVEL_KEYS[l] ?? ''})`).join(', '))})`,
  );
  const pair = (v: unknown): [number | null, number | null] => {
    const a = (v ?? [null, null]) as (number | string | null)[];
    return [num(a[0]), num(a[1])];
  };
  return found
    .map((r) => {
      const level = LEVEL_OF_G[Number(r.g)];
      const [firstAttemptP50, firstAttemptP90] = pair(r.first_p);
      const [finalP50, finalP90] = pair(r.final_p);
      return { level, key: keyOfLevel(level, r), firstAttemptP50, firstAttemptP90, finalP50, finalP90 };
    })
    .filter(keyed);
}

/**
 * Each agent's work in the month (productivity-rules.ts): calls placed in it, attempts recorded in
 * it, counted as the desk counts 今日拨打 / 今日接通 (lib/callbacks/call-counts.ts). From each agent's days.
 */
export async function loadProductivity(db: DbOrTx, period: Period, agentId?: string | null): Promise<ProductivityRow[]> {
  return withReaderSettings(db, (db) => loadProductivityRead(db, period, agentId));
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
 * `kinds: false`, for a reader of valid and invalid only: the raw days are not split by kind of report;
 * `verdicts: false`, for a reader of reports only: the raw days' valid and invalid read 0.
 */
export async function visitStatsOf(
  db: DbOrTx,
  months: readonly string[],
  range: { start: Date; end: Date; timeZone: string },
  unitId?: string | null,
  options: { kinds?: boolean; verdicts?: boolean } = {},
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
  return withReaderSettings(db, (db) => loadReportGroupsRead(db, period, unitId));
}

async function loadReportGroupsRead(db: DbOrTx, period: Period, unitId?: string | null): Promise<ReportGroupRow[]> {
  const mgr = sql`select u.id, u.unit_id from users u where u.role = 'manager'${unitId ? sql` and u.unit_id = ${unitId}::uuid` : sql``}`;
  const levelOf: Record<number, Level> = { 3: 'all', 1: 'unit', 0: 'manager' };
  const found = await rows<Record<string, unknown>>(
    db,
    sql`
      -- Reports and late ones only: today's raw visits' verdicts are not looked up.
      with mgr as (${mgr}), stats as (${await visitStatsOf(db, [period.month], period, unitId, { verdicts: false })}),
      per_manager as (
        select s.manager_id, m.unit_id, has_contact, has_purpose, has_summary, on_site, has_check_in, sum(reports)::int as reports, sum(late)::int as late
          from stats s join mgr m on m.id = s.manager_id
         group by 1, 2, 3, 4, 5, 6, 7
        having sum(reports) > 0
      )
      select grouping(unit_id, manager_id) as g, unit_id::text as unit_id, manager_id::text as manager_id,
             has_contact, has_purpose, has_summary, on_site, has_check_in,
             sum(reports)::int as reports, sum(late)::int as late
        from per_manager
       group by grouping sets ((has_contact, has_purpose, has_summary, on_site, has_check_in),
                               (unit_id, has_contact, has_purpose, has_summary, on_site, has_check_in),
                               (unit_id, manager_id, has_contact, has_purpose, has_summary, on_site, has_check_in))`,
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

/**
 * The plans half of loadManagerSide: the month's approved plans' items and those done, per manager,
 * unit and department — each planned item done by one counting visit of its manager to its customer
 * in the month: the visits per manager and customer of the computed days from monthly_customer_visits,
 * the other days' counted from the raw rows.
 */
export async function loadPlans(db: DbOrTx, period: Period, unitId?: string | null): Promise<PlanRow[]> {
  return withReaderSettings(db, async (db) => {
    const { computed, raw } = await splitDays(db, period.start, period.end, period.timeZone);
    const mgr = sql`select u.id, u.unit_id from users u where u.role = 'manager'${unitId ? sql` and u.unit_id = ${unitId}::uuid` : sql``}`;
    // Each source joined to the planned pairs (a department's 40,000), not grouped with the other first.
    const stored = computed.length
      ? sql`left join monthly_customer_visits mc on mc.month = ${period.month} and mc.manager_id = pl.manager_id and mc.customer_id = pl.customer_id`
      : sql`left join (select 0 as visits) mc on false`;
    const rawVisits = raw.length
      ? sql`left join (
          select v.manager_id, v.customer_id, count(*)::int as visits
            from visit_reports v
           where ${withinDays(sql`v.visited_at`, raw, period.timeZone)} and ${sql.raw(COUNTING_VISIT_SQL)} and v.manager_id in (select id from mgr)
           group by v.manager_id, v.customer_id
        ) rv on rv.manager_id = pl.manager_id and rv.customer_id = pl.customer_id`
      : sql`left join (select 0 as visits) rv on false`;
    const found = await rows<{ g: number; unit_id: string | null; manager_id: string | null; planned: number; done: number }>(
      db,
      sql`
        with mgr as (${mgr}), planned as (
          select p.manager_id, i.customer_id, count(*)::int as planned
            from visit_plans p join visit_plan_items i on i.plan_id = p.id
           where p.month = ${period.month} and p.status = 'approved' and p.manager_id in (select id from mgr)
           group by p.manager_id, i.customer_id
        ), per_manager as (
          select pl.manager_id, sum(pl.planned)::int as planned, sum(least(pl.planned, coalesce(mc.visits, 0) + coalesce(rv.visits, 0)))::int as done
            from planned pl ${stored} ${rawVisits}
           group by pl.manager_id
        )
        select grouping(m.unit_id, pm.manager_id) as g, m.unit_id::text as unit_id, pm.manager_id::text as manager_id,
               sum(pm.planned)::int as planned, sum(pm.done)::int as done
          from per_manager pm join mgr m on m.id = pm.manager_id
         group by grouping sets ((), (m.unit_id), (m.unit_id, pm.manager_id))`,
    );
    const levelOf: Record<number, Level> = { 3: 'all', 1: 'unit', 0: 'manager' };
    return found.map((r) => {
      const level = levelOf[Number(r.g)];
      return { level, key: level === 'unit' ? r.unit_id : level === 'manager' ? r.manager_id : null, planned: Number(r.planned), done: Number(r.done) };
    });
  });
}

export { factsOf };
