import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { column, decodedReader, uuidArray, type ReadOptions } from '@/lib/platform/core/sql';
import type { MonthWindow } from '@/lib/platform/time/month-window';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import type { ClaimPeriod, CountedVisit } from './rules';

/** A 超期补报 held back (pending, rejected) fills no coverage. */
const COUNTING_VISIT = sql.raw(COUNTING_VISIT_SQL);

/** Claims and earlier visits coverage reads, in bulk for a chunk of managers. */

/** A claim period as read (built once: zod compiles each schema's parser on its first use). */
const claimPeriodRow = z.object({ m: z.string(), c: z.string(), f: column.instant, t: column.instant.nullable() });

/** Each manager's claim periods that overlap the month. */
export async function loadClaimPeriods(db: DbOrTx, w: MonthWindow, managerIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, ClaimPeriod[]>> {
  if (managerIds.length === 0) return new Map();
  const found = await decodedReader(options)(
    db,
    claimPeriodRow,
    sql`
      select manager_id as m, customer_id as c, effective_from as f, effective_to as t from claims
       where manager_id = any(${uuidArray(managerIds)}) and effective_from < ${w.end.toISOString()}::timestamptz
         and (effective_to is null or effective_to > ${w.start.toISOString()}::timestamptz)`,
  );
  const out = new Map<string, ClaimPeriod[]>();
  for (const r of found) {
    const list = out.get(r.m) ?? [];
    list.push({ customerId: r.c, from: new Date(r.f), to: r.t === null ? null : new Date(r.t) });
    out.set(r.m, list);
  }
  return out;
}

/**
 * The managers' on-site visits of the two months before this one (class C/D: on site once in the
 * rolling 3 months), with whether each counts: its verdict in force is not invalid (a visit never
 * evaluated counts, as a pending one does).
 */
export async function loadEarlierOnSiteVisits(db: DbOrTx, w: MonthWindow, managerIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, CountedVisit[]>> {
  if (managerIds.length === 0) return new Map();
  const managers = uuidArray(managerIds);
  const found = await decodedReader(options)(
    db,
    earlierOnSiteRow,
    sql`
      select v.manager_id as m, v.customer_id as c, (extract(epoch from v.visited_at) * 1000)::float8 as at,
             coalesce((select vv.status = 'invalid' from visit_verdicts vv where vv.visit_id = v.id order by vv.version desc limit 1), false) as invalid
        from visit_reports v
       where v.manager_id = any(${managers}) and v.type = 'on_site' and ${COUNTING_VISIT}
         and v.visited_at >= ${w.quarterStart.toISOString()}::timestamptz and v.visited_at < ${w.start.toISOString()}::timestamptz`,
  );
  return earlierOnSiteByManager(found);
}

/** An earlier on-site visit as read: manager, customer, epoch milliseconds, whether its verdict in force is invalid. */
export const earlierOnSiteRow = z.object({ m: z.string(), c: z.string(), at: z.number(), invalid: z.boolean() });

/** Earlier on-site visits as read to each manager's counted visits (also of the close's staged copy). */
export function earlierOnSiteByManager(found: readonly z.infer<typeof earlierOnSiteRow>[]): Map<string, CountedVisit[]> {
  const out = new Map<string, CountedVisit[]>();
  for (const r of found) {
    const list = out.get(r.m) ?? [];
    list.push({ customerId: r.c, type: 'on_site', visitedAt: new Date(Number(r.at)), counts: !r.invalid });
    out.set(r.m, list);
  }
  return out;
}
