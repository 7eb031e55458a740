import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { alias } from 'drizzle-orm/pg-core';
import { claims, users } from '@/db/schema';
import { uuidArray } from '@/lib/platform/core/sql';
import type { LatestClaim } from './claim-rules';

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

/**
 * Each customer's latest claim (the one with the latest start), open or closed: what a new claim
 * must follow. Customers never claimed are absent from the map.
 */
export async function latestClaims(db: DbOrTx, customerIds: string[]): Promise<Map<string, LatestClaim>> {
  const out = new Map<string, LatestClaim>();
  if (customerIds.length === 0) return out;
  const rows = await db
    .selectDistinctOn([claims.customerId], {
      customerId: claims.customerId,
      id: claims.id,
      managerId: claims.managerId,
      effectiveFrom: claims.effectiveFrom,
      effectiveTo: claims.effectiveTo,
    })
    .from(claims)
    // One array parameter (an import asks for a batch of customers at a time).
    .where(sql`${claims.customerId} = any(${uuidArray(customerIds)})`)
    .orderBy(claims.customerId, desc(claims.effectiveFrom));
  for (const { customerId, ...claim } of rows) out.set(customerId, claim);
  return out;
}

/** A customer's claims, latest first, with the names of the manager and of who recorded each. */
export async function claimRows(db: DbOrTx, customerId: string) {
  const creators = alias(users, 'claim_creators');
  return db
    .select({
      id: claims.id,
      managerId: claims.managerId,
      managerName: users.displayName,
      managerUsername: users.username,
      effectiveFrom: claims.effectiveFrom,
      effectiveTo: claims.effectiveTo,
      note: claims.note,
      createdAt: claims.createdAt,
      createdByName: creators.displayName,
    })
    .from(claims)
    .innerJoin(users, eq(users.id, claims.managerId))
    .leftJoin(creators, eq(creators.id, claims.createdBy))
    .where(eq(claims.customerId, customerId))
    .orderBy(desc(claims.effectiveFrom));
}
