import type { DbOrTx } from '@/db/client';

// BUILDING (helper "spot-check results"): replaced within this session by the real evaluation.
/**
 * Derives a spot-check item's finding from its callback(s), then its manager-day's result and
 * penalty (ledger entries by difference, reversals for what no longer stands) and the removal
 * flag. Idempotent: evaluating again with nothing changed writes nothing.
 */
export async function evaluateSpotCheckItem(_db: DbOrTx, _input: { spotCheckItemId: string; now?: Date }): Promise<unknown> {
  throw new Error('spot-check evaluation is being built');
}
