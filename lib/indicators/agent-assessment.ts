import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { assertRole, seesEverything } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { rows, toDate } from '@/lib/platform/core/sql';
import { monthSchema, monthWindow } from '@/lib/platform/time/month-window';
import { monthRange } from '@/lib/platform/time/zone';
import { readGrade, readScore, type Grade } from '@/lib/policy/grading';
import { policyInForce, policyOfVersion, type PolicyInForce } from '@/lib/policy/policies';
import type { AgentAssessmentPolicy } from './agent-assessment-settings';
import { agentParts, assessAgentMonth, averageScore, pooledCounts, type AgentMonthCounts, type AgentParts } from './agent-assessment-rules';
import { deadlinesOf, periodOfMonth } from './indicators';
import { EMPTY_COHORT, loadCohort, type IndicatorSource } from './daily-queries';
import { loadNames } from './queries';
import { satisfaction } from './quality-rules';

/**
 * 坐席月度考核 of a month, computed from what is stored now (docs/INDICATORS.md): each agent's
 * counts from the month's cohort, their three parts, score and grade under the 'agentAssessment'
 * policy in force on the month's last day (computeAgentAssessments: data access, checking nothing
 * about who asks; the month close freezes what it returns), and the verb reading a month.
 */

/** An agent's month in numbers as a close freezes them (agent_month_assessments.figures). */
export interface AgentAssessmentFigures extends AgentMonthCounts {
  finished: number;
  /** The three parts' values (null: not measured); the counts above are what they rest on. */
  callbackRate: number | null;
  quality: number | null;
  timeliness: number | null;
  /** Shown, not weighed: the customers' rating answers (1–5) to the callbacks the agent submitted. */
  ratingAnswers: number;
  ratingMean: number | null;
  satisfied: number;
}

export const AGENT_FIGURE_KEYS: (keyof AgentAssessmentFigures)[] = [
  'worked',
  'finished',
  'closed',
  'unreachable',
  'callbackRate',
  'verdictBearing',
  'overturnedOnCall',
  'recheckCompared',
  'recheckDisagreeing',
  'quality',
  'withinDeadline',
  'finishedLate',
  'timeliness',
  'ratingAnswers',
  'ratingMean',
  'satisfied',
];

export interface AgentAssessmentRow {
  agentId: string;
  figures: AgentAssessmentFigures;
  /** null: 样本不足 (fewer finished than the minimum, or nothing that weighs measured). */
  score: number | null;
  grade: Grade | null;
}

/** The counts of stored or computed figures (what the parts and the department's pool are made of). */
export function countsOf(f: AgentMonthCounts): AgentMonthCounts {
  return {
    worked: f.worked,
    closed: f.closed,
    unreachable: f.unreachable,
    verdictBearing: f.verdictBearing,
    overturnedOnCall: f.overturnedOnCall,
    recheckCompared: f.recheckCompared,
    recheckDisagreeing: f.recheckDisagreeing,
    withinDeadline: f.withinDeadline,
    finishedLate: f.finishedLate,
  };
}

/**
 * Every agent who worked a callback of the month (or finished one), assessed as of `now`; `agentId`
 * keeps one agent (their row is there even on a month they have not worked).
 */
export async function computeAgentAssessments(
  db: DbOrTx,
  a: { month: string; timeZone: string; now: Date; agentId?: string | null; source?: IndicatorSource },
): Promise<{ policy: PolicyInForce<'agentAssessment'>; agents: AgentAssessmentRow[] }> {
  const period = periodOfMonth(a.month, a.timeZone);
  const policy = await policyInForce(db, 'agentAssessment', monthWindow(a.month, a.timeZone).lastDay);
  const deadlines = await deadlinesOf(db, period, policy.value.deadlineWorkingDays);
  // Only what an agent's assessment reads: the agent level and the rating answers, no medians (no part of the score).
  const { cohort, ratings } = await loadCohort(db, { period }, deadlines, a.now, a.source, { percentiles: false, levels: ['all', 'agent'], ratings: true });
  const agentRows = cohort.filter((r) => r.level === 'agent');
  const ids = a.agentId ? [a.agentId] : agentRows.map((r) => r.key!);
  const agents = ids.map((agentId): AgentAssessmentRow => {
    const c = agentRows.find((r) => r.key === agentId) ?? EMPTY_COHORT;
    const counts = countsOf(c);
    const assessed = assessAgentMonth(counts, policy.value);
    const rated = satisfaction(Object.fromEntries(ratings.filter((r) => r.level === 'agent' && r.key === agentId).map((r) => [r.rating, r.answers])));
    const parts = agentParts(counts);
    return {
      agentId,
      figures: {
        ...counts,
        finished: assessed.finished,
        callbackRate: parts.callbackRate.value,
        quality: parts.quality.value,
        timeliness: parts.timeliness.value,
        ratingAnswers: rated.answered,
        ratingMean: rated.mean === null ? null : Math.round(rated.mean * 100) / 100,
        satisfied: rated.satisfied.numerator,
      },
      score: assessed.score,
      grade: assessed.grade,
    };
  });
  return { policy, agents };
}

/**
 * 坐席考核 of a month (docs/INDICATORS.md, "The agents' monthly assessment"): each callback agent's
 * 回访率, 回访质量 and 回访及时性 with the counts they rest on, the weighted score and grade. A closed
 * month reads as its latest close froze it (which version, what changed from the one before); a
 * month not closed — or closed before agents were assessed — is computed now and says so (实时).
 *
 * Staff and admin see every agent; an agent their own row and the department's figures; anyone
 * else is refused.
 */
export const agentAssessmentInput = z.object({ month: monthSchema });
export type AgentAssessmentInput = z.input<typeof agentAssessmentInput>;

export interface AgentAssessmentView {
  agentId: string;
  name: string;
  username: string;
  figures: AgentAssessmentFigures;
  /** The three parts with their numerators and denominators (not measured: value null). */
  parts: AgentParts;
  /** null: 样本不足. */
  score: number | null;
  grade: Grade | null;
  /** Finished fewer callbacks than the policy's minimum (the reason for 样本不足 when so). */
  belowMinimum: boolean;
}

export interface AgentChangeView {
  agentId: string;
  agentName: string;
  figure: string;
  old: unknown;
  new: unknown;
}

export async function getAgentAssessment({ ctx, input }: { ctx: Ctx; input: AgentAssessmentInput }) {
  assertRole(ctx.actor, 'staff', 'admin', 'agent');
  const { month } = parseInput(agentAssessmentInput, input);
  const everything = seesEverything(ctx.actor);
  const timeZone = env().APP_TIMEZONE;
  const now = ctx.now();
  const over = now.getTime() >= monthRange(month, timeZone).end.getTime();

  const [close] = await rows<{ id: string; version: number; closedAt: Date | string; closedByName: string | null; policies: Record<string, number>; agentChanges: { agentId: string; figure: string; old: unknown; new: unknown }[] }>(
    ctx.db,
    sql`select c.id::text, c.version, c.closed_at as "closedAt", u.display_name as "closedByName", c.policies, c.agent_changes as "agentChanges"
          from month_closes c left join users u on u.id = c.closed_by
         where c.month = ${month} order by c.version desc limit 1`,
  );
  // A close made before agents were assessed froze nothing of theirs: the month is read live.
  const frozen = close !== undefined && 'agentAssessment' in close.policies;

  let policyVersion: number;
  let policy: AgentAssessmentPolicy;
  let assessed: AgentAssessmentRow[];
  if (frozen) {
    policyVersion = close.policies.agentAssessment;
    policy = await policyOfVersion(ctx.db, 'agentAssessment', policyVersion);
    const stored = await rows<{ agentId: string; figures: AgentAssessmentFigures; score: number | string | null; grade: string }>(
      ctx.db,
      sql`select agent_id::text as "agentId", figures, score, grade from agent_month_assessments where close_id = ${close.id}::uuid`,
    );
    assessed = stored.map((r) => ({ agentId: r.agentId, figures: r.figures, score: readScore(r.score), grade: readGrade(r.grade) }));
  } else {
    const live = await computeAgentAssessments(ctx.db, { month, timeZone, now });
    policyVersion = live.policy.version;
    policy = live.policy.value;
    assessed = live.agents;
  }

  const shown = everything ? assessed : assessed.filter((a) => a.agentId === ctx.actor.id);
  const changes = frozen ? close.agentChanges.filter((c) => everything || c.agentId === ctx.actor.id) : [];
  const names = await loadNames(ctx.db, { units: [], users: [...new Set([...shown.map((a) => a.agentId), ...changes.map((c) => c.agentId)])], scriptVersions: [] });
  const nameOf = (id: string) => names.users.get(id);

  const agents: AgentAssessmentView[] = shown
    .map((a) => {
      const counts = countsOf(a.figures);
      return {
        agentId: a.agentId,
        name: nameOf(a.agentId)?.name ?? '',
        username: nameOf(a.agentId)?.username ?? '',
        figures: a.figures,
        parts: agentParts(counts),
        score: a.score,
        grade: a.grade,
        belowMinimum: a.figures.finished < policy.minFinished,
      };
    })
    .sort((x, y) => x.name.localeCompare(y.name, 'zh-CN') || x.username.localeCompare(y.username));

  // The department: every agent's counts pooled, and the average score of those who have one.
  const pooled = pooledCounts(assessed.map((a) => countsOf(a.figures)));
  const [versions, status] = frozen
    ? await Promise.all([
        rows<{ version: number; changes: number }>(ctx.db, sql`select version, jsonb_array_length(agent_changes)::int as changes from month_closes where month = ${month} order by version`),
        rows<{ changed: boolean }>(ctx.db, sql`select changed_since_close as changed from month_status where month = ${month}`),
      ])
    : [[], []];

  return {
    month,
    /** 实时: computed now (the month is not closed, or its close predates the agents' assessment). */
    live: !frozen,
    /** The month is over (it may be closed); not over: in progress. */
    over,
    /** Closed before the agents were assessed: read live although the month is closed. */
    closedBeforeAgents: close !== undefined && !frozen,
    close: frozen
      ? { version: close.version, closedAt: toDate(close.closedAt), closedByName: close.closedByName, changedSinceClose: status[0]?.changed ?? false, versions }
      : null,
    policy: { version: policyVersion, value: policy },
    agents,
    department: {
      agents: assessed.length,
      parts: agentParts(pooled),
      worked: pooled.worked,
      finished: pooled.closed + pooled.unreachable,
      averageScore: averageScore(assessed.map((a) => a.score)),
      unscored: assessed.filter((a) => a.score === null).length,
    },
    changes: changes.map((c) => ({ ...c, agentName: nameOf(c.agentId)?.name ?? '' })) as AgentChangeView[],
  };
}
export type AgentAssessmentPage = Awaited<ReturnType<typeof getAgentAssessment>>;
