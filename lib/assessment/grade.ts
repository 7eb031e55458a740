import { gradeOf, weightedScore, type Grade, type GradeBands } from '@/lib/policy/grading';
import { coverageRate, onTimeRate, validRate, type Rate } from './rates';

export { gradeOf, NO_GRADE, readGrade, readScore, type Grade, type GradeBands, type StoredGrade } from '@/lib/policy/grading';

/**
 * The monthly assessment score and grade of a manager (客户拜访考核方案): the weighted mean of the
 * coverage rate, the valid-visit rate and the on-time report rate — of those MEASURED only — banded
 * into grades. Pure.
 *
 * A part not measured (its denominator was 0, see rates.ts) takes no part: its weight is shared
 * out over the measured parts in proportion to their weights, i.e. the score is Σ rate·weight over
 * the measured parts divided by the sum of their weights. When no part with a weight above 0 was
 * measured, there is no score and no grade (样本不足, insufficient sample). A manager who failed
 * coverage still has coverage measured (done / required, down to 0). The weighted mean and the
 * bands are the one rule of lib/policy/grading.ts, shared with the agents' assessment.
 */

export interface AssessmentWeights {
  coverage: number;
  valid: number;
  onTime: number;
}

export interface MonthFigures {
  coverageRequired: number;
  coverageDone: number;
  valid: number;
  invalid: number;
  reports: number;
  lateReports: number;
}

export type ScorePart = keyof AssessmentWeights;
export const SCORE_PARTS: readonly ScorePart[] = ['coverage', 'valid', 'onTime'];

/** The three rates of a month, each a value or "not measured" with its reason. */
export function rates(f: MonthFigures): Record<ScorePart, Rate> {
  return {
    coverage: coverageRate({ required: f.coverageRequired, done: f.coverageDone }),
    valid: validRate(f),
    onTime: onTimeRate({ visits: f.reports, late: f.lateReports }),
  };
}

export interface MonthScore {
  /** 0–100, one decimal; null when nothing that carries weight was measured. */
  score: number | null;
  /** The weight each part had in this score, as a share of 1 (null: not measured, no share). */
  shares: Record<ScorePart, number | null>;
}

/** The weighted mean of the measured rates (weights are relative: 40/40/20 by default). */
export function scoreOf(r: Record<ScorePart, Rate>, w: AssessmentWeights): MonthScore {
  const values = Object.fromEntries(SCORE_PARTS.map((p) => [p, r[p].value])) as Record<ScorePart, number | null>;
  return weightedScore<ScorePart>(values, { ...w }, SCORE_PARTS);
}

export function assessmentScore(f: MonthFigures, w: AssessmentWeights): number | null {
  return scoreOf(rates(f), w).score;
}

/** A month's score and grade in one: no score, no grade. */
export function scoreAndGrade(f: MonthFigures, w: AssessmentWeights, bands: GradeBands): { score: number | null; grade: Grade | null } {
  const score = assessmentScore(f, w);
  return { score, grade: score === null ? null : gradeOf(score, bands) };
}

