import type { PolicyValue } from '@/lib/policy/definitions';
import { isBeyondLookBack } from '@/lib/visits/backfill-rules';
import { formatDraw, samplingDraw } from './draw';
import { REASONS, type ReasonCode, type ReasonParams } from './reasons';

/**
 * The sampling rules, pure: which visits get a callback and why. No I/O, no clock — the caller
 * passes "now", the policy version in force on each visit's day, and the facts of each visit.
 * The real-time path, the batch and the cost preview all decide through these functions, so
 * they cannot disagree.
 */
export type SamplingPolicy = PolicyValue<'sampling'>;
export type CustomerClass = 'A' | 'B' | 'C' | 'D';
export const CUSTOMER_CLASSES: readonly CustomerClass[] = ['A', 'B', 'C', 'D'];

export { EXCLUSION_REASONS, REASON_CODES, REASONS, type ReasonCode, type ReasonParams } from './reasons';

/** What the rules need to know about one visit. */
export interface VisitFacts {
  visitId: string;
  managerId: string;
  customerClass: CustomerClass;
  visitedAt: Date;
  /**
   * Data-check flags raised on the visit (today 'late'; later checks add theirs). Any flag makes
   * the visit always sampled when the policy says so.
   */
  flags: readonly string[];
  /** The customer has at least one active contact with a phone: someone can be called. */
  hasContactPhone: boolean;
}

/** The policy version in force on the visit's day, and what is known about its manager. */
export interface DecisionInput {
  policy: SamplingPolicy;
  policyVersion: number;
  /** The manager had a visit judged invalid last month: rates are multiplied. */
  invalidLastMonth: boolean;
  now: Date;
}

export interface Decision {
  visitId: string;
  draw: number;
  sampled: boolean;
  /** False when excluded: such a visit is never sampled, not even to reach the minimum. */
  eligible: boolean;
  reasonCode: ReasonCode;
  reasonParams: ReasonParams;
  policyVersion: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The class rate in percent after the multiplier for managers with an invalid visit last month (≤ 100). */
export function effectiveRate(policy: SamplingPolicy, customerClass: CustomerClass, invalidLastMonth: boolean): number {
  const base = policy.ratePercent[customerClass];
  if (!invalidLastMonth) return base;
  return Math.min(100, base * policy.invalidLastMonthMultiplier);
}

/**
 * Decides one visit on its own: exclusions first (a visit nobody can or should call is listed
 * with its reason, never sampled), then always-sample for data-check flags, then the class rate.
 * A draw exactly at the rate's threshold is not sampled (draw < rate/100 is). `draw` is computed
 * from the seed and visit id; tests pass one to probe the boundaries.
 */
export function decideVisit(visit: VisitFacts, input: DecisionInput, draw = samplingDraw(input.policy.seed, visit.visitId)): Decision {
  const { policy, policyVersion, invalidLastMonth, now } = input;
  const base = { visitId: visit.visitId, draw, policyVersion };

  const ageMs = now.getTime() - visit.visitedAt.getTime();
  // The same look-back a manager's report is judged by (超期补报, lib/visits/backfill-rules.ts).
  if (isBeyondLookBack(visit.visitedAt, now, policy.excludeOlderThanDays)) {
    return {
      ...base,
      sampled: false,
      eligible: false,
      reasonCode: REASONS.excludedOld,
      reasonParams: { days: policy.excludeOlderThanDays, ageDays: Math.floor(ageMs / DAY_MS) },
    };
  }
  if (!visit.hasContactPhone) {
    return { ...base, sampled: false, eligible: false, reasonCode: REASONS.excludedNoPhone, reasonParams: {} };
  }
  if (policy.alwaysSampleFlagged && visit.flags.length > 0) {
    return { ...base, sampled: true, eligible: true, reasonCode: REASONS.flagged, reasonParams: { flags: [...visit.flags].sort().join(',') } };
  }
  const rate = effectiveRate(policy, visit.customerClass, invalidLastMonth);
  const sampled = draw < rate / 100;
  const baseRate = policy.ratePercent[visit.customerClass];
  // Kept short (a million rows a month): the threshold follows from the rate; the multiplier is
  // only mentioned when it raised the rate.
  const reasonParams: ReasonParams = { class: visit.customerClass, rate, draw: formatDraw(draw) };
  if (invalidLastMonth && rate !== baseRate) Object.assign(reasonParams, { baseRate, multiplier: policy.invalidLastMonthMultiplier, raised: 'yes' });
  return { ...base, sampled, eligible: true, reasonCode: sampled ? REASONS.rate : REASONS.notDrawn, reasonParams };
}

/** A decision of the manager-month as far as the top-up is concerned (stored earlier or just made). */
export interface TopUpCandidate {
  visitId: string;
  draw: number;
  sampled: boolean;
  eligible: boolean;
}

export interface TopUp {
  visitId: string;
  reasonParams: ReasonParams;
}

/**
 * The per-manager-month minimum: if fewer than min(minimum, eligible visits) are sampled, the
 * unsampled eligible visits are added in ascending draw order (visit id breaks a tie). With fewer
 * eligible visits than the minimum, all of them end up sampled. Returns only the visits to add.
 */
export function topUpManagerMonth(decisions: readonly TopUpCandidate[], minimum: number): TopUp[] {
  const eligible = decisions.filter((d) => d.eligible);
  const sampled = eligible.filter((d) => d.sampled).length;
  const target = Math.min(minimum, eligible.length);
  const need = target - sampled;
  if (need <= 0) return [];
  return eligible
    .filter((d) => !d.sampled)
    .sort((a, b) => a.draw - b.draw || (a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0))
    .slice(0, need)
    .map((d, i) => ({
      visitId: d.visitId,
      reasonParams: { min: minimum, sampledBefore: sampled, rank: i + 1, draw: formatDraw(d.draw) },
    }));
}

/**
 * Decides the undecided visits of one manager-month and, once the month is over, tops it up to
 * the minimum. The top-up waits for the month's end because it chooses by draw order among all
 * of the month's visits: deciding it earlier would make the result depend on the order visits
 * arrived in, and the real-time path and the batch would then disagree.
 *
 * Returns the new decisions (top-ups among them already applied) and the stored decisions to turn
 * from "not drawn" into "sampled to reach the minimum" — only ever that way round, so a callback
 * once created is never withdrawn.
 */
export function decideManagerMonth(args: {
  undecided: readonly VisitFacts[];
  /** Decisions stored earlier for the same manager-month. */
  existing: readonly TopUpCandidate[];
  /** The policy version in force on a visit's day and the rest of what deciding needs. */
  inputFor: (visit: VisitFacts) => DecisionInput;
  /** Minimum per manager per month (policy in force on the month's last day); null before the month is over. */
  topUpMinimum: number | null;
}): { decisions: Decision[]; flips: TopUp[] } {
  const decisions = args.undecided.map((v) => decideVisit(v, args.inputFor(v)));
  if (args.topUpMinimum === null) return { decisions, flips: [] };
  const topUps = new Map(topUpManagerMonth([...args.existing, ...decisions], args.topUpMinimum).map((t) => [t.visitId, t]));
  const fresh = new Set(decisions.map((d) => d.visitId));
  return {
    decisions: decisions.map((d) => {
      const t = topUps.get(d.visitId);
      return t ? { ...d, sampled: true, reasonCode: REASONS.topUp, reasonParams: { ...d.reasonParams, ...t.reasonParams } } : d;
    }),
    flips: [...topUps.values()].filter((t) => !fresh.has(t.visitId)),
  };
}
