import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { preparedRows } from '@/lib/platform/core/sql';

/**
 * Advisory-lock keys. Every writer of a manager's month (findings, verdicts, ledger) holds the
 * month lock shared and the manager-month lock exclusively; a close holds the month lock
 * exclusively, so it sees no writer half-way and no writer sees a close half-way.
 */
export const monthLockKey = (month: string) => sql`hashtextextended(${`assessment-month:${month}`}, 0)`;

export async function lockMonthExclusive(tx: DbOrTx, month: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${monthLockKey(month)})`);
}

/**
 * `prepared`: both locks in one prepared statement (one round trip; PostgreSQL evaluates a select
 * list in its order, so the month lock is still taken first), for the real-time re-evaluation.
 */
export async function lockManagerMonth(tx: DbOrTx, managerId: string, month: string, options: { prepared?: boolean } = {}): Promise<void> {
  const managerMonthKey = sql`hashtextextended(${`assessment:${managerId}:${month}`}, 0)`;
  if (options.prepared) {
    await preparedRows(tx, sql`select pg_advisory_xact_lock_shared(${monthLockKey(month)}) as month_lock, pg_advisory_xact_lock(${managerMonthKey}) as manager_month_lock`);
    return;
  }
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${monthLockKey(month)})`);
  await tx.execute(sql`select pg_advisory_xact_lock(${managerMonthKey})`);
}
