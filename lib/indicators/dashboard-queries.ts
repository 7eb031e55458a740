import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { answeredByPerson, placedCall } from '@/lib/callbacks/call-counts';
import { CALL_OUTCOMES, type CallOutcome } from '@/lib/calling/outcomes';
import { rows } from '@/lib/platform/core/sql';
import { monthRange } from '@/lib/platform/time/zone';
import { factsOf, FUNNEL_COLUMNS, visitStatsOf, withReaderSettings } from './daily-queries';
import { CONTACT_OUTCOMES } from './daily-sql';
import { iso } from './daily-sql';
import type { Funnel, Period } from './queries';

/**
 * Data access of the staff dashboard (回访看板): counts the database aggregates, never rows read
 * into Node. The verb (dashboard.ts) checks who asks and turns counts into rates.
 */

/** The open callbacks now, by state, and those finished since `startOfDay`. */
export async function loadQueueNow(db: DbOrTx, now: Date, startOfDay: Date) {
  const [r] = await rows<{ ready: number; waiting: number; scheduled: number; appointments: number; held: number; finishedToday: number }>(
    db,
    sql`
      select count(*) filter (where state = 'ready')::int as ready,
             count(*) filter (where state = 'waiting')::int as waiting,
             count(*) filter (where state = 'waiting' and next_attempt_at > ${iso(now)})::int as scheduled,
             count(*) filter (where state = 'waiting' and appointment_at is not null)::int as appointments,
             count(*) filter (where state = 'held')::int as held,
             count(*) filter (where state in ('closed', 'unreachable') and closed_at >= ${iso(startOfDay)})::int as "finishedToday"
        from callback_tasks
       where state in ('waiting', 'ready', 'held') or (state in ('closed', 'unreachable') and closed_at >= ${iso(startOfDay)})`,
  );
  return r ?? { ready: 0, waiting: 0, scheduled: 0, appointments: 0, held: 0, finishedToday: 0 };
}

/**
 * Agents online: the desk renews its presence while open (agent_presence), as the queue page reads
 * it — seen within the lease. And the agents who recorded an attempt today.
 */
export async function loadAgentsNow(db: DbOrTx, onlineSince: Date, startOfDay: Date) {
  const [online, worked] = await Promise.all([
    rows<{ name: string }>(
      db,
      sql`select u.display_name as name from agent_presence p join users u on u.id = p.agent_id
           where p.last_seen_at >= ${iso(onlineSince)} order by u.display_name`,
    ),
    rows<{ n: number }>(db, sql`select count(distinct agent_id)::int as n from callback_attempts where ended_at >= ${iso(startOfDay)}`),
  ]);
  return { online: online.map((o) => o.name), workedToday: worked[0]?.n ?? 0 };
}

/** Calls placed today and those a person answered, per local hour 0–23 (every hour, zeros included). */
export async function loadCallsByHour(db: DbOrTx, startOfDay: Date, endOfDay: Date, timeZone: string) {
  const found = await rows<{ hour: number; placed: number; answered: number }>(
    db,
    sql`
      select extract(hour from c.created_at at time zone ${timeZone})::int as hour,
             count(*) filter (where ${placedCall()})::int as placed,
             count(*) filter (where ${placedCall()} and ${answeredByPerson()})::int as answered
        from calls c
       where c.created_at >= ${iso(startOfDay)} and c.created_at < ${iso(endOfDay)}
       group by 1`,
  );
  const byHour = new Map(found.map((r) => [Number(r.hour), r]));
  return Array.from({ length: 24 }, (_, hour) => ({ hour, placed: Number(byHour.get(hour)?.placed ?? 0), answered: Number(byHour.get(hour)?.answered ?? 0) }));
}

export { CONTACT_OUTCOMES };

/** The funnel's stages after "sampled" counted over callbacks' facts (one definition: FUNNEL_COLUMNS). */
const funnelCounts = () =>
  sql.join(
    FUNNEL_COLUMNS.map(([name, when]) => sql`count(*) filter (where ${when})::int as ${sql.identifier(name)}`),
    sql`, `,
  );

export interface MonthCounts {
  month: string;
  due: number;
  closed: number;
  unreachable: number;
  /** Final outcomes of the finished callbacks (for RR1). */
  outcomes: Partial<Record<CallOutcome, number>>;
  /** The month's funnel, read in the same pass. */
  funnel: Funnel;
}

/** Each month's callbacks (sampled in it) from `first` to `period`'s month: due, finished, final outcomes, and its funnel. */
export async function loadCallbackMonths(db: DbOrTx, range: Period): Promise<MonthCounts[]> {
  return withReaderSettings(db, async (db) => {
    const outcomeColumns = sql.join(
      CALL_OUTCOMES.map((o) => sql`count(*) filter (where t.finished and t.outcome = ${o})::int as ${sql.identifier(`o_${o}`)}`),
      sql`, `,
    );
    const found = await rows<Record<string, unknown>>(
      db,
      sql`
        select to_char(t.day, 'YYYY-MM') as month, count(*)::int as due,
               count(*) filter (where t.closed)::int as closed, count(*) filter (where t.unreachable)::int as unreachable,
               ${funnelCounts()}, ${outcomeColumns}
          from (${await factsOf(db, range)}) t
         group by 1`,
    );
    return found.map((r) => ({
      month: String(r.month),
      due: Number(r.due),
      closed: Number(r.closed),
      unreachable: Number(r.unreachable),
      outcomes: Object.fromEntries(CALL_OUTCOMES.map((o) => [o, Number(r[`o_${o}`])])),
      funnel: { sampled: Number(r.due), attempted: Number(r.attempted), reached: Number(r.reached), verdict: Number(r.verdict) },
    }));
  });
}

export interface ValidCounts {
  month: string;
  /** The manager's unit now (docs/ARCHITECTURE.md, "Data scope"); null for the department row. */
  unitId: string | null;
  all: boolean;
  valid: number;
  invalid: number;
}

/**
 * Visits judged valid and invalid, by the verdict in force (the latest version), per month from
 * `range` — for the department, and per unit for `unitsOf` (the month the units are shown for).
 */
export async function loadValidCounts(db: DbOrTx, months: readonly string[], unitsOf: string, timeZone: string): Promise<ValidCounts[]> {
  return withReaderSettings(db, async (db) => {
    const range = { start: monthRange(months[0], timeZone).start, end: monthRange(months.at(-1)!, timeZone).end, timeZone };
    const found = await rows<{ g: number; month: string; unit_id: string | null; valid: number; invalid: number }>(
      db,
      sql`
        -- Valid and invalid only: today's raw visits are not split by kind of report (no contact probed).
        with stats as (${await visitStatsOf(db, months, range, null, { kinds: false })}), judged as (
          select s.month, u.unit_id::text as unit_id, s.valid, s.invalid
            from stats s join users u on u.id = s.manager_id
           where s.valid + s.invalid > 0
        )
        select grouping(unit_id) as g, month, unit_id, sum(valid)::int as valid, sum(invalid)::int as invalid
          from judged
         group by grouping sets ((month), (month, unit_id))
        having grouping(unit_id) = 1 or month = ${unitsOf}`,
    );
    return found
      .filter((r) => Number(r.g) === 1 || r.unit_id !== null)
      .map((r) => ({ month: r.month, unitId: Number(r.g) === 1 ? null : r.unit_id, all: Number(r.g) === 1, valid: Number(r.valid), invalid: Number(r.invalid) }));
  });
}
