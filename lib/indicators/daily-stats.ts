import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { addDays, instantAt, localDay } from '@/lib/calling/calendar';
import { rows } from '@/lib/platform/core/sql';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { monthRange, shiftMonth } from '@/lib/platform/time/zone';
import { AGENT_STAT_COLUMNS, agentDaySql, CALLBACK_FACT_COLUMNS, callbackFactsSql, daysBetween, iso, VISIT_STAT_KEYS, visitDaySql, withinDays } from './daily-sql';

/**
 * The pre-aggregated indicators' upkeep (docs/INDICATORS.md, "Pre-aggregation"), run by the worker:
 * `computeIndicatorDay` writes one closed local day into the aggregates from the raw rows,
 * idempotently (the day's rows are deleted and written again, its month's sums corrected by the
 * difference, in one transaction); `indicatorDaysToCompute` finds the days the catch-up computes.
 * PostgreSQL's raw rows stay the record: every aggregate can be rebuilt from them at any time.
 */

/** How many months back the catch-up keeps computed (the staff dashboard's trend: the month and the six before). */
export const AGGREGATED_MONTHS = 7;

/**
 * Computes `day` (a closed local day, 'YYYY-MM-DD') into the aggregates: the facts of the callbacks
 * sampled on it, its visits per manager and kind (and its month's sums), each agent's work on it.
 */
export async function computeIndicatorDay(
  db: Db,
  day: string,
  timeZone: string,
  options: { deferMonth?: boolean } = {},
): Promise<{ callbacks: number; visitRows: number; agentRows: number }> {
  const month = day.slice(0, 7);
  const days = [day];
  return db.transaction(async (tx) => {
    // One day of a month at a time: the month's sums are corrected by each day's difference.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`indicators:${month}`}))`);
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`delete from callback_facts where day = ${day}::date`);
    const [facts] = await rows<{ n: number }>(
      tx,
      sql`with ins as (insert into callback_facts (${CALLBACK_FACT_COLUMNS}) ${callbackFactsSql(withinDays(sql`t.created_at`, days, timeZone), timeZone)} returning 1)
          select count(*)::int as n from ins`,
    );

    const sums = sql.raw('reports, late, valid, invalid');
    const add = sql.raw(
      'reports = monthly_visit_stats.reports + excluded.reports, late = monthly_visit_stats.late + excluded.late, ' +
        'valid = monthly_visit_stats.valid + excluded.valid, invalid = monthly_visit_stats.invalid + excluded.invalid',
    );
    // The day's old rows out of its month's sums…
    await tx.execute(sql`
      with old as (delete from daily_visit_stats where day = ${day}::date returning ${VISIT_STAT_KEYS}, ${sums})
      insert into monthly_visit_stats (month, ${VISIT_STAT_KEYS}, ${sums})
      select ${month}, ${VISIT_STAT_KEYS}, -reports, -late, -valid, -invalid from old order by ${VISIT_STAT_KEYS}
      on conflict (month, ${VISIT_STAT_KEYS}) do update set ${add}`);
    // …and its new rows in.
    const [visits] = await rows<{ n: number }>(
      tx,
      sql`
      with fresh as (
        insert into daily_visit_stats (day, ${VISIT_STAT_KEYS}, ${sums})
        ${visitDaySql(withinDays(sql`v.visited_at`, days, timeZone), timeZone)}
        returning ${VISIT_STAT_KEYS}, ${sums}
      ), summed as (
        insert into monthly_visit_stats (month, ${VISIT_STAT_KEYS}, ${sums})
        select ${month}, ${VISIT_STAT_KEYS}, ${sums} from fresh order by ${VISIT_STAT_KEYS}
        on conflict (month, ${VISIT_STAT_KEYS}) do update set ${add}
        returning 1
      )
      select count(*)::int as n from summed`,
    );
    await tx.execute(sql`delete from monthly_visit_stats where month = ${month} and reports = 0 and late = 0 and valid = 0 and invalid = 0`);

    await tx.execute(sql`delete from daily_agent_stats where day = ${day}::date`);
    const [agents] = await rows<{ n: number }>(
      tx,
      sql`with ins as (insert into daily_agent_stats (${AGENT_STAT_COLUMNS}) ${agentDaySql(days, timeZone)} returning 1) select count(*)::int as n from ins`,
    );

    await tx.execute(sql`insert into indicator_days (day, computed_at) values (${day}::date, now()) on conflict (day) do update set computed_at = now()`);
    if (!options.deferMonth) await refreshCustomerVisits(tx, month, timeZone);
    return { callbacks: facts?.n ?? 0, visitRows: visits?.n ?? 0, agentRows: agents?.n ?? 0 };
  });
}

/**
 * monthly_customer_visits of `month`, counted again over its computed days (a month's visits per
 * manager and customer do not shrink by a day's rows: there are about as many as visits).
 */
async function refreshCustomerVisits(tx: DbOrTx, month: string, timeZone: string): Promise<void> {
  const { start, end } = monthRange(month, timeZone);
  const days = (
    await rows<{ day: string }>(
      tx,
      sql`select day::text as day from indicator_days where day >= ${localDay(start, timeZone)}::date and day < ${localDay(end, timeZone)}::date`,
    )
  ).map((r) => r.day);
  await tx.execute(sql`delete from monthly_customer_visits where month = ${month}`);
  await tx.execute(sql`
    insert into monthly_customer_visits (month, manager_id, customer_id, visits)
    select ${month}, v.manager_id, v.customer_id, count(*)::int
      from visit_reports v
     where ${withinDays(sql`v.visited_at`, days, timeZone)} and ${sql.raw(COUNTING_VISIT_SQL)}
     group by v.manager_id, v.customer_id`);
}

/** Forgets a month's computed days (its aggregates read from the raw rows until computed again). */
export async function forgetIndicatorMonth(db: Db, month: string, timeZone: string): Promise<void> {
  const { start, end } = monthRange(month, timeZone);
  const first = localDay(start, timeZone);
  const last = addDays(localDay(end, timeZone), -1);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`indicators:${month}`}))`);
    await tx.execute(sql`delete from indicator_days where day between ${first}::date and ${last}::date`);
    await tx.execute(sql`delete from callback_facts where day between ${first}::date and ${last}::date`);
    await tx.execute(sql`delete from daily_visit_stats where day between ${first}::date and ${last}::date`);
    await tx.execute(sql`delete from daily_agent_stats where day between ${first}::date and ${last}::date`);
    await tx.execute(sql`delete from monthly_visit_stats where month = ${month}`);
    await tx.execute(sql`delete from monthly_customer_visits where month = ${month}`);
  });
}

/** The closed days of `month` (before `today`). */
export function closedDaysOf(month: string, today: string, timeZone: string): string[] {
  const { start, end } = monthRange(month, timeZone);
  const last = addDays(localDay(end, timeZone), -1);
  return daysBetween(localDay(start, timeZone), last < today ? last : addDays(today, -1));
}

/**
 * The days the catch-up computes at `now`: yesterday (closed since the last run, or changed on its
 * last hours), every closed day of the aggregated months not computed yet (a new deployment, a
 * rebuild), and every computed day whose raw rows changed since the last run — a callback, an
 * attempt, a call, a verdict (a visit reported late or a backfill approved is evaluated, so it has
 * one) or a dispute decided. Advances the watermark.
 */
export async function indicatorDaysToCompute(db: DbOrTx, now: Date, timeZone: string): Promise<string[]> {
  const today = localDay(now, timeZone);
  const thisMonth = today.slice(0, 7);
  const firstMonth = shiftMonth(thisMonth, -(AGGREGATED_MONTHS - 1));
  const firstDay = localDay(monthRange(firstMonth, timeZone).start, timeZone);
  const [mark] = await rows<{ at: string | null; verdictId: number }>(db, sql`select at::text, verdict_id as "verdictId" from indicator_watermarks where key = 'catch-up'`);
  const [{ maxVerdict }] = await rows<{ maxVerdict: number }>(db, sql`select coalesce(max(id), 0)::bigint as "maxVerdict" from visit_verdicts`);
  // Two minutes of overlap: a change stamped just before the last run but committed after it is not missed.
  const since = mark?.at ? new Date(new Date(mark.at).getTime() - 120_000) : null;
  const dayOf = (column: string) => sql.raw(`(${column} at time zone '${timeZone.replace(/'/g, "''")}')::date::text`);

  const computed = new Set(
    (await rows<{ day: string }>(db, sql`select day::text as day from indicator_days where day >= ${firstDay}::date and day < ${today}::date`)).map((r) => r.day),
  );
  // A closed day not computed yet is computed when something is in it; an empty day reads as fast from the raw rows.
  const uncomputed = daysBetween(firstDay, addDays(today, -1)).filter((d) => !computed.has(d));
  const days = new Set<string>();
  for (const d of uncomputed) {
    const range = sql`${iso(instantAt(d, 0, timeZone))} and ${iso(new Date(instantAt(addDays(d, 1), 0, timeZone).getTime() - 1))}`;
    const [found] = await rows<{ any: boolean }>(
      db,
      sql`select exists (select 1 from callback_tasks where created_at between ${range}) or exists (select 1 from visit_reports where visited_at between ${range})
              or exists (select 1 from callback_attempts where ended_at between ${range}) or exists (select 1 from calls where created_at between ${range}) as any`,
    );
    if (found?.any) days.add(d);
  }
  const yesterday = addDays(today, -1);
  if (yesterday >= firstDay) days.add(yesterday);

  if (since) {
    const changed = await rows<{ day: string }>(
      db,
      sql`select ${dayOf('t.created_at')} as day from callback_tasks t where t.updated_at >= ${iso(since)}
          union select ${dayOf('t.created_at')} from callback_attempts a join callback_tasks t on t.id = a.task_id where a.ended_at >= ${iso(since)}
          union select ${dayOf('a.ended_at')} from callback_attempts a where a.ended_at >= ${iso(since)}
          union select ${dayOf('c.created_at')} from calls c where c.updated_at >= ${iso(since)} and c.created_at >= ${iso(since)}::timestamptz - interval '2 days'
          union select ${dayOf('v.visited_at')} from visit_verdicts vv join visit_reports v on v.id = vv.visit_id where vv.id > ${mark.verdictId}
          union select ${dayOf('t.created_at')} from disputes d join callback_tasks t on t.visit_id = d.visit_id where d.updated_at >= ${iso(since)}`,
    );
    for (const { day } of changed) if (day >= firstDay && day < today && computed.has(day)) days.add(day);
  }
  await db.execute(sql`
    insert into indicator_watermarks (key, at, verdict_id) values ('catch-up', ${iso(now)}, ${maxVerdict})
    on conflict (key) do update set at = excluded.at, verdict_id = excluded.verdict_id`);
  return [...days].sort();
}

/**
 * Computes every closed day of `month` (before `now`'s day) into the aggregates, from scratch or
 * again — the rebuild (`cli indicators-rebuild`); `onlyMissing` skips the days already computed.
 */
export async function rebuildIndicatorMonth(
  db: Db,
  month: string,
  now: Date,
  timeZone: string,
  options: { onlyMissing?: boolean; onDay?: (day: string, counts: { callbacks: number; visitRows: number; agentRows: number }) => void } = {},
): Promise<{ days: number }> {
  const days = closedDaysOf(month, localDay(now, timeZone), timeZone);
  const done = options.onlyMissing
    ? new Set((await rows<{ day: string }>(db, sql`select day::text as day from indicator_days where day = any(${`{${days.join(',')}}`}::date[])`)).map((r) => r.day))
    : new Set<string>();
  let n = 0;
  for (const day of days) {
    if (done.has(day)) continue;
    const counts = await computeIndicatorDay(db, day, timeZone, { deferMonth: true });
    options.onDay?.(day, counts);
    n++;
  }
  if (n > 0) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`indicators:${month}`}))`);
      await tx.execute(sql`set local jit = off`);
      await refreshCustomerVisits(tx, month, timeZone);
    });
    // A month's rows at once: the planner's statistics catch up now, not at autovacuum's next pass.
    await db.execute(sql`analyze callback_facts, daily_visit_stats, monthly_visit_stats, monthly_customer_visits, daily_agent_stats, indicator_days`);
  }
  return { days: n };
}
