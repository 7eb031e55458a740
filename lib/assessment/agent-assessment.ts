import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { assertRole, seesEverything } from '@/lib/auth/guards';
import { countsOf, computeAgentAssessments, type AgentAssessmentFigures, type AgentAssessmentRow } from '@/lib/indicators/agent-assessment';
import { agentParts, averageScore, pooledCounts, type AgentParts } from '@/lib/indicators/agent-assessment-rules';
import { loadNames } from '@/lib/indicators/queries';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { rows, toDate } from '@/lib/platform/core/sql';
import { monthSchema } from '@/lib/platform/time/month-window';
import { monthRange } from '@/lib/platform/time/zone';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { readGrade, readScore, type Grade } from '@/lib/policy/grading';
import { listPolicyVersions } from '@/lib/policy/policies';

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

export type AgentAssessmentPolicy = PolicyValue<'agentAssessment'>;

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

/** The value of a policy version (0 = the shipped defaults), as policyInForce reads it. */
async function agentPolicyOfVersion(db: DbOrTx, version: number): Promise<AgentAssessmentPolicy> {
  const definition = policyDefinitions.agentAssessment;
  const stored = version === 0 ? undefined : (await listPolicyVersions(db, 'agentAssessment')).find((v) => v.version === version);
  return definition.schema.parse({ ...definition.defaults, ...(stored?.value ?? {}) }) as AgentAssessmentPolicy;
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
    policy = await agentPolicyOfVersion(ctx.db, policyVersion);
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
