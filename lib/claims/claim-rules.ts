/**
 * What claiming a customer for a manager from an instant means, given the customer's latest claim
 * (the one with the latest start). Shared by the customer import and the staff's reassign form so
 * both read the claim history the same way. Pure: the caller loads the latest claim.
 */
export interface LatestClaim {
  id: string;
  managerId: string;
  effectiveFrom: Date;
  effectiveTo: Date | null;
}

export type ClaimPlan =
  | { kind: 'create' }
  /** Close `close` at the new claim's start, then open the new claim. */
  | { kind: 'reassign'; close: LatestClaim }
  | { kind: 'unchanged' }
  /** `code` is under `errors.claims`; params name the instant the request collides with. */
  | { kind: 'refused'; code: 'startsBeforeCurrent' | 'overlapsPrevious'; params: { from: Date } };

export function planClaim(latest: LatestClaim | null, managerId: string, from: Date): ClaimPlan {
  if (!latest) return { kind: 'create' };
  const start = latest.effectiveFrom.getTime();
  if (latest.effectiveTo === null) {
    // The same claimant stays: the start on file is the history, a later "from" changes nothing.
    if (latest.managerId === managerId) return { kind: 'unchanged' };
    // Closing a claim at or before its own start would erase it rather than end it.
    if (from.getTime() <= start) return { kind: 'refused', code: 'startsBeforeCurrent', params: { from: latest.effectiveFrom } };
    return { kind: 'reassign', close: latest };
  }
  const end = latest.effectiveTo.getTime();
  if (from.getTime() >= end) return { kind: 'create' };
  // The last claim already covers that instant for this manager (it ends later; nothing to add).
  if (latest.managerId === managerId && from.getTime() >= start) return { kind: 'unchanged' };
  return { kind: 'refused', code: 'overlapsPrevious', params: { from: latest.effectiveTo } };
}
