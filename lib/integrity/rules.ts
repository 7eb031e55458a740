/**
 * 数据完整性核查: the links of the evidence chain the audit checks, and the pure parts of it —
 * what a problem is, how problems are counted, where staff go to look at one. The queries that
 * find them are in queries.ts (set-based SQL) and recompute.ts (a write-free evaluation).
 */
import { REACHED_OUTCOMES } from '@/lib/calling/evidence';

export const INTEGRITY_RULES = [
  /** An outcome saying the contact was reached, without an answered call of that attempt. */
  'callbackWithoutCall',
  /** A manager × customer × month whose ledger sum is not what the verdicts in force give. */
  'ledgerMismatch',
  /** A closed month whose frozen figures differ from a fresh computation, unmarked. */
  'closedMonthDrift',
  /** An open (held) callback task held by a deactivated user. */
  'inactiveHolder',
  /** A finding waived (or a verdict overturned) with no recorded dispute decision. */
  'waivedWithoutDecision',
  /** A callback-scored verdict whose callback has no result. */
  'verdictWithoutEvidence',
] as const;
export type IntegrityRule = (typeof INTEGRITY_RULES)[number];

/**
 * Outcomes that say the contact was reached: each must rest on a call of its attempt a person
 * answered (or be a 人工拨打 manual attempt) — the evidence rule's list (lib/calling/evidence.ts).
 */
export { REACHED_OUTCOMES };

export type ProblemDetails = Record<string, string | number | null>;

export interface IntegrityProblem {
  rule: IntegrityRule;
  /** 'attempt' | 'result' | 'task' | 'ledger' | 'assessment' | 'dispute' | 'verdict'. */
  entityType: string;
  entityId: string;
  /** 'YYYY-MM' the problem belongs to (the visit's month), when it has one. */
  month: string | null;
  /** What the readable line is built from (catalogue `integrity.line.<rule>`), plus ids for links. */
  details: ProblemDetails;
}

/** Facts that are not problems but an operator should see beside them. */
export interface IntegrityInfo {
  /** Managers whose figures differ from a closed month's frozen ones, in months marked "changed since close". */
  changedSinceClose: number;
  /** Manager-months whose stored verdicts or findings differ from a fresh evaluation (awaiting re-evaluation). */
  pendingEvaluation: number;
  /** Reached outcomes recorded as 人工拨打 (manual call, no call record): allowed, and listed apart. */
  manualAttempts: number;
  /** Months re-computed for the ledger and close checks. */
  monthsRecomputed: number;
}

export type RuleCounts = Record<IntegrityRule, number>;

export function emptyCounts(): RuleCounts {
  return Object.fromEntries(INTEGRITY_RULES.map((r) => [r, 0])) as RuleCounts;
}

/**
 * A rule's problems beyond this many are counted but not listed (a broken import could break a
 * hundred thousand links; the first ones say what is wrong).
 */
export const LISTED_PER_RULE = 200;

/** Adds one rule's found problems: the count is the real total, the list at most LISTED_PER_RULE. */
export function addFound(into: { problems: IntegrityProblem[]; counts: RuleCounts }, rule: IntegrityRule, found: readonly IntegrityProblem[], total = found.length): void {
  into.counts[rule] += total;
  const room = LISTED_PER_RULE - into.problems.filter((p) => p.rule === rule).length;
  if (room > 0) into.problems.push(...found.slice(0, room));
}

export function totalProblems(counts: RuleCounts): number {
  return INTEGRITY_RULES.reduce((n, r) => n + counts[r], 0);
}

/** Problems ordered for reading: by rule (catalogue order), then month, then entity. */
export function sortProblems(problems: readonly IntegrityProblem[]): IntegrityProblem[] {
  const rank = new Map(INTEGRITY_RULES.map((r, i) => [r, i]));
  return [...problems].sort(
    (a, b) =>
      rank.get(a.rule)! - rank.get(b.rule)! ||
      (a.month ?? '').localeCompare(b.month ?? '') ||
      a.entityType.localeCompare(b.entityType) ||
      a.entityId.localeCompare(b.entityId),
  );
}

/** Counts of a stored list of problems by rule (the queue page reads a stored run). */
export function countByRule(problems: readonly Pick<IntegrityProblem, 'rule'>[]): RuleCounts {
  const counts = emptyCounts();
  for (const p of problems) if (p.rule in counts) counts[p.rule]++;
  return counts;
}

/** Where staff look at a problem in the app. */
export function problemHref(p: IntegrityProblem): string | null {
  const d = p.details;
  if (p.entityType === 'dispute') return `/disputes/${p.entityId}`;
  if ((p.rule === 'ledgerMismatch' || p.rule === 'closedMonthDrift') && p.month && d.managerId) return `/assessment/${p.month}/managers/${d.managerId}`;
  if (p.rule === 'inactiveHolder') return '/queue';
  if (typeof d.visitId === 'string') return `/visits/${d.visitId}`;
  return null;
}

/** Message parameters of a problem's line: details with nulls shown as "—". */
export function lineParams(p: IntegrityProblem): Record<string, string | number> {
  const out: Record<string, string | number> = { month: p.month ?? '—', entityId: p.entityId };
  for (const [k, v] of Object.entries(p.details)) out[k] = v ?? '—';
  return out;
}
