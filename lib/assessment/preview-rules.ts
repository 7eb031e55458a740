import type { FindingsDiff } from '@/lib/checks/store';
import { totalFigures, type AssessmentFigures } from './figures';
import type { Grade } from './grade';

/**
 * The effect preview of a policy change, in figures (pure): a set of managers' months as the
 * close produced them and as the changed rules would, summed per unit and in total, and the
 * managers whose points, score or grade would change. "Not measured" stays null — an average of
 * nobody, a valid rate with nothing judged — never 0 or 100 %.
 */
export interface ManagerOutcome {
  managerId: string;
  unitId: string | null;
  figures: AssessmentFigures;
  score: number | null;
  grade: Grade | null;
}

export const GRADE_COLUMNS = ['excellent', 'good', 'fair', 'poor', 'seriously_below', 'none'] as const;
export type GradeColumn = (typeof GRADE_COLUMNS)[number];

/** One side (as closed, or as previewed) of a set of managers. */
export interface EffectSide {
  managers: number;
  points: number;
  valid: number;
  invalid: number;
  /** valid / (valid + invalid); null when nothing was judged. */
  validRate: number | null;
  coverageFailed: number;
  /** Of the managers with a score; null when none has one. */
  averageScore: number | null;
  grades: Record<GradeColumn, number>;
}

export function sideOf(managers: readonly ManagerOutcome[]): EffectSide {
  const t = totalFigures(managers);
  const grades = Object.fromEntries(GRADE_COLUMNS.map((g) => [g, 0])) as Record<GradeColumn, number>;
  for (const m of managers) grades[m.grade ?? 'none']++;
  return {
    managers: managers.length,
    points: Number(t.points),
    valid: Number(t.valid),
    invalid: Number(t.invalid),
    validRate: t.validRate,
    coverageFailed: Number(t.coverageFailed),
    averageScore: t.averageScore,
    grades,
  };
}

export interface UnitEffect {
  unitId: string | null;
  closed: EffectSide;
  preview: EffectSide;
}

export interface ManagerChange {
  managerId: string;
  unitId: string | null;
  closed: Pick<ManagerOutcome, 'score' | 'grade'> & { points: number } | null;
  preview: Pick<ManagerOutcome, 'score' | 'grade'> & { points: number } | null;
}

export interface Effect {
  units: UnitEffect[];
  totals: { closed: EffectSide; preview: EffectSide };
  /** Managers whose points, score or grade differ (or who are assessed on one side only). */
  changes: ManagerChange[];
}

/**
 * Compares the close's outcomes with the previewed ones. A manager is counted in the unit the
 * close put them in (the unit at the close); one assessed only in the preview, in their own unit.
 */
export function compareOutcomes(closed: readonly ManagerOutcome[], preview: readonly ManagerOutcome[]): Effect {
  const unitOf = new Map<string, string | null>(closed.map((m) => [m.managerId, m.unitId]));
  const placed = preview.map((m) => (unitOf.has(m.managerId) ? { ...m, unitId: unitOf.get(m.managerId)! } : m));
  const unitIds = [...new Set([...closed, ...placed].map((m) => m.unitId))];
  const units = unitIds.map((unitId) => ({
    unitId,
    closed: sideOf(closed.filter((m) => m.unitId === unitId)),
    preview: sideOf(placed.filter((m) => m.unitId === unitId)),
  }));
  const before = new Map(closed.map((m) => [m.managerId, m]));
  const after = new Map(placed.map((m) => [m.managerId, m]));
  const brief = (m: ManagerOutcome | undefined) => (m ? { points: m.figures.points, score: m.score, grade: m.grade } : null);
  const changes: ManagerChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = brief(before.get(id));
    const a = brief(after.get(id));
    if (b && a && b.points === a.points && b.score === a.score && b.grade === a.grade) continue;
    changes.push({ managerId: id, unitId: (before.get(id) ?? after.get(id))!.unitId, closed: b, preview: a });
  }
  return { units, totals: { closed: sideOf(closed), preview: sideOf(placed) }, changes };
}

/**
 * Visits flagged by each data check, from a chunk plan's findings diff made against no stored
 * findings (so it holds every visit's findings).
 */
export function flaggedVisits(diff: Pick<FindingsDiff, 'upserted'>, into: Map<string, Set<string>> = new Map()): Map<string, Set<string>> {
  for (const { visitId, finding } of diff.upserted) {
    const visits = into.get(finding.code) ?? new Set<string>();
    visits.add(visitId);
    into.set(finding.code, visits);
  }
  return into;
}

export interface FlagCount {
  code: string;
  current: number;
  preview: number;
}

/** Flag counts side by side, for the codes flagged on either side (in the order given). */
export function flagCounts(codes: readonly string[], current: ReadonlyMap<string, Set<string>>, preview: ReadonlyMap<string, Set<string>>): FlagCount[] {
  return codes
    .map((code) => ({ code, current: current.get(code)?.size ?? 0, preview: preview.get(code)?.size ?? 0 }))
    .filter((c) => c.current > 0 || c.preview > 0);
}
