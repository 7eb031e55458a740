import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import { callbackTasks, customers, samplingDecisions, units, users, visitReports } from '@/db/schema';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { listDecisionsInput, visitDecisionInput, type ListDecisionsInput } from './schemas';
import { parseInput } from '@/lib/platform/core/parse-input';
import type { z } from 'zod';

/**
 * "Why was this visit sampled?": stored decisions for staff, with filters, and one visit's
 * decision. Every decision keeps the policy version, the draw and its reason with parameters.
 */
const decisionColumns = {
  visitId: samplingDecisions.visitId,
  month: samplingDecisions.month,
  policyVersion: samplingDecisions.policyVersion,
  draw: samplingDecisions.draw,
  sampled: samplingDecisions.sampled,
  reasonCode: samplingDecisions.reasonCode,
  reasonParams: samplingDecisions.reasonParams,
  decidedBy: samplingDecisions.decidedBy,
  decidedAt: samplingDecisions.decidedAt,
  managerId: samplingDecisions.managerId,
  managerName: users.displayName,
  unitName: units.name,
  visitedAt: visitReports.visitedAt,
  customerName: customers.name,
  customerClass: customers.class,
  taskId: callbackTasks.id,
  taskState: callbackTasks.state,
};

function baseQuery(ctx: Ctx) {
  return ctx.db
    .select(decisionColumns)
    .from(samplingDecisions)
    .innerJoin(visitReports, eq(visitReports.id, samplingDecisions.visitId))
    .innerJoin(customers, eq(customers.id, visitReports.customerId))
    .innerJoin(users, eq(users.id, samplingDecisions.managerId))
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(callbackTasks, and(eq(callbackTasks.visitId, samplingDecisions.visitId), eq(callbackTasks.origin, 'sampled')));
}

/** The list's filters as one condition over sampling_decisions: the list and its export (decisions-export.ts) read the same rows. */
export function decisionConditions(f: Omit<z.output<typeof listDecisionsInput>, 'page' | 'pageSize'>): SQL | undefined {
  const conditions: SQL[] = [];
  if (f.month) conditions.push(eq(samplingDecisions.month, f.month));
  if (f.managerId) conditions.push(eq(samplingDecisions.managerId, f.managerId));
  if (f.sampled) conditions.push(eq(samplingDecisions.sampled, f.sampled === 'yes'));
  if (f.reason) conditions.push(eq(samplingDecisions.reasonCode, f.reason));
  return and(...conditions);
}

export async function listSamplingDecisions({ ctx, input }: { ctx: Ctx; input: ListDecisionsInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = parseInput(listDecisionsInput, input);
  const where = decisionConditions(f);
  const [rows, [{ total }]] = await Promise.all([
    baseQuery(ctx)
      .where(where)
      .orderBy(desc(visitReports.visitedAt), asc(samplingDecisions.visitId))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    ctx.db.select({ total: count() }).from(samplingDecisions).where(where),
  ]);
  return { rows, total, page: f.page, pageSize: f.pageSize, filters: f };
}

/** One visit's decision, or null while it is not decided yet. */
export async function getVisitSamplingDecision({ ctx, input }: { ctx: Ctx; input: { visitId: string } }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const { visitId } = parseInput(visitDecisionInput, input);
  const [row] = await baseQuery(ctx).where(eq(samplingDecisions.visitId, visitId));
  return row ?? null;
}
