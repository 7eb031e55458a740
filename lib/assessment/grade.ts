/**
 * The monthly assessment score and grade of a manager (客户拜访考核方案): a weighted sum of the
 * coverage rate, the valid-visit rate and the on-time report rate, banded into grades.
 */
export type Grade = 'excellent' | 'good' | 'fair' | 'poor' | 'seriously_below';

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

/** Rates as fractions; a manager with nothing to measure on a figure gets full marks on it. */
export function rates(f: MonthFigures) {
  return {
    coverage: f.coverageRequired === 0 ? 1 : f.coverageDone / f.coverageRequired,
    valid: f.valid + f.invalid === 0 ? 1 : f.valid / (f.valid + f.invalid),
    onTime: f.reports === 0 ? 1 : (f.reports - f.lateReports) / f.reports,
  };
}

/** 0–100, one decimal; weights are relative (40/40/20 by default). */
export function assessmentScore(f: MonthFigures, w: AssessmentWeights): number {
  const r = rates(f);
  const total = w.coverage + w.valid + w.onTime;
  const score = total === 0 ? 0 : ((r.coverage * w.coverage + r.valid * w.valid + r.onTime * w.onTime) / total) * 100;
  return Math.round(score * 10) / 10;
}

export function gradeOf(score: number, bands: GradeBands): Grade {
  if (score >= bands.excellent) return 'excellent';
  if (score >= bands.good) return 'good';
  if (score >= bands.fair) return 'fair';
  if (score >= bands.poor) return 'poor';
  return 'seriously_below';
}
