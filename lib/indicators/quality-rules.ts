import { RATING_OPTION_IDS } from '@/lib/scripts/definition';
import { average, rate, type Rate } from './rate';

/**
 * 回访质量: what the contacts said of the service (the script's rating question), how often a
 * dispute found an agent's call wrong, and how often a re-callback disagreed with the first result.
 * Pure; the counts come from lib/indicators/daily-queries.ts.
 */

export type RatingValue = (typeof RATING_OPTION_IDS)[number];

export interface Satisfaction {
  /** Answers per rating, 1 (very dissatisfied) … 5 (very satisfied). */
  counts: Record<RatingValue, number>;
  answered: number;
  /** Mean rating, null when nobody answered. */
  mean: number | null;
  /** Satisfied = rated 4 or 5. */
  satisfied: Rate;
}

/**
 * The satisfaction distribution: the answers to each callback's rating question (the first question
 * of type 'rating' in the script version it was scored with). Other values (none in a valid script)
 * are not answers to count.
 */
export function satisfaction(byValue: Readonly<Record<string, number>>): Satisfaction {
  const counts = Object.fromEntries(RATING_OPTION_IDS.map((v) => [v, byValue[v] ?? 0])) as Record<RatingValue, number>;
  const answered = RATING_OPTION_IDS.reduce((n, v) => n + counts[v], 0);
  const total = RATING_OPTION_IDS.reduce((n, v) => n + Number(v) * counts[v], 0);
  return { counts, answered, mean: average(total, answered), satisfied: rate(counts['4'] + counts['5'], answered) };
}

/**
 * Agent error rate: disputes overturned on the agent's call / the agent's verdict-bearing callbacks.
 * A verdict-bearing callback ended with a scored result (valid or invalid); an overturned dispute is
 * counted against the call only when the verdict it overturned rested on that call (a knock-out
 * answer or a score below the threshold), not on a data-check finding.
 */
export function agentErrorRate(overturnedOnCall: number, verdictBearing: number): Rate {
  return rate(overturnedOnCall, verdictBearing);
}

/** Re-callbacks (ordered in a dispute review) whose result differs from the first callback's, over those that can be compared (both scored). */
export function recheckDisagreement(disagreeing: number, compared: number): Rate {
  return rate(disagreeing, compared);
}
