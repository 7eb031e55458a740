import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { claims } from '@/db/schema';

/** A claim is active at an instant when effectiveFrom <= at < effectiveTo (open-ended if null). */
export function claimActiveAt(at: Date) {
  return and(lte(claims.effectiveFrom, at), or(isNull(claims.effectiveTo), gt(claims.effectiveTo, at)));
}

/** The manager who claimed a customer at an instant, if any. */
export async function claimantAt(db: DbOrTx, customerId: string, at: Date): Promise<string | null> {
  const [row] = await db
    .select({ managerId: claims.managerId })
    .from(claims)
    .where(and(eq(claims.customerId, customerId), claimActiveAt(at)))
    .limit(1);
  return row?.managerId ?? null;
}

/** Did this manager claim this customer at that instant? */
export async function isClaimedBy(db: DbOrTx, customerId: string, managerId: string, at: Date): Promise<boolean> {
  return (await claimantAt(db, customerId, at)) === managerId;
}
