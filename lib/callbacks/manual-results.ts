import { aliasedTable, and, desc, eq, gte, lt } from 'drizzle-orm';
import { z } from 'zod';
import { callbackAttempts, callbackResults, callbackTasks, customers, units, users, visitReports } from '@/db/schema';
import { monthSchema } from '@/lib/platform/time/month-window';
import { assertRole } from '@/lib/auth/guards';
import type { CallOutcome } from '@/lib/calling/outcomes';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { monthOf, monthRange } from '@/lib/platform/time/zone';

export const manualResultsInput = z.object({ month: monthSchema.optional() });
export type ManualResultsInput = z.input<typeof manualResultsInput>;

/** More than any month should have: manual calls are the exception while the telephony is down. */
const LIMIT = 2000;

export interface ManualResult {
  attemptId: string;
  taskId: string;
  visitId: string;
  /** The visit's month: the assessment month the result counts in. */
  month: string;
  visitedAt: Date;
  customerName: string;
  unitName: string | null;
  managerName: string;
  agentName: string;
  attemptNo: number;
  outcome: CallOutcome;
  /** The script's score of a completed or partial attempt. */
  score: number | null;
  maxScore: number | null;
  result: 'valid' | 'invalid' | null;
  notes: string;
  recordedAt: Date;
}

/**
 * 人工拨打结果: every callback result of a month that rests on a manual call (dialled from a desk
 * phone while the telephony was down, no call record), for staff to check. The month is the
 * visit's (the assessment month the result counts in). Staff and admin only.
 */
export async function listManualResults({ ctx, input }: { ctx: Ctx; input: ManualResultsInput }): Promise<{ month: string; rows: ManualResult[]; truncated: boolean }> {
  assertRole(ctx.actor, 'staff', 'admin');
  const timeZone = env().APP_TIMEZONE;
  const { month = monthOf(ctx.now(), timeZone) } = parseInput(manualResultsInput, input);
  const { start, end } = monthRange(month, timeZone);
  const manager = aliasedTable(users, 'manager');
  const agent = aliasedTable(users, 'agent');
  const rows = await ctx.db
    .select({
      attemptId: callbackAttempts.id,
      taskId: callbackTasks.id,
      visitId: visitReports.id,
      visitedAt: visitReports.visitedAt,
      customerName: customers.name,
      unitName: units.name,
      managerName: manager.displayName,
      agentName: agent.displayName,
      attemptNo: callbackAttempts.attemptNo,
      outcome: callbackAttempts.outcome,
      score: callbackResults.score,
      maxScore: callbackResults.maxScore,
      result: callbackResults.result,
      notes: callbackAttempts.notes,
      recordedAt: callbackAttempts.endedAt,
    })
    .from(callbackAttempts)
    .innerJoin(callbackTasks, eq(callbackTasks.id, callbackAttempts.taskId))
    .innerJoin(visitReports, eq(visitReports.id, callbackTasks.visitId))
    .innerJoin(customers, eq(customers.id, callbackTasks.customerId))
    .innerJoin(manager, eq(manager.id, callbackTasks.managerId))
    .innerJoin(agent, eq(agent.id, callbackAttempts.agentId))
    .leftJoin(units, eq(units.id, callbackTasks.unitId))
    .leftJoin(callbackResults, eq(callbackResults.attemptId, callbackAttempts.id))
    .where(and(eq(callbackAttempts.manual, true), gte(visitReports.visitedAt, start), lt(visitReports.visitedAt, end)))
    .orderBy(desc(callbackAttempts.endedAt), desc(callbackAttempts.id))
    .limit(LIMIT + 1);
  return {
    month,
    rows: rows.slice(0, LIMIT).map((r) => ({ ...r, month })),
    truncated: rows.length > LIMIT,
  };
}
