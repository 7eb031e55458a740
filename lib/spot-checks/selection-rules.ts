import { addDays, instantAt, nextCallingInstant, type CallingCalendar } from '@/lib/calling/calendar';
import type { PolicyValue } from '@/lib/policy/definitions';
import { formatDraw, samplingDraw } from '@/lib/sampling/draw';

/**
 * 电话抽查 selection rules, pure: which managers are checked on a working day, which of their
 * planned customers are called, when each callback becomes due and by when it must be asked. No
 * I/O and no clock — the verb (select.ts) passes the policies in force on the day and the facts
 * of the day's approved plan items, so running again (or an auditor recomputing by hand) decides
 * the same.
 */
export type SpotCheckPolicy = PolicyValue<'spotCheck'>;

/** Catalogue keys (messages/<locale>/spotChecks.json → reason.*): the readable "why" of a decision. */
export const SPOT_CHECK_REASONS = {
  /** The policy checks every manager with approved plan items that day. */
  allManagers: 'spotChecks.reason.allManagers',
  /** 'share': draw < share. */
  shareDrawn: 'spotChecks.reason.shareDrawn',
  shareNotDrawn: 'spotChecks.reason.shareNotDrawn',
  /** 'share' with findings in the window: draw < share × failure weight (capped at 1). */
  weightedDrawn: 'spotChecks.reason.weightedDrawn',
  weightedNotDrawn: 'spotChecks.reason.weightedNotDrawn',
  /** Drawn (or checked by rule), but none of the day's planned customers can be called in time. */
  noCallableCustomer: 'spotChecks.reason.noCallableCustomer',
  /** A customer drawn: rank k of n by draw, the first N taken. */
  customerDrawn: 'spotChecks.reason.customerDrawn',
  /** n ≤ N callable customers planned: every one is called. */
  customerAll: 'spotChecks.reason.customerAll',
} as const;
export type SpotCheckReasonCode = (typeof SPOT_CHECK_REASONS)[keyof typeof SPOT_CHECK_REASONS];
export type ReasonParams = Record<string, string | number>;

/**
 * A spot-check draw: a number in [0, 1), a pure function of the policy version's seed, the day and
 * a manager's or a plan item's id. The sampling draw's recipe (lib/sampling/draw.ts) over the text
 * `${seed}:${day}:${id}` — sha256, first 48 bits / 2^48 — so anyone can recompute it, in psql
 * with DRAW_SQL given the seed and `day || ':' || id`. The day is part of it: the same manager
 * draws a new number each day.
 */
export function spotCheckDraw(seed: string, day: string, id: string): number {
  return samplingDraw(seed, `${day}:${id.toLowerCase()}`);
}

/** What deciding a manager needs to know. */
export interface ManagerFacts {
  managerId: string;
  /** Findings (customers found not visited) on the manager's checked days in the policy window before the day. */
  findingsInWindow: number;
}

export interface ManagerDecision {
  managerId: string;
  draw: number;
  selected: boolean;
  reasonCode: SpotCheckReasonCode;
  reasonParams: ReasonParams;
}

/** The share a manager is drawn with: the policy's, times the failure weight when they had findings (≤ 1). */
export function managerThreshold(policy: SpotCheckPolicy, findingsInWindow: number): number {
  return findingsInWindow > 0 ? Math.min(1, policy.managerShare * policy.failureWeight) : policy.managerShare;
}

const percent = (share: number) => Math.round(share * 10_000) / 100;

/**
 * Whether a manager with approved plan items that day is checked: always under 'all'; under
 * 'share' when the draw is below the share (a draw exactly at it is not), the share multiplied by
 * the failure weight for a manager with findings in the window. `draw` defaults to the manager's
 * draw for the day; tests pass one to probe the boundaries.
 */
export function decideManager(manager: ManagerFacts, input: { policy: SpotCheckPolicy; day: string }, draw = spotCheckDraw(input.policy.seed, input.day, manager.managerId)): ManagerDecision {
  const { policy } = input;
  const base = { managerId: manager.managerId, draw };
  if (policy.managerSelection === 'all') {
    return { ...base, selected: true, reasonCode: SPOT_CHECK_REASONS.allManagers, reasonParams: { draw: formatDraw(draw) } };
  }
  const threshold = managerThreshold(policy, manager.findingsInWindow);
  const selected = draw < threshold;
  const params: ReasonParams = { draw: formatDraw(draw), threshold: threshold.toFixed(4), sharePercent: percent(policy.managerShare) };
  if (manager.findingsInWindow > 0) {
    Object.assign(params, { findings: manager.findingsInWindow, windowDays: policy.flagWindowDays, weight: policy.failureWeight, thresholdPercent: percent(threshold) });
    return { ...base, selected, reasonCode: selected ? SPOT_CHECK_REASONS.weightedDrawn : SPOT_CHECK_REASONS.weightedNotDrawn, reasonParams: params };
  }
  return { ...base, selected, reasonCode: selected ? SPOT_CHECK_REASONS.shareDrawn : SPOT_CHECK_REASONS.shareNotDrawn, reasonParams: params };
}

/** A checked manager none of whose planned customers can be called in time is not checked that day, and the reason says so. */
export function withoutCallableCustomer(decision: ManagerDecision, planned: number): ManagerDecision {
  return { ...decision, selected: false, reasonCode: SPOT_CHECK_REASONS.noCallableCustomer, reasonParams: { ...decision.reasonParams, planned, ruleReason: decision.reasonCode } };
}

/** Calling hours and the deadlines the due time is computed with. */
export interface DueRules {
  policy: Pick<SpotCheckPolicy, 'dueRule' | 'dueDelayMinutes'>;
  calendar: CallingCalendar;
  timeZone: string;
  /** The report deadline in force (reporting.reportDeadlineHours): a visit reported later is late. */
  reportDeadlineHours: number;
}

/**
 * When a spot-check callback becomes due (its first attempt): 'same_afternoon' — the delay after
 * the planned time, or the next calling instant when that falls outside calling hours;
 * 'next_morning' — the next working day's first calling instant (and never before the delay has
 * passed). Null when the calendar has no calling hours ahead.
 */
export function spotCheckDueAt(plannedAt: Date, plannedDay: string, rules: DueRules): Date | null {
  const afterDelay = new Date(plannedAt.getTime() + rules.policy.dueDelayMinutes * 60_000);
  if (rules.policy.dueRule === 'same_afternoon') return nextCallingInstant(afterDelay, rules.calendar, rules.timeZone);
  const nextDay = instantAt(addDays(plannedDay, 1), 0, rules.timeZone);
  return nextCallingInstant(afterDelay > nextDay ? afterDelay : nextDay, rules.calendar, rules.timeZone);
}

/** The callback's deadline (callback_tasks.due_by): the moment a report of the planned visit would be late. */
export function spotCheckDueBy(plannedAt: Date, reportDeadlineHours: number): Date {
  return new Date(plannedAt.getTime() + reportDeadlineHours * 3_600_000);
}

/** One approved plan item of the day, as the draw sees it. */
export interface PlanItemFacts {
  planItemId: string;
  customerId: string;
  plannedAt: Date;
  /** The customer has an active contact with a phone on file: somebody can be called. */
  callable: boolean;
}

export interface CustomerDraw {
  planItemId: string;
  customerId: string;
  plannedAt: Date;
  draw: number;
  dueAt: Date;
  dueBy: Date;
  reasonCode: SpotCheckReasonCode;
  reasonParams: ReasonParams;
}

export interface CustomersDrawn {
  /** The customers called, in draw order. */
  drawn: CustomerDraw[];
  /** Distinct customers planned that day. */
  planned: number;
  /** Of them, those that can be called before the deadline (the pool drawn from). */
  callable: number;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Which of a checked manager's planned customers are called. A customer planned twice that day
 * counts once, with its last planned item (the call asks about the whole day, so it comes after
 * every visit planned to that customer). A customer nobody can be called at, or whose callback
 * could only come due after the deadline, is left out of the draw. The rest are ordered by the
 * draw of their plan item (id breaks a tie) and the first N are called.
 */
export function drawCustomers(items: readonly PlanItemFacts[], input: { policy: SpotCheckPolicy; day: string; due: DueRules }): CustomersDrawn {
  const lastByCustomer = new Map<string, PlanItemFacts>();
  for (const item of items) {
    const seen = lastByCustomer.get(item.customerId);
    if (!seen || item.plannedAt.getTime() > seen.plannedAt.getTime() || (item.plannedAt.getTime() === seen.plannedAt.getTime() && byId(item.planItemId, seen.planItemId) > 0)) {
      lastByCustomer.set(item.customerId, item);
    }
  }
  const pool: Omit<CustomerDraw, 'reasonCode' | 'reasonParams'>[] = [];
  for (const item of lastByCustomer.values()) {
    if (!item.callable) continue;
    const dueAt = spotCheckDueAt(item.plannedAt, input.day, input.due);
    const dueBy = spotCheckDueBy(item.plannedAt, input.due.reportDeadlineHours);
    if (!dueAt || dueAt.getTime() >= dueBy.getTime()) continue;
    pool.push({ planItemId: item.planItemId, customerId: item.customerId, plannedAt: item.plannedAt, draw: spotCheckDraw(input.policy.seed, input.day, item.planItemId), dueAt, dueBy });
  }
  pool.sort((a, b) => a.draw - b.draw || byId(a.planItemId, b.planItemId));
  const pick = input.policy.customersPerManager;
  const excluded = lastByCustomer.size - pool.length;
  const drawn = pool.slice(0, pick).map((c, i) => ({
    ...c,
    reasonCode: pool.length <= pick ? SPOT_CHECK_REASONS.customerAll : SPOT_CHECK_REASONS.customerDrawn,
    reasonParams: { rank: i + 1, of: pool.length, pick, draw: formatDraw(c.draw), excluded },
  }));
  return { drawn, planned: lastByCustomer.size, callable: pool.length };
}
