'use server';

import { decideDispute, orderRecallback, startReview, withdrawDispute } from '@/lib/disputes/review';
import { decideDisputeInput, disputeIdInput } from '@/lib/disputes/schemas';
import { defineAction } from '@/lib/web/safe-action';

/** The manager withdraws their own dispute while it is still open. */
export const withdrawDisputeAction = defineAction({ schema: disputeIdInput, roles: ['manager'] }, async (ctx, input) => {
  await withdrawDispute({ ctx, input });
  return { disputeId: input.disputeId };
});

/** Department staff take the dispute into review (open → under review). */
export const startReviewAction = defineAction({ schema: disputeIdInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  await startReview({ ctx, input });
  return { disputeId: input.disputeId };
});

/** A new high-priority callback of the visit, for an agent other than the disputed call's. */
export const orderRecallbackAction = defineAction({ schema: disputeIdInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  await orderRecallback({ ctx, input });
  return { disputeId: input.disputeId };
});

/** Upheld or overturned, with the reviewer's comment. */
export const decideDisputeAction = defineAction({ schema: decideDisputeInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  await decideDispute({ ctx, input });
  return { disputeId: input.disputeId, decision: input.decision };
});
