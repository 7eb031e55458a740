'use server';

import { decideBackfill, decideBackfillInput } from '@/lib/visits/backfill';
import { defineAction } from '@/lib/web/safe-action';

/** Staff approve or reject a 超期补报 with a comment. */
export const decideBackfillAction = defineAction({ schema: decideBackfillInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const r = await decideBackfill({ ctx, input });
  return { backfill: r.backfill };
});
