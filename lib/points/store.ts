import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { decodedReader, insertJson, uuidArray, type ReadOptions } from '@/lib/platform/core/sql';
import type { ExistingEntry, NewEntry } from './rules';

/**
 * The points ledger's data access. Entries are only ever appended (a trigger refuses UPDATE and
 * DELETE); a manager-month's balance is the SUM of its entries, per key for `ledgerDelta`.
 */

/** The ledger's sum per key of each manager's month. */
export async function loadLedgerSums(db: DbOrTx, month: string, managerIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, ExistingEntry[]>> {
  if (managerIds.length === 0) return new Map();
  const found = await decodedReader(options)(
    db,
    ledgerSumRow,
    sql`
      select manager_id as m, key, sum(points)::int as points from points_ledger
       where manager_id = any(${uuidArray(managerIds)}) and month = ${month}
       group by 1, 2`,
  );
  return ledgerSumsByManager(found);
}

/** The ledger's sum of one key of a manager's month, as read. */
export const ledgerSumRow = z.object({ m: z.string(), key: z.string(), points: z.number() });

/** Ledger sums as read to each manager's entries (also of the close's staged copy). */
export function ledgerSumsByManager(found: readonly z.infer<typeof ledgerSumRow>[]): Map<string, ExistingEntry[]> {
  const out = new Map<string, ExistingEntry[]>();
  for (const r of found) {
    const list = out.get(r.m);
    if (list) list.push({ key: r.key, points: r.points });
    else out.set(r.m, [{ key: r.key, points: r.points }]);
  }
  return out;
}

export interface LedgerRow extends NewEntry {
  managerId: string;
  month: string;
  /** What wrote it: 'close' (sourceId = the close) or 'recompute' (sourceId = the event). */
  sourceType: 'close' | 'recompute';
  sourceId: string | null;
}

/** Appends the entries in their order; the returned promise is already running (see insertJson). */
export function appendLedgerEntries(tx: DbOrTx, entries: readonly LedgerRow[], now: Date): Promise<unknown> {
  return insertJson(
    tx,
    entries.map((e, i) => ({ m: e.managerId, c: e.customerId, mo: e.month, k: e.key, kind: e.kind, p: e.points, cause: e.cause, st: e.sourceType, si: e.sourceId, n: i })),
    (src) => sql`
      insert into points_ledger (manager_id, customer_id, month, key, kind, points, cause, source_type, source_id, created_at)
      select x.m, x.c, x.mo, x.k, x.kind, x.p, x.cause, x.st, x.si, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${src}) as x(m uuid, c uuid, mo text, k text, kind text, p int, cause text, st text, si text, n int)
       order by x.n`,
  );
}
