import type { DbOrTx } from '@/db/client';
import { monthWindow } from '@/lib/platform/time/month-window';
import type { Grade } from '@/lib/policy/grading';
import { policyInForce, type PolicyInForce } from '@/lib/policy/policies';
import { agentParts, assessAgentMonth, type AgentMonthCounts } from './agent-assessment-rules';
import { deadlinesOf, EMPTY_COHORT, periodOfMonth } from './indicators';
import { loadCohort, loadRatings } from './queries';
import { satisfaction } from './quality-rules';

/**
 * 坐席月度考核 of a month, computed from what is stored now (docs/INDICATORS.md): each agent's
 * counts from the month's cohort, their three parts, score and grade under the 'agentAssessment'
 * policy in force on the month's last day. Data access: it checks nothing about who asks — the
 * verb (lib/assessment/agent-assessment.ts) does, and the month close freezes what this returns.
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
  a: { month: string; timeZone: string; now: Date; agentId?: string | null },
): Promise<{ policy: PolicyInForce<'agentAssessment'>; agents: AgentAssessmentRow[] }> {
  const period = periodOfMonth(a.month, a.timeZone);
  const policy = await policyInForce(db, 'agentAssessment', monthWindow(a.month, a.timeZone).lastDay);
  const deadlines = await deadlinesOf(db, period, policy.value.deadlineWorkingDays);
  const [cohort, ratings] = await Promise.all([loadCohort(db, { period }, deadlines, a.now), loadRatings(db, { period })]);
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
