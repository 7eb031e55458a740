import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { contactsByKey, contactsRow, toMonthVisit, visitRow, type MonthVisit } from '@/lib/checks/facts';
import { customerRow, toCustomerFacts, type CustomerFacts } from '@/lib/coverage/customer-facts';
import { FINDINGS_CODES_SQL, FINDINGS_KEY_SQL, type StoredFindings } from '@/lib/checks/store';
import { earlierOnSiteByManager, earlierOnSiteRow } from '@/lib/coverage/load';
import type { CountedVisit } from '@/lib/coverage/rules';
import { ledgerSumRow, ledgerSumsByManager } from '@/lib/points/store';
import type { ExistingEntry } from '@/lib/points/rules';
import { backfillColumn, DISPUTE_RULINGS_SQL, disputeRulingRow, EXCLUSION_SQL, VERDICT_KEY_SQL, verdictInputColumns, type VerdictInputs } from '@/lib/verdicts/load';
import { samplingExclusion } from '@/lib/verdicts/rules';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { decodedRows, decodeRows, uuidArray } from '@/lib/platform/core/sql';
import type { LocalClock, MonthWindow } from '@/lib/platform/time/month-window';

/**
 * A month close reads every visit of the month, but decides manager by manager. Visits are stored
 * in the order they were reported, so one chunk of managers' visits lies on nearly every page of
 * the table: reading them chunk by chunk would read the whole month once per chunk. Instead the
 * close copies, once, what it needs per visit into temporary tables sorted by manager — one pass
 * over each source table, joined by hash — and each chunk reads a contiguous range of them.
 * The tables live until the close's transaction ends.
 */
/** Of a visit report (alias `v`): not a 超期补报 held back (pending or rejected). */
const COUNTING = sql.raw(COUNTING_VISIT_SQL);

export async function stageMonth(tx: DbOrTx, w: MonthWindow): Promise<void> {
  const start = sql`${w.start.toISOString()}::timestamptz`;
  const end = sql`${w.end.toISOString()}::timestamptz`;
  const prevStart = sql`${w.prevStart.toISOString()}::timestamptz`;
  const quarterStart = sql`${w.quarterStart.toISOString()}::timestamptz`;
  const [y, m] = w.month.split('-').map(Number);
  const earlierMonths = [1, 2].map((k) => {
    const total = y * 12 + m - 1 - k;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
  const month = sql`v.visited_at >= ${start} and v.visited_at < ${end}`;
  await tx.execute(sql`
    create temporary table close_visits on commit drop as
    with c as (
      select vc.visit_id, string_agg(vc.contact_id::text || ' ' || k.phone, ',') as contacts
        from visit_reports v join visit_report_contacts vc on vc.visit_id = v.id join contacts k on k.id = vc.contact_id
       where ${month}
       group by 1
    ), t as (
      -- The sampled callback decides (a dispute's re-callback is its reviewer's evidence).
      select t.visit_id, t.id as task, t.state, t.outcome, coalesce(r.score, t.score) as score, r.knocked_out as ko,
             (select e.n from script_versions sv, jsonb_array_elements(sv.definition->'questions') with ordinality e(q, n)
               where r.knocked_out is not null and sv.id = r.script_version_id and e.q->>'id' = r.knocked_out limit 1)::int as kon,
             to_char(r.submitted_at at time zone ${w.timeZone}, 'YYYY-MM-DD') as scored
        from callback_tasks t
        left join lateral (
          select score, knocked_out, script_version_id, submitted_at from callback_results cr
           where cr.task_id = t.id order by cr.submitted_at desc, cr.id desc limit 1
        ) r on true
       where t.visited_at >= ${start} and t.visited_at < ${end} and t.origin = 'sampled' and t.kind = 'verification'
    ), vv as (
      select distinct on (visit_id) visit_id, version, ${VERDICT_KEY_SQL} as vkey
        from visit_verdicts where month = ${w.month}
       order by visit_id, version desc
    ), f as (
      select f.visit_id, ${FINDINGS_CODES_SQL} as codes, ${FINDINGS_KEY_SQL} as fkey
        from visit_findings f join visit_reports v on v.id = f.visit_id
       where ${month}
       group by 1
    ), d as (
      -- Decisions are stored under the visit's month (APP_TIMEZONE), as this close computes it.
      select d.visit_id, d.sampled, ${EXCLUSION_SQL} from sampling_decisions d where d.month = ${w.month}
    )
    select v.id, v.manager_id, v.customer_id, v.type,
           (extract(epoch from v.visited_at) * 1000)::float8 as at, (extract(epoch from v.reported_at) * 1000)::float8 as rep,
           v.check_in_method as ci, v.check_in_latitude as lat, v.check_in_longitude as lng, c.contacts,
           d.sampled, d.excl, d.excl_days, v.backfill as bf, t.task, t.state, t.outcome, t.score, t.ko, t.kon, t.scored, vv.version, vv.vkey, f.codes, f.fkey
      from visit_reports v
      left join c on c.visit_id = v.id
      left join d on d.visit_id = v.id
      left join t on t.visit_id = v.id
      left join vv on vv.visit_id = v.id
      left join f on f.visit_id = v.id
     where ${month}
     order by v.manager_id`);
  await tx.execute(sql`
    create temporary table close_last_contacts on commit drop as
    select v.manager_id, v.customer_id, string_agg(distinct vc.contact_id::text, ',') as contacts
      from visit_reports v join visit_report_contacts vc on vc.visit_id = v.id
     where v.visited_at >= ${prevStart} and v.visited_at < ${start} and ${COUNTING}
     group by 1, 2 order by 1`);
  await tx.execute(sql`
    create temporary table close_earlier on commit drop as
    select v.manager_id, v.customer_id, (extract(epoch from v.visited_at) * 1000)::float8 as at, coalesce(vv.status = 'invalid', false) as invalid
      from visit_reports v
      left join (
        select distinct on (visit_id) visit_id, status from visit_verdicts
         where month = any(${`{${earlierMonths.join(',')}}`}::text[]) order by visit_id, version desc
      ) vv on vv.visit_id = v.id
     where v.type = 'on_site' and v.visited_at >= ${quarterStart} and v.visited_at < ${start} and ${COUNTING}
     order by 1`);
  // The customers each manager claims in the month or visited in it, with what the checks and
  // coverage read about them (one row per manager and customer).
  await tx.execute(sql`
    create temporary table close_customers on commit drop as
    with ids as (
      select manager_id, customer_id from claims
       where effective_from < ${end} and (effective_to is null or effective_to > ${start})
      union
      select manager_id, customer_id from close_visits
    ), cu as (
      select distinct customer_id from ids
    ), k as (
      select k.customer_id, count(*) as n from contacts k join cu on cu.customer_id = k.customer_id where k.active group by 1
    ), ch as (
      select a.entity_id, jsonb_agg(jsonb_build_object('at', a.at, 'from', a.before->>'class', 'to', a.after->>'class')) as changes
        from audit_log a
       where a.entity_type = 'customer' and a.action = 'customer.updated' and a.before ? 'class' and a.at >= ${start}
       group by 1
    )
    select ids.manager_id, c.id, c.class, c.latitude as lat, c.longitude as lng, coalesce(k.n, 0)::int as contacts, ch.changes
      from ids join customers c on c.id = ids.customer_id
      left join k on k.customer_id = c.id
      left join ch on ch.entity_id = c.id::text
     order by ids.manager_id`);
  // The ledger's sums per key of every manager's month (what ledgerDelta corrects).
  await tx.execute(sql`
    create temporary table close_ledger on commit drop as
    select manager_id, key, sum(points)::int as points from points_ledger where month = ${w.month} group by 1, 2 order by 1`);
  for (const table of ['close_visits', 'close_last_contacts', 'close_earlier', 'close_customers', 'close_ledger']) {
    await tx.execute(sql.raw(`create index on ${table} (manager_id)`));
    await tx.execute(sql.raw(`analyze ${table}`));
  }
}

/** The managers of the month with visits (and how many), from the staged copy. */
export async function stagedVisitCounts(db: DbOrTx): Promise<Map<string, number>> {
  const found = await decodedRows(db, z.object({ m: z.string(), n: z.number() }), sql`select manager_id as m, count(*)::int as n from close_visits group by 1`);
  return new Map(found.map((r) => [r.m, r.n]));
}

const NONE_WAIVED: readonly string[] = [];

/** A row of close_visits: the visit, its verdict inputs (the sampled callback's score) and its stored findings. */
const stagedVisitRow = visitRow.extend({
  ...verdictInputColumns,
  bf: backfillColumn,
  score: z.number().nullable(),
  version: z.number().nullable(),
  codes: z.string().nullable(),
  fkey: z.string().nullable(),
});

/** A chunk's visits with their verdict inputs and stored findings, in one read of the stage. */
export async function loadStagedVisits(
  db: DbOrTx,
  managerIds: readonly string[],
  clock: LocalClock,
): Promise<{ visits: MonthVisit[]; verdictInputs: Map<string, VerdictInputs>; storedFindings: Map<string, StoredFindings> }> {
  const visits: MonthVisit[] = [];
  const verdictInputs = new Map<string, VerdictInputs>();
  const storedFindings = new Map<string, StoredFindings>();
  if (managerIds.length === 0) return { visits, verdictInputs, storedFindings };
  // The chunk's rows as one JSON array: parsed at once by JSON.parse, several times faster than
  // the driver's column-by-column parsing of 40,000 rows of 25 columns (then decoded as always).
  const [{ rows: raw }] = (await db.execute(sql`
    select coalesce(json_agg(r), '[]') as rows from (
      select id, manager_id as m, customer_id as c, type, at, rep, ci, lat, lng, contacts,
             sampled, excl, excl_days, bf, task, state, outcome, score, ko, kon, scored, version, vkey, codes, fkey
        from close_visits where manager_id = any(${uuidArray(managerIds)})) r`)) as unknown as [{ rows: unknown[] }];
  const found = decodeRows(stagedVisitRow, raw);
  // Overturned disputes are few: read apart, not carried through the month's million rows.
  const rulings = new Map(
    (
      await decodedRows(
        db,
        disputeRulingRow,
        sql`select dr.* from (${DISPUTE_RULINGS_SQL}) dr join close_visits v on v.id = dr.visit_id where v.manager_id = any(${uuidArray(managerIds)})`,
      )
    ).map((r) => [r.visit_id, r]),
  );
  for (const r of found) {
    visits.push(toMonthVisit(r, clock));
    const knockedOut = r.ko === null ? null : String(r.kon ?? r.ko);
    verdictInputs.set(r.id, {
      sampled: r.sampled ?? undefined,
      callback: r.state ? { state: r.state, outcome: r.outcome, score: r.score, knockedOut } : undefined,
      taskId: r.task,
      scoredDay: r.scored,
      knockedOutLabel: knockedOut,
      latest: r.version === null ? undefined : { version: r.version, key: r.vkey! },
      overturnedBy: rulings.get(r.id)?.ovr ?? null,
      waivedFindings: rulings.get(r.id)?.waived.split(',').filter(Boolean) ?? NONE_WAIVED,
      backfill: r.bf,
      exclusion: samplingExclusion(r.excl, r.excl_days),
    });
    if (r.codes !== null) storedFindings.set(r.id, { codes: r.codes.split(','), key: r.fkey! });
  }
  return { visits, verdictInputs, storedFindings };
}

/** Contacts each manager reached at each customer the month before (key `manager|customer`). */
export async function loadStagedLastContacts(db: DbOrTx, managerIds: readonly string[]): Promise<Map<string, Set<string>>> {
  if (managerIds.length === 0) return new Map();
  const found = await decodedRows(
    db,
    contactsRow,
    sql`select manager_id as m, customer_id as c, contacts from close_last_contacts where manager_id = any(${uuidArray(managerIds)})`,
  );
  return contactsByKey(found);
}

/** The managers' on-site visits of the two months before, with whether each counts. */
export async function loadStagedEarlierOnSite(db: DbOrTx, managerIds: readonly string[]): Promise<Map<string, CountedVisit[]>> {
  if (managerIds.length === 0) return new Map();
  const found = await decodedRows(
    db,
    earlierOnSiteRow,
    sql`select manager_id as m, customer_id as c, at, invalid from close_earlier where manager_id = any(${uuidArray(managerIds)})`,
  );
  return earlierOnSiteByManager(found);
}

/** The customers of a chunk's managers, from the stage. */
export async function loadStagedCustomers(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<Map<string, CustomerFacts>> {
  if (managerIds.length === 0) return new Map();
  const found = await decodedRows(
    db,
    customerRow,
    sql`select distinct on (id) id, class, lat, lng, contacts, changes from close_customers where manager_id = any(${uuidArray(managerIds)})`,
  );
  return toCustomerFacts(found, w);
}

/** The ledger's sums per key of a chunk's managers' month, from the stage. */
export async function loadStagedLedger(db: DbOrTx, managerIds: readonly string[]): Promise<Map<string, ExistingEntry[]>> {
  if (managerIds.length === 0) return new Map();
  const found = await decodedRows(
    db,
    ledgerSumRow,
    sql`select manager_id as m, key, points from close_ledger where manager_id = any(${uuidArray(managerIds)})`,
  );
  return ledgerSumsByManager(found);
}
