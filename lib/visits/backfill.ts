import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { visitReports } from '@/db/schema';
import { assertMonthOpenForVisit } from './closed-month';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError } from '@/lib/platform/core/errors';
import { idSchema } from '@/lib/platform/core/ids';
import { parseInput } from '@/lib/platform/core/parse-input';
import { requestSamplingForVisit } from './sampling-triggers';
import { requestVerdictForVisit } from './verdict-triggers';

/**
 * Staff decide a 超期补报 (a report of a visit older than the sampling look-back or in a closed
 * month, held by the reporting policy 'approval'): approved, it counts like any report from now on
 * — sampled if sampling still can, in coverage and points; rejected, it keeps a verdict saying so
 * and counts for nothing. Either way with a comment, audited, and the manager's month evaluated
 * again after commit.
 */
export const decideBackfillInput = z.object({
  visitId: idSchema,
  decision: z.enum(['approved', 'rejected'], 'errors.invalidValue'),
  comment: z.string().trim().min(1, 'errors.required').max(1000, 'errors.visits.tooLong'),
});
export type DecideBackfillInput = z.input<typeof decideBackfillInput>;

export async function decideBackfill({ ctx, input }: { ctx: Ctx; input: DecideBackfillInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const values = parseInput(decideBackfillInput, input);
  const now = ctx.now();
  const decided = await ctx.db.transaction(async (tx) => {
    const [visit] = await tx.select().from(visitReports).where(eq(visitReports.id, values.visitId)).for('update');
    if (!visit) throw new NotFoundError();
    // Two staff deciding at once: the row lock orders them, the second is told it is decided.
    if (visit.backfill !== 'pending') throw new ConflictError('visits.backfillNotPending');
    const [after] = await tx
      .update(visitReports)
      .set({ backfill: values.decision, backfillDecidedBy: ctx.actor.id, backfillDecidedAt: now, backfillComment: values.comment })
      .where(and(eq(visitReports.id, visit.id), eq(visitReports.backfill, 'pending')))
      .returning();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: values.decision === 'approved' ? 'visit.backfillApproved' : 'visit.backfillRejected',
      entityType: 'visit',
      entityId: visit.id,
      before: { backfill: 'pending' },
      after: { backfill: after.backfill, comment: values.comment, decidedAt: now.toISOString() },
    });
    // An approved report in a closed month is staff adding a visit to it: audited, and the month
    // marked changed so its next close lists what changed (as a staff import would).
    if (values.decision === 'approved') await assertMonthOpenForVisit(tx, { actor: ctx.actor, visits: [{ visitedAt: visit.visitedAt, id: visit.id }], via: 'backfill', now });
    return { id: visit.id, backfill: after.backfill!, decidedAt: now };
  });
  // After commit: an approved report is sampled now if sampling still can (a visit beyond the
  // look-back is excluded, saying so), then the manager's month is evaluated again either way.
  if (decided.backfill === 'approved') await requestSamplingForVisit(decided.id, 'backfill-approved');
  await requestVerdictForVisit(decided.id, `backfill-${decided.backfill}`);
  return decided;
}
