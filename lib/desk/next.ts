import { sql } from 'drizzle-orm';
import { assertRole } from '@/lib/auth/guards';
import { NotHolderError } from '@/lib/callbacks/errors';
import {
  outcomeStateColumns,
  planOutcome,
  scheduleAfterOutcome,
  settledOutcome,
  type OutcomeData,
  type OutcomeResult,
  type OutcomeState,
} from '@/lib/callbacks/outcome';
import { callingPolicyFromRow } from '@/lib/callbacks/policy';
import { recordOutcomeInput, takeNextInput, type TakeNextInput } from '@/lib/callbacks/schemas';
import { scheduleLeaseTimer } from '@/lib/callbacks/timers';
import { requestCallbackFollowUp } from '@/lib/campaigns/follow-up';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { preparedRows } from '@/lib/platform/core/sql';
import {
  claimCtes,
  deskStateColumns,
  HELD_COLUMNS,
  heldView,
  isOnePerAgentViolation,
  releaseCallback,
  takeNextCallback,
  takeRefusal,
  type DeskState,
  type HeldRow,
  type TakeNextResult,
} from './take';

export type TakeNextAfterResult = TakeNextResult & { finished?: OutcomeResult; released?: { taskId: string } };

/**
 * "Save and next": records the outcome of (or puts back) the agent's current callback, then takes
 * the next one.
 *
 * With an outcome (`finish`) it is one read and ONE write: the read is recordOutcome's (task,
 * attempts, the attempt's calls, calling policy) with take-next's (pause switch, the task held);
 * the write is the outcome's guarded statement (task, attempt row, audit entry) and the claim's
 * (the next ready task in dispatch order, FOR UPDATE SKIP LOCKED, its lease, presence and audit
 * entry) as CTEs of one statement — the claim only once the finish applied and was audited (so
 * the audit log reads in the order things happened: outcome recorded, then the next taken). What each rule checks is
 * unchanged: only the holder finishes, on the evidence of its calls; the claim skips a task whose
 * re-callback excludes this agent and a spot check past its deadline, and none is taken while
 * paused or outside calling hours. A callback finished is never ready again, so it is never the
 * one taken, and the claim's row lock keeps two agents (or two requests of one) from taking the
 * same task.
 *
 * The finish stands on its own: when nothing is ready it still commits and the answer says
 * `none`; when the queue is paused or it is outside calling hours it commits and the refusal
 * follows (409, as take-next alone answers) — the agent was done with the callback either way.
 *
 * A put-back (`release`) and a repeated submit of an attempt already recorded (a retried request)
 * go the plain way: the release, then take next (a task put back is first in line again, so the
 * agent may get it back); the replay answers with the first result, then take next resumes the
 * task the first request took.
 */
export async function takeNextAfter({ ctx, input }: { ctx: Ctx; input: TakeNextInput }): Promise<TakeNextAfterResult> {
  const data = parseInput(takeNextInput, input);
  if (data.finish) return finishAndTake(ctx, parseInput(recordOutcomeInput, data.finish));
  const released = data.release ? await releaseCallback({ ctx, input: data.release }) : undefined;
  const next = await takeNextCallback({ ctx });
  return { ...next, ...(released ? { released } : {}) };
}

type FinishState = OutcomeState & DeskState;

async function finishAndTake(ctx: Ctx, finish: OutcomeData): Promise<TakeNextAfterResult> {
  assertRole(ctx.actor, 'agent');
  const agentId = ctx.actor.id;
  for (let round = 0; ; round++) {
    const now = ctx.now();
    // Both statements prepared (one round trip each): this is the desk's busiest request.
    const [state] = await preparedRows<FinishState>(ctx.db, sql`select ${outcomeStateColumns(finish, agentId, now)}, ${deskStateColumns(agentId)}`);
    const plan = planOutcome(state, finish, agentId, now, false);
    if (plan.kind === 'replayed') {
      // A repeated "save and next": the first one's result, and the task it took (resumed) or the next.
      const next = await takeNextCallback({ ctx });
      return { ...next, finished: settledOutcome(plan.recorded).result };
    }
    const policy = callingPolicyFromRow(state.policy);
    const refusal = takeRefusal(state.control, policy, now);
    const leaseExpiresAt = new Date(now.getTime() + policy.leaseSeconds * 1000);

    let rows: ({ finished_id: string } & Partial<HeldRow>)[];
    try {
      rows = await preparedRows<{ finished_id: string } & Partial<HeldRow>>(
        ctx.db,
        refusal
          ? sql`with ${plan.write} select id as finished_id from updated`
          : sql`
            with ${plan.write}, ${claimCtes(agentId, now, leaseExpiresAt, 'audit')}
            select u.id as finished_id, h.*
              from updated u
              left join (select ${HELD_COLUMNS} from claimed t join customers c on c.id = t.customer_id) h on true`,
      );
    } catch (error) {
      // The same agent's other request took a task meanwhile (a take beside this one): nothing was
      // written; read again — the finish then refuses or replays, and take-next resumes that task.
      if (isOnePerAgentViolation(error) && round < 2) continue;
      throw error;
    }
    const [row] = rows;
    if (!row) {
      // The task changed between the read and the write (another request of this agent finished it).
      if (round >= 2) throw new NotHolderError();
      continue;
    }

    const { result, afterCommit } = settledOutcome(plan.recorded);
    const held = row.id ? (row as HeldRow) : null;
    // After commit, to Redis: the finished callback's due timer or follow-up, and the new lease's
    // timer, sent together. PostgreSQL is the record: one that fails is logged, and the reconcile
    // (timers) or the month close / daily catch-up (follow-ups) makes up for it.
    await Promise.all([
      scheduleAfterOutcome(result),
      afterCommit ? requestCallbackFollowUp(afterCommit) : undefined,
      held ? scheduleLeaseTimer(held.id, leaseExpiresAt) : undefined,
    ]);
    if (refusal) throw refusal;
    const next: TakeNextResult = held ? { status: 'held', task: heldView(held, policy.leaseSeconds), resumed: false } : { status: 'none' };
    return { ...next, finished: result };
  }
}
