/**
 * 超期补报: what becomes of a manager's report of a visit nobody can verify any more — one older
 * than the sampling look-back (no callback will ever be placed for it) or in a month already
 * closed (its figures are frozen). Pure: the caller reads the policies and the month's state.
 */

export type LateBackfillPolicy = 'refuse' | 'approval';

/** Why a report is a backfill; both may hold at once. */
export type BackfillReason = 'tooOld' | 'monthClosed';

/** The state of a backfill on the visit report (visit_reports.backfill); null for an ordinary report. */
export type BackfillState = 'pending' | 'approved' | 'rejected';

export type ReportClass =
  | { kind: 'ordinary' }
  /** Refused: nothing is written; the manager is told why and whom to ask. */
  | { kind: 'refused'; reasons: BackfillReason[] }
  /** Accepted as 超期补报: stored, but counts for nothing until staff approve it. */
  | { kind: 'backfill'; reasons: BackfillReason[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Older than the sampling look-back when judged at `now`. The same comparison sampling makes when
 * it excludes a visit as too old (lib/sampling/rules.ts decideVisit), so a report accepted as
 * ordinary is one sampling can still decide on.
 */
export function isBeyondLookBack(visitedAt: Date, now: Date, lookBackDays: number): boolean {
  return now.getTime() - visitedAt.getTime() > lookBackDays * DAY_MS;
}

export function classifyReport(input: {
  visitedAt: Date;
  now: Date;
  /** sampling.excludeOlderThanDays of the policy sampling will decide the visit with. */
  lookBackDays: number;
  /** The visit's month has been closed (a version exists). */
  monthClosed: boolean;
  /** reporting.lateBackfill in force today. */
  policy: LateBackfillPolicy;
}): ReportClass {
  const reasons: BackfillReason[] = [];
  if (isBeyondLookBack(input.visitedAt, input.now, input.lookBackDays)) reasons.push('tooOld');
  if (input.monthClosed) reasons.push('monthClosed');
  if (reasons.length === 0) return { kind: 'ordinary' };
  return input.policy === 'approval' ? { kind: 'backfill', reasons } : { kind: 'refused', reasons };
}

/** A backfill not (yet) approved counts for nothing: no sampling, coverage, points or figures. */
export function backfillHeld(state: BackfillState | null | undefined): boolean {
  return state === 'pending' || state === 'rejected';
}

/**
 * The same test in SQL, of a visit report aliased `v`: the report counts (`not backfillHeld`).
 * Every query that reads visits for sampling, coverage, checks or the close uses it.
 */
export const COUNTING_VISIT_SQL = `(v.backfill is null or v.backfill = 'approved')`;
