import { monthOf, monthRange, parseLocalDateTime, type Month } from '@/lib/platform/time/zone';

/**
 * The pure rules of a visit plan (DOMAIN rule 2): which status changes are allowed and which
 * planned times belong to a plan's month. No I/O here, so every case is table-tested.
 */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export type PlanCommand = 'edit' | 'submit' | 'approve' | 'reject';

export type PlanEventAction = 'created' | 'edited' | 'submitted' | 'approved' | 'rejected';

export type TransitionOutcome =
  | { ok: true; next: PlanStatus; revision: number }
  | { ok: false; code: string };

// A rejected plan stays "rejected" while it is revised, so the supervisor's reason stays in view
// until the manager resubmits.
const TRANSITIONS: Record<PlanStatus, Partial<Record<PlanCommand, PlanStatus>>> = {
  draft: { edit: 'draft', submit: 'submitted' },
  rejected: { edit: 'rejected', submit: 'submitted' },
  submitted: { approve: 'approved', reject: 'rejected' },
  approved: {},
};

/** What a command does to a plan in a status, or the `errors.*` code that refuses it. */
export function planTransition(status: PlanStatus, command: PlanCommand, revision: number): TransitionOutcome {
  const next = TRANSITIONS[status][command];
  if (next) return { ok: true, next, revision: command === 'submit' ? revision + 1 : revision };
  if (status === 'approved') return { ok: false, code: 'plans.approvedLocked' };
  if (status === 'submitted') return { ok: false, code: 'plans.awaitingReview' };
  return { ok: false, code: 'plans.notSubmitted' };
}

export function isEditable(status: PlanStatus): boolean {
  return planTransition(status, 'edit', 0).ok;
}

export function isReviewable(status: PlanStatus): boolean {
  return planTransition(status, 'approve', 0).ok;
}

/** A plan's items must fall in its month, with month boundaries at local midnight of the zone. */
export function plannedAtInMonth(at: Date, month: Month, timeZone: string): boolean {
  const { start, end } = monthRange(month, timeZone);
  return at.getTime() >= start.getTime() && at.getTime() < end.getTime();
}

/** Plans are made for the current month or later; past months can be read but not started. */
export function isPlannableMonth(month: Month, now: Date, timeZone: string): boolean {
  // 'YYYY-MM' strings order like the months they name.
  return month >= monthOf(now, timeZone);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads a planned time: a wall-clock time as typed in a datetime-local field (read in the app's
 * zone, whatever the browser's zone is), or an ISO instant with an explicit offset.
 */
export function readPlannedAt(text: string, timeZone: string): Date | undefined {
  const trimmed = text.trim();
  if (ISO_INSTANT.test(trimmed)) {
    const at = new Date(trimmed);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  return parseLocalDateTime(trimmed, timeZone);
}

// Within one revision events always happen in this order, which gives history a total order
// even when the clock is pinned (tests, batch jobs) and several events share a timestamp.
const EVENT_RANK: Record<PlanEventAction, number> = { created: 0, submitted: 1, approved: 2, rejected: 2, edited: 3 };

export function compareEvents(
  a: { revision: number; action: PlanEventAction; at: Date },
  b: { revision: number; action: PlanEventAction; at: Date },
): number {
  return a.revision - b.revision || EVENT_RANK[a.action] - EVENT_RANK[b.action] || a.at.getTime() - b.at.getTime();
}
