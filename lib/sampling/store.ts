import type { Writable } from 'node:stream';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { env } from '@/lib/platform/config/env';
import { toDate, uuidArray } from '@/lib/platform/core/sql';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { monthRange, shiftMonth, type Month } from '@/lib/platform/time/zone';
import { EXCLUSION_REASONS, type CustomerClass, type Decision, type ReasonParams, type TopUp, type VisitFacts } from './rules';

/**
 * Data access for sampling, in bulk SQL: a batch decides up to a million visits, so rows go in
 * and out as one JSON parameter per statement (json_to_recordset) rather than row by row.
 */

/**
 * Data-check flags and how each is read from a visit report (alias `v`). A later data check adds
 * its flag here; the rules always-sample any flagged visit without knowing which checks exist.
 */
export const DATA_CHECK_FLAGS: { flag: string; condition: SQL }[] = [{ flag: 'late', condition: sql`v.late` }];

function flagsExpression(): SQL {
  const parts = DATA_CHECK_FLAGS.map((f) => sql`case when ${f.condition} then ${f.flag}::text end`);
  // One comma-separated text, not an array: cheaper to read for a million rows.
  return sql`concat_ws(',', ${sql.join(parts, sql`, `)})`;
}

/** A 超期补报 held back (pending, rejected) is not sampled: it counts for nothing until approved. */
const COUNTING_VISIT = sql.raw(COUNTING_VISIT_SQL);


export interface LoadedVisit extends VisitFacts {
  customerId: string;
  unitId: string | null;
}

export interface StoredDecision {
  visitId: string;
  managerId: string;
  draw: number;
  sampled: boolean;
  eligible: boolean;
  /** What a callback needs, should a top-up sample this visit now. */
  visit: LoadedVisit;
}

/**
 * The (undecided) visits of some managers in [start, end), with what the rules need. Kept to a few
 * cheap columns (the batch reads a million): the manager's unit and which customers have no phone
 * to call come from two small side queries instead of per-visit joins.
 */
export async function loadVisits(
  db: DbOrTx,
  args: {
    managerIds: readonly string[];
    start: Date;
    end: Date;
    /** Only visits without a decision; needs `month`, the month [start, end) is. */
    undecidedOnly?: { month: string };
    /** Customers with no phone to call, when the caller already knows them (a batch asks once). */
    customersWithoutPhone?: Set<string>;
  },
): Promise<LoadedVisit[]> {
  if (args.managerIds.length === 0) return [];
  const managers = uuidArray(args.managerIds);
  const range = sql`v.visited_at >= ${args.start.toISOString()}::timestamptz and v.visited_at < ${args.end.toISOString()}::timestamptz`;
  const [rows, units, noPhone] = await Promise.all([
    db.execute(sql`
      select v.id as "visitId", v.manager_id as "managerId", v.customer_id as "customerId", c.class as "customerClass",
             (extract(epoch from v.visited_at) * 1000)::float8 as "visitedAt", ${flagsExpression()} as "flags"
        from visit_reports v
        join customers c on c.id = v.customer_id
       where v.manager_id = any(${managers}) and ${range} and ${COUNTING_VISIT}
         ${
           // A visit's decision is stored under its manager and month, so the anti-join only needs
           // these managers' decisions of the month (an index range), not the whole table.
           args.undecidedOnly
             ? sql`and v.id not in (select d.visit_id from sampling_decisions d where d.manager_id = any(${managers}) and d.month = ${args.undecidedOnly.month})`
             : sql``
         }
    `) as unknown as Promise<{ visitId: string; managerId: string; customerId: string; customerClass: CustomerClass; visitedAt: number; flags: string }[]>,
    db.execute(sql`select id, unit_id as "unitId" from users where id = any(${managers})`) as unknown as Promise<{ id: string; unitId: string | null }[]>,
    args.customersWithoutPhone ?? customersWithoutPhone(db, sql`select v.customer_id from visit_reports v where v.manager_id = any(${managers}) and ${range}`),
  ]);
  const unitOf = new Map(units.map((u) => [u.id, u.unitId]));
  return rows.map((r) => ({
    visitId: r.visitId,
    managerId: r.managerId,
    customerId: r.customerId,
    unitId: unitOf.get(r.managerId) ?? null,
    customerClass: r.customerClass,
    visitedAt: new Date(Number(r.visitedAt)),
    flags: r.flags ? r.flags.split(',') : [],
    hasContactPhone: !noPhone.has(r.customerId),
  }));
}

/**
 * Customers with no active contact that has a phone number: nobody to call back. Among those the
 * subquery yields, or all of them (a batch asks once; they are few).
 */
export async function customersWithoutPhone(db: DbOrTx, customerIds?: SQL): Promise<Set<string>> {
  const rows = (await db.execute(sql`
    select c.id from customers c
     where ${customerIds ? sql`c.id in (${customerIds})` : sql`true`}
       and not exists (select 1 from contacts k where k.customer_id = c.id and k.active and k.phone <> '')
  `)) as unknown as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** Decisions stored earlier for some managers' month, with the visit facts a top-up would need. */
export async function loadStoredDecisions(db: DbOrTx, args: { managerIds: readonly string[]; month: string }): Promise<StoredDecision[]> {
  if (args.managerIds.length === 0) return [];
  const rows = (await db.execute(sql`
    select d.visit_id as "visitId", d.manager_id as "managerId", d.draw, d.sampled, d.reason_code as "reasonCode",
           v.customer_id as "customerId", c.class as "customerClass", v.visited_at as "visitedAt", u.unit_id as "unitId"
      from sampling_decisions d
      join visit_reports v on v.id = d.visit_id
      join customers c on c.id = v.customer_id
      join users u on u.id = d.manager_id
     where d.manager_id = any(${uuidArray(args.managerIds)}) and d.month = ${args.month}
  `)) as unknown as {
    visitId: string;
    managerId: string;
    draw: number;
    sampled: boolean;
    reasonCode: string;
    customerId: string;
    customerClass: CustomerClass;
    visitedAt: Date | string;
    unitId: string | null;
  }[];
  return rows.map((r) => ({
    visitId: r.visitId,
    managerId: r.managerId,
    draw: r.draw,
    sampled: r.sampled,
    eligible: !EXCLUSION_REASONS.includes(r.reasonCode as never),
    visit: {
      visitId: r.visitId,
      managerId: r.managerId,
      customerId: r.customerId,
      unitId: r.unitId,
      customerClass: r.customerClass,
      visitedAt: toDate(r.visitedAt),
      flags: [],
      hasContactPhone: true,
    },
  }));
}

/** Managers with visits in [start, end) and how many, in id order (the preview walks them in chunks). */
/**
 * When each stored decision of these managers' month was taken, and whether it sampled the visit:
 * the cost preview judges a decided visit's age at that moment (as the real decision did), and
 * shows the real figures beside its own.
 */
export async function decisionMoments(db: DbOrTx, args: { managerIds: readonly string[]; month: string }): Promise<Map<string, { decidedAt: Date; sampled: boolean }>> {
  if (args.managerIds.length === 0) return new Map();
  const rows = (await db.execute(sql`
    select d.visit_id as "visitId", (extract(epoch from d.decided_at) * 1000)::float8 as "decidedAt", d.sampled
      from sampling_decisions d
     where d.manager_id = any(${uuidArray(args.managerIds)}) and d.month = ${args.month}
  `)) as unknown as { visitId: string; decidedAt: number; sampled: boolean }[];
  return new Map(rows.map((r) => [r.visitId, { decidedAt: new Date(Number(r.decidedAt)), sampled: r.sampled }]));
}

export async function managersWithVisits(db: DbOrTx, args: { start: Date; end: Date }): Promise<{ managerId: string; visits: number }[]> {
  const rows = (await db.execute(sql`
    select manager_id as "managerId", count(*)::int as visits from visit_reports v
     where visited_at >= ${args.start.toISOString()}::timestamptz and visited_at < ${args.end.toISOString()}::timestamptz and ${COUNTING_VISIT}
     group by manager_id order by manager_id
  `)) as unknown as { managerId: string; visits: number }[];
  return [...rows];
}

/**
 * Serialises sampling per manager for this transaction: the managers' user rows are locked FOR NO
 * KEY UPDATE, in id order (so two batches never deadlock). Row locks live in the rows, not in the
 * shared lock table, so a chunk may hold thousands; and they do not block the foreign-key checks
 * of visits being reported meanwhile (FOR KEY SHARE).
 */
export async function lockManagers(tx: DbOrTx, managerIds: readonly string[]): Promise<void> {
  if (managerIds.length === 0) return;
  await tx.execute(sql`select id from users where id = any(${uuidArray(managerIds)}) order by id for no key update`);
}

/**
 * The managers with work in a month, in id order: undecided visits, and — once the month is over —
 * fewer sampled visits than min(minimum, eligible visits). With their undecided visit counts, so
 * the batch can size its chunks.
 */
export async function managersToSample(
  db: DbOrTx,
  args: { start: Date; end: Date; topUpMinimum: number | null },
): Promise<{ managerId: string; visits: number }[]> {
  const excluded = sql`${`{${EXCLUSION_REASONS.join(',')}}`}::text[]`;
  const needsTopUp =
    args.topUpMinimum === null
      ? sql`false`
      : sql`count(*) filter (where d.sampled) < least(${args.topUpMinimum}::int, count(*) filter (where d.visit_id is not null and d.reason_code <> all(${excluded})))`;
  const rows = (await db.execute(sql`
    select v.manager_id as "managerId", count(*)::int as "visits"
      from visit_reports v
      left join sampling_decisions d on d.visit_id = v.id
     where v.visited_at >= ${args.start.toISOString()}::timestamptz and v.visited_at < ${args.end.toISOString()}::timestamptz and ${COUNTING_VISIT}
     group by v.manager_id
    having count(*) filter (where d.visit_id is null) > 0 or ${needsTopUp}
     order by v.manager_id
  `)) as unknown as { managerId: string; visits: number }[];
  return [...rows];
}

export interface DecisionRow extends Decision {
  managerId: string;
  month: string;
}

/** The postgres.js connection under a drizzle transaction (for COPY), if there is one. */
function copyClient(db: DbOrTx): { unsafe: (query: string) => { writable: () => Promise<Writable> } } | undefined {
  const client = (db as unknown as { session?: { client?: { unsafe?: unknown } } }).session?.client;
  return client && typeof client.unsafe === 'function' ? (client as never) : undefined;
}

/** COPY text format: a backslash is the only character JSON or our values can carry that needs escaping. */
const copyText = (value: string) => value.replace(/\\/g, '\\\\');

/**
 * Stores decisions, one row per visit, ever (primary key; a row already there is left as it is).
 * Returns how many were stored now. Callers hold the manager locks, so that is all of them.
 * Inside a transaction the rows go in by COPY to a staging table (a batch stores a million; COPY
 * reads them several times faster than a JSON parameter), else as one JSON parameter.
 */
export async function insertDecisions(tx: DbOrTx, rows: readonly DecisionRow[], decidedBy: 'realtime' | 'batch', now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const at = now.toISOString();
  const columns = 'visit_id, manager_id, month, policy_version, draw, sampled, reason_code, reason_params, decided_by, decided_at';
  const client = copyClient(tx);
  if (client) {
    // In visit id order: the foreign-key checks then walk the visits' primary key in order.
    await tx.execute(sql`
      create temporary table if not exists sampling_stage (v uuid, m uuid, mo text, pv int, d float8, s boolean, rc text, rp jsonb) on commit delete rows`);
    const stream = await client.unsafe('copy sampling_stage from stdin').writable();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      for (let i = 0; i < rows.length; i += 5000) {
        let text = '';
        for (let j = i; j < Math.min(rows.length, i + 5000); j++) {
          const r = rows[j];
          text += `${r.visitId}\t${r.managerId}\t${r.month}\t${r.policyVersion}\t${r.draw}\t${r.sampled ? 't' : 'f'}\t${r.reasonCode}\t${copyText(JSON.stringify(r.reasonParams))}\n`;
        }
        stream.write(text);
      }
      stream.end();
    });
    const result = (await tx.execute(sql`
      insert into sampling_decisions (${sql.raw(columns)})
      select v, m, mo, pv, d, s, rc, rp, ${decidedBy}, ${at}::timestamptz from sampling_stage order by v
      on conflict (visit_id) do nothing
    `)) as unknown as { count: number };
    await tx.execute(sql`truncate sampling_stage`);
    return result.count;
  }
  let stored = 0;
  for (let i = 0; i < rows.length; i += 20_000) {
    const payload = JSON.stringify(
      rows.slice(i, i + 20_000).map((r) => ({ v: r.visitId, m: r.managerId, mo: r.month, pv: r.policyVersion, d: r.draw, s: r.sampled, rc: r.reasonCode, rp: r.reasonParams })),
    );
    const result = (await tx.execute(sql`
      insert into sampling_decisions (${sql.raw(columns)})
      select x.v, x.m, x.mo, x.pv, x.d, x.s, x.rc, x.rp, ${decidedBy}, ${at}::timestamptz
        from jsonb_to_recordset(${payload}::text::jsonb) as x(v uuid, m uuid, mo text, pv int, d float8, s boolean, rc text, rp jsonb)
      on conflict (visit_id) do nothing
    `)) as unknown as { count: number };
    stored += result.count;
  }
  return stored;
}

/** Of these decisions, the visits whose decision was already stored before `now` (not by this run). */
export async function decisionsStoredBefore(tx: DbOrTx, rows: readonly DecisionRow[], now: Date): Promise<Set<string>> {
  const found = (await tx.execute(sql`
    select visit_id as "visitId" from sampling_decisions
     where visit_id = any(${uuidArray(rows.map((r) => r.visitId))}) and decided_at <> ${now.toISOString()}::timestamptz
  `)) as unknown as { visitId: string }[];
  return new Set(found.map((r) => r.visitId));
}

/**
 * Turns stored "not drawn" decisions into top-ups (only from not sampled to sampled, so nothing
 * already called is withdrawn). Returns the visit ids changed now.
 */
export async function applyTopUps(tx: DbOrTx, flips: readonly TopUp[], topUpCode: string, decidedBy: 'realtime' | 'batch', now: Date): Promise<Set<string>> {
  if (flips.length === 0) return new Set();
  const payload = JSON.stringify(flips.map((f) => ({ v: f.visitId, p: f.reasonParams satisfies ReasonParams })));
  const changed = (await tx.execute(sql`
    update sampling_decisions d
       set sampled = true, reason_code = ${topUpCode}, reason_params = d.reason_params || x.p, decided_by = ${decidedBy}, decided_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${payload}::text::jsonb) as x(v uuid, p jsonb)
     where d.visit_id = x.v and not d.sampled
    returning d.visit_id as "visitId"
  `)) as unknown as { visitId: string }[];
  return new Set(changed.map((r) => r.visitId));
}

/**
 * Sampled callbacks of a month still waiting for their first attempt. Their due timers are added
 * again at the start of a batch (idempotent by job id): a process killed between committing a
 * chunk and enqueuing its timers loses nothing.
 */
export async function waitingFirstAttempts(db: DbOrTx, args: { start: Date; end: Date }): Promise<{ id: string; nextAttemptAt: Date }[]> {
  const rows = (await db.execute(sql`
    select id, next_attempt_at as "nextAttemptAt" from callback_tasks
     where origin = 'sampled' and kind = 'verification' and state = 'waiting' and attempts = 0
       and visited_at >= ${args.start.toISOString()}::timestamptz and visited_at < ${args.end.toISOString()}::timestamptz
  `)) as unknown as { id: string; nextAttemptAt: Date | string }[];
  return rows.map((r) => ({ id: r.id, nextAttemptAt: r.nextAttemptAt instanceof Date ? r.nextAttemptAt : new Date(r.nextAttemptAt) }));
}

/**
 * Managers with a visit of the month before `month` judged invalid by callback
 * (callback_tasks.result, set when a completed callback is scored), among `managerIds` when given.
 * Their sampling rates in `month` are multiplied.
 */
export async function managersWithInvalidLastMonth(
  db: DbOrTx,
  month: Month,
  options: { managerIds?: readonly string[]; timeZone?: string } = {},
): Promise<Set<string>> {
  const { start, end } = monthRange(shiftMonth(month, -1), options.timeZone ?? env().APP_TIMEZONE);
  if (options.managerIds && options.managerIds.length === 0) return new Set();
  const rows = (await db.execute(sql`
    select distinct manager_id as "managerId" from callback_tasks
     where result = 'invalid' and kind = 'verification'
       and visited_at >= ${start.toISOString()}::timestamptz and visited_at < ${end.toISOString()}::timestamptz
       ${options.managerIds ? sql`and manager_id = any(${uuidArray(options.managerIds)})` : sql``}
  `)) as unknown as { managerId: string }[];
  return new Set(rows.map((r) => r.managerId));
}
