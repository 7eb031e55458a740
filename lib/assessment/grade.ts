import { coverageRate, onTimeRate, validRate, type Rate } from './rates';

/**
 * The monthly assessment score and grade of a manager (客户拜访考核方案): the weighted mean of the
 * coverage rate, the valid-visit rate and the on-time report rate — of those MEASURED only — banded
 * into grades. Pure.
 *
 * A part not measured (its denominator was 0, see rates.ts) takes no part: its weight is shared
 * out over the measured parts in proportion to their weights, i.e. the score is Σ rate·weight over
 * the measured parts divided by the sum of their weights. When no part with a weight above 0 was
 * measured, there is no score and no grade (样本不足, insufficient sample). A manager who failed
 * coverage still has coverage measured (done / required, down to 0).
 */
export type Grade = 'excellent' | 'good' | 'fair' | 'poor' | 'seriously_below';

/** What month_assessments.grade stores when there is no grade (the column cannot be null). */
export const NO_GRADE = 'insufficient_sample';
export type StoredGrade = Grade | typeof NO_GRADE;

export interface AssessmentWeights {
  coverage: number;
  valid: number;
  onTime: number;
}

export interface GradeBands {
  excellent: number;
  good: number;
  fair: number;
  poor: number;
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
  let weight = 0;
  let sum = 0;
  for (const part of SCORE_PARTS) {
    const value = r[part].value;
    if (value === null) continue;
    weight += w[part];
    sum += value * w[part];
  }
  const shares = Object.fromEntries(SCORE_PARTS.map((p) => [p, r[p].value === null || weight === 0 ? null : w[p] / weight])) as MonthScore['shares'];
  if (weight === 0) return { score: null, shares };
  return { score: Math.round((sum / weight) * 100 * 10) / 10, shares };
}

export function assessmentScore(f: MonthFigures, w: AssessmentWeights): number | null {
  return scoreOf(rates(f), w).score;
}

export function gradeOf(score: number, bands: GradeBands): Grade {
  if (score >= bands.excellent) return 'excellent';
  if (score >= bands.good) return 'good';
  if (score >= bands.fair) return 'fair';
  if (score >= bands.poor) return 'poor';
  return 'seriously_below';
}

/** A month's score and grade in one: no score, no grade. */
export function scoreAndGrade(f: MonthFigures, w: AssessmentWeights, bands: GradeBands): { score: number | null; grade: Grade | null } {
  const score = assessmentScore(f, w);
  return { score, grade: score === null ? null : gradeOf(score, bands) };
}

/**
 * A stored score and grade as the domain reads them: "no score" is null (NaN in closes made
 * before the column allowed null) and "no grade" NO_GRADE (the grade column is NOT NULL);
 * anything reading month_assessments maps them back to null through here.
 */
export function readScore(score: number | string | null): number | null {
  if (score === null) return null;
  const n = Number(score);
  return Number.isFinite(n) ? n : null;
}
export function readGrade(grade: string | null): Grade | null {
  return grade === null || grade === NO_GRADE ? null : (grade as Grade);
}
