import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';

/**
 * Advisory-lock keys. Every writer of a manager's month (findings, verdicts, ledger) holds the
 * month lock shared and the manager-month lock exclusively; a close holds the month lock
 * exclusively, so it sees no writer half-way and no writer sees a close half-way.
 */
export const monthLockKey = (month: string) => sql`hashtextextended(${`assessment-month:${month}`}, 0)`;

export async function lockMonthExclusive(tx: DbOrTx, month: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${monthLockKey(month)})`);
}

export async function lockManagerMonth(tx: DbOrTx, managerId: string, month: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${monthLockKey(month)})`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`assessment:${managerId}:${month}`}, 0))`);
}
