/**
 * The one rule of a monthly score and its grade, shared by the managers' assessment
 * (lib/assessment/grade.ts) and the agents' (lib/indicators/agent-assessment-rules.ts): the
 * weighted mean of the parts MEASURED, banded into grades (客户拜访考核方案: 90–100 优秀, 80–89 良好,
 * 70–79 一般, 60–69 较差, below 严重不达标 — the bands are each policy's own). Pure.
 *
 * A part not measured (its rate had a zero denominator) takes no part: its weight is shared out
 * over the measured parts in proportion to their weights, i.e. the score is Σ value·weight over the
 * measured parts divided by the sum of their weights. When no part with a weight above 0 was
 * measured there is no score and no grade (样本不足, insufficient sample).
 */
export type Grade = 'excellent' | 'good' | 'fair' | 'poor' | 'seriously_below';
export const GRADES: readonly Grade[] = ['excellent', 'good', 'fair', 'poor', 'seriously_below'];

/** What a stored grade column holds when there is no grade (the columns cannot be null). */
export const NO_GRADE = 'insufficient_sample';
export type StoredGrade = Grade | typeof NO_GRADE;

/** The lowest score of each grade; below `poor`: seriously below standard. */
export interface GradeBands {
  excellent: number;
  good: number;
  fair: number;
  poor: number;
}

export interface WeightedScore<P extends string> {
  /** 0–100, one decimal; null when nothing that carries weight was measured. */
  score: number | null;
  /** The weight each part had in this score, as a share of 1 (null: not measured, no share). */
  shares: Record<P, number | null>;
}

/**
 * The weighted mean of the measured values (each a fraction in [0, 1], null = not measured), as a
 * score out of 100 rounded to one decimal. Weights are relative (40/40/20 need not add up to 100).
 */
export function weightedScore<P extends string>(values: Record<P, number | null>, weights: Record<P, number>, parts: readonly P[]): WeightedScore<P> {
  let weight = 0;
  let sum = 0;
  for (const part of parts) {
    const value = values[part];
    if (value === null) continue;
    weight += weights[part];
    sum += value * weights[part];
  }
  const shares = Object.fromEntries(parts.map((p) => [p, values[p] === null || weight === 0 ? null : weights[p] / weight])) as Record<P, number | null>;
  if (weight === 0) return { score: null, shares };
  return { score: Math.round((sum / weight) * 100 * 10) / 10, shares };
}

export function gradeOf(score: number, bands: GradeBands): Grade {
  if (score >= bands.excellent) return 'excellent';
  if (score >= bands.good) return 'good';
  if (score >= bands.fair) return 'fair';
  if (score >= bands.poor) return 'poor';
  return 'seriously_below';
}

/**
 * A stored score and grade as the domain reads them: "no score" is null (NaN in closes made
 * before the column allowed null) and "no grade" NO_GRADE; anything reading a stored assessment
 * maps them back to null through here.
 */
export function readScore(score: number | string | null): number | null {
  if (score === null) return null;
  const n = Number(score);
  return Number.isFinite(n) ? n : null;
}
export function readGrade(grade: string | null): Grade | null {
  return grade === null || grade === NO_GRADE ? null : (grade as Grade);
}
