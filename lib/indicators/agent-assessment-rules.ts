import { gradeOf, weightedScore, type Grade, type GradeBands } from '@/lib/policy/grading';
import { rate, type Rate } from './rate';

/**
 * 坐席月度考核: the score of a callback agent's month (客户回访考核制度: 回访率, 回访质量, 回访及时性
 * with weights), graded by the bands of the 'agentAssessment' policy. Pure; the counts come from
 * the month's cohort (lib/indicators/daily-queries.ts loadCohort, the agent level), the weighted mean and
 * the bands from the one rule shared with the managers' assessment (lib/policy/grading.ts).
 *
 * Satisfaction is what the customer thinks of the MANAGER's service: it is shown beside an agent's
 * figures, never weighed in the agent's score.
 */

export type AgentScorePart = 'callbackRate' | 'quality' | 'timeliness';
export const AGENT_SCORE_PARTS: readonly AgentScorePart[] = ['callbackRate', 'quality', 'timeliness'];

export type AgentAssessmentWeights = Record<AgentScorePart, number>;

/** What an agent's month is scored from (one agent's row of the month's cohort). */
export interface AgentMonthCounts {
  /** Callbacks of the month the agent worked: at least one attempt by the agent. */
  worked: number;
  /** Of those, finished by the agent (the agent recorded the final attempt): closed or unreachable. */
  closed: number;
  unreachable: number;
  /** Sampled callbacks the agent finished with a scored result (valid or invalid). */
  verdictBearing: number;
  /** Of those, overturned in a dispute because of the call (a knock-out or a score below the threshold). */
  overturnedOnCall: number;
  /** Re-callbacks that could be compared with the agent's result, and those that disagreed. */
  recheckCompared: number;
  recheckDisagreeing: number;
  /** Callbacks the agent finished within their deadline, and after it. */
  withinDeadline: number;
  finishedLate: number;
}

export interface AgentAssessmentPolicy {
  weights: AgentAssessmentWeights;
  gradeBands: GradeBands;
  minFinished: number;
}

export interface AgentParts {
  /** 回访率: finished by the agent / worked by the agent. */
  callbackRate: Rate;
  /** 回访质量 (accuracy): 1 − (overturned on the call + re-callbacks disagreeing) / (verdict-bearing + re-callbacks compared). */
  quality: Rate;
  /** 回访及时性: finished within the deadline / finished (within + late). */
  timeliness: Rate;
}

export interface AgentAssessment {
  parts: AgentParts;
  finished: number;
  /** Finished fewer than the policy's minimum: no score (样本不足). */
  belowMinimum: boolean;
  /** 0–100, one decimal; null = 样本不足 (below the minimum, or nothing that weighs was measured). */
  score: number | null;
  grade: Grade | null;
  /** The weight each part had, as a share of 1 (null: not measured, no share). */
  shares: Record<AgentScorePart, number | null>;
}

/**
 * The three parts of an agent's month, each with the counts it rests on. Quality's numerator is the
 * callbacks judged right (the denominator less the errors), so its value is the accuracy.
 */
export function agentParts(c: AgentMonthCounts): AgentParts {
  const finished = c.closed + c.unreachable;
  const judged = c.verdictBearing + c.recheckCompared;
  const errors = c.overturnedOnCall + c.recheckDisagreeing;
  return {
    callbackRate: rate(finished, c.worked),
    quality: rate(Math.max(0, judged - errors), judged),
    timeliness: rate(c.withinDeadline, c.withinDeadline + c.finishedLate),
  };
}

/** An agent's month scored and graded; below the minimum finished, or nothing measured: 样本不足. */
export function assessAgentMonth(c: AgentMonthCounts, policy: AgentAssessmentPolicy): AgentAssessment {
  const parts = agentParts(c);
  const finished = c.closed + c.unreachable;
  const belowMinimum = finished < policy.minFinished;
  const values = Object.fromEntries(AGENT_SCORE_PARTS.map((p) => [p, parts[p].value])) as Record<AgentScorePart, number | null>;
  const weighted = weightedScore(values, policy.weights, AGENT_SCORE_PARTS);
  const score = belowMinimum ? null : weighted.score;
  return { parts, finished, belowMinimum, score, grade: score === null ? null : gradeOf(score, policy.gradeBands), shares: weighted.shares };
}

/** The department's parts: the agents' counts pooled (summed, then divided), not an average of rates. */
export function pooledCounts(all: readonly AgentMonthCounts[]): AgentMonthCounts {
  const sum = (k: keyof AgentMonthCounts) => all.reduce((n, c) => n + c[k], 0);
  return {
    worked: sum('worked'),
    closed: sum('closed'),
    unreachable: sum('unreachable'),
    verdictBearing: sum('verdictBearing'),
    overturnedOnCall: sum('overturnedOnCall'),
    recheckCompared: sum('recheckCompared'),
    recheckDisagreeing: sum('recheckDisagreeing'),
    withinDeadline: sum('withinDeadline'),
    finishedLate: sum('finishedLate'),
  };
}

/** The average score of the agents who have one (one decimal), null when none has. */
export function averageScore(scores: readonly (number | null)[]): number | null {
  const scored = scores.filter((s): s is number => s !== null);
  return scored.length === 0 ? null : Math.round((scored.reduce((n, s) => n + s, 0) / scored.length) * 10) / 10;
}
