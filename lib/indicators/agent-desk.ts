import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { assertRole } from '@/lib/auth/guards';
import { addDays, instantAt, localDay } from '@/lib/calling/calendar';
import { answeredByPerson, placedCall } from '@/lib/callbacks/call-counts';
import { callingPolicyAt } from '@/lib/callbacks/policy';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { decodedRows } from '@/lib/platform/core/sql';
import { monthOf, monthRange } from '@/lib/platform/time/zone';
import { getCallbackIndicators } from './indicators';
import { loadProductivity } from './daily-queries';
import { average, type Rate } from './rate';

/**
 * The agent's day and month against the department, for the strip on their desk (issue 14 §2):
 * today — calls placed, calls a person answered, callbacks finished — mine against the department's
 * average per agent who worked today; this month — callbacks finished (and the department's 回访率),
 * the AAPOR contact rate CON1, the share finished within the deadline and calls per hour on duty,
 * mine against the department's. An agent reads the department's totals and their own row, as
 * getCallbackIndicators allows; no other agent is named.
 *
 * A call and an answer are the desk's (lib/callbacks/call-counts.ts): 今日拨打 and 今日接通 read here
 * as on the queue panel. A callback is finished by the agent who recorded its final attempt — the
 * closing attempt of a task now closed or unreachable — as in the indicators. An average over nobody
 * and a rate over nothing are null: 未测.
 */

export interface DayFigures {
  placed: number;
  answered: number;
  finished: number;
}

export interface DayComparison {
  day: string;
  mine: DayFigures;
  /** Agents who placed a call or recorded an attempt today (me among them if I did). */
  agentsWorking: number;
  /** The department's totals today divided by agentsWorking; null when nobody worked. */
  departmentAverage: { placed: number | null; answered: number | null; finished: number | null };
}

const dayRow = z.object({
  agents: z.number(),
  placed: z.number(),
  answered: z.number(),
  finished: z.number(),
  my_placed: z.number(),
  my_answered: z.number(),
  my_finished: z.number(),
});

/**
 * One aggregate over today's call records and attempts (the department's, mine picked out with a
 * filter): per agent, then summed. Reads calls by created_at and attempts by ended_at in the day.
 */
export async function loadAgentDay(db: DbOrTx, agentId: string, start: Date, end: Date) {
  const [r] = await decodedRows(
    db,
    dayRow,
    sql`
      with placed as (
        select c.agent_id, count(*) filter (where ${placedCall()})::int as placed, count(*) filter (where ${answeredByPerson()})::int as answered
          from calls c
         where c.created_at >= ${start.toISOString()}::timestamptz and c.created_at < ${end.toISOString()}::timestamptz
         group by c.agent_id
      ), attempted as (
        select a.agent_id, count(*) filter (where t.state in ('closed', 'unreachable')
                 and not exists (select 1 from callback_attempts b where b.task_id = a.task_id and b.attempt_no > a.attempt_no))::int as finished
          -- Each attempt's callback by its key ("limit 1" keeps the look-up per attempt): a join hashed every callback on file.
          from callback_attempts a cross join lateral (select t.state from callback_tasks t where t.id = a.task_id limit 1) t
         where a.ended_at >= ${start.toISOString()}::timestamptz and a.ended_at < ${end.toISOString()}::timestamptz
         group by a.agent_id
      ), per_agent as (
        select coalesce(p.agent_id, a.agent_id) as agent_id, coalesce(p.placed, 0) as placed, coalesce(p.answered, 0) as answered, coalesce(a.finished, 0) as finished
          from placed p full join attempted a on a.agent_id = p.agent_id
      )
      select count(*)::int as agents,
             coalesce(sum(placed), 0)::int as placed, coalesce(sum(answered), 0)::int as answered, coalesce(sum(finished), 0)::int as finished,
             coalesce(sum(placed) filter (where agent_id = ${agentId}::uuid), 0)::int as my_placed,
             coalesce(sum(answered) filter (where agent_id = ${agentId}::uuid), 0)::int as my_answered,
             coalesce(sum(finished) filter (where agent_id = ${agentId}::uuid), 0)::int as my_finished
        from per_agent`,
  );
  return r;
}

export interface Versus<T> {
  mine: T;
  department: T;
}

export async function getAgentDayAndMonth({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'agent');
  const now = ctx.now();
  // "Today" as the desk's queue panel reads it: the day of the calling policy's time zone.
  const policy = await callingPolicyAt(ctx.db, now);
  const today = localDay(now, policy.timeZone);
  const timeZone = env().APP_TIMEZONE;
  const month = monthOf(now, timeZone);
  const [d, indicators, work] = await Promise.all([
    loadAgentDay(ctx.db, ctx.actor.id, instantAt(today, 0, policy.timeZone), instantAt(addDays(today, 1), 0, policy.timeZone)),
    // No median or 90th percentile on the strip.
    getCallbackIndicators({ ctx, input: { month }, options: { percentiles: false, satisfaction: false } }),
    // Every agent's productivity sums of the month, for the department's calls per hour on duty.
    loadProductivity(ctx.db, { month, ...monthRange(month, timeZone), timeZone }),
  ]);

  const me = indicators.byAgent.find((a) => a.agentId === ctx.actor.id)!;
  const dept = indicators.department;
  const agentsThisMonth = work.length;
  const deptCalls = work.reduce((n, w) => n + w.calls, 0);
  const deptDutyHours = work.reduce((n, w) => n + w.dutySeconds, 0) / 3600;

  const day: DayComparison = {
    day: today,
    mine: { placed: d.my_placed, answered: d.my_answered, finished: d.my_finished },
    agentsWorking: d.agents,
    departmentAverage: { placed: average(d.placed, d.agents), answered: average(d.answered, d.agents), finished: average(d.finished, d.agents) },
  };
  return {
    day,
    month: {
      month,
      /** Agents with work this month (a call placed or an attempt recorded). */
      agentsWorking: agentsThisMonth,
      /** The department's 回访率 (finished / due): a department figure, no agent has one of their own. */
      departmentCallbackRate: dept.callbackRate,
      /** Callbacks finished: mine, and the department's finished per agent who worked this month. */
      finished: { mine: me.finished.closed + me.finished.unreachable, department: average(dept.callbackRate.finished, agentsThisMonth) } satisfies Versus<number | null>,
      /** AAPOR CON1. */
      contactRate: { mine: me.aapor.con1, department: dept.aapor.con1 } satisfies Versus<Rate>,
      /** Finished within the deadline / those whose fate is known. */
      withinDeadline: { mine: me.timeliness.withinDeadline, department: dept.timeliness.withinDeadline } satisfies Versus<Rate>,
      /** Calls per hour on duty: mine, and the department's pooled (all calls / all hours on duty). */
      callsPerHour: { mine: me.productivity.callsPerHour, department: deptDutyHours > 0 ? deptCalls / deptDutyHours : null } satisfies Versus<number | null>,
      /** Calls placed this month and hours on duty, mine and the department's (the counts behind calls per hour). */
      calls: { mine: me.productivity.calls, department: deptCalls },
      dutyHours: { mine: me.productivity.dutyHours, department: deptDutyHours },
    },
  };
}
export type AgentDayAndMonth = Awaited<ReturnType<typeof getAgentDayAndMonth>>;
