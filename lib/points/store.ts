import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rows, uuidArray, viaStage } from '@/lib/assessment/sql';
import type { ExistingEntry, NewEntry } from './rules';

/**
 * The points ledger's data access. Entries are only ever appended (a trigger refuses UPDATE and
 * DELETE); a manager-month's balance is the SUM of its entries, per key for `ledgerDelta`.
 */

/** The ledger's sum per key of each manager's month. */
export async function loadLedgerSums(db: DbOrTx, month: string, managerIds: readonly string[]): Promise<Map<string, ExistingEntry[]>> {
  if (managerIds.length === 0) return new Map();
  const found = await rows<{ m: string; key: string; points: number }>(
    db,
    sql`
      select manager_id as m, key, sum(points)::int as points from points_ledger
       where manager_id = any(${uuidArray(managerIds)}) and month = ${month}
       group by 1, 2`,
  );
  const out = new Map<string, ExistingEntry[]>();
  for (const r of found) {
    const list = out.get(r.m) ?? [];
    list.push({ key: r.key, points: r.points });
    out.set(r.m, list);
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

export async function appendLedgerEntries(tx: DbOrTx, entries: readonly LedgerRow[], now: Date): Promise<void> {
  if (entries.length === 0) return;
  await viaStage(
    tx,
    { name: 'ledger_stage', columns: 'm uuid, c uuid, mo text, k text, kind text, p int, cause text, st text, si text, n int' },
    entries.map((e, i) => [e.managerId, e.customerId, e.month, e.key, e.kind, e.points, e.cause, e.sourceType, e.sourceId, i]),
    () =>
      tx.execute(sql`
        insert into points_ledger (manager_id, customer_id, month, key, kind, points, cause, source_type, source_id, created_at)
        select m, c, mo, k, kind, p, cause, st, si, ${now.toISOString()}::timestamptz from ledger_stage order by n`),
  );
}
