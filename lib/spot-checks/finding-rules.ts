/**
 * 电话抽查 (拜访到位率): what a spot check finds, what a manager-day costs, and when a manager is
 * flagged 建议调离. Pure: the callbacks, the dispute decision and the policy's numbers come in;
 * lib/spot-checks/evaluate.ts reads them and writes what these rules decide.
 */

export const SPOT_CHECK_FINDINGS = ['visited', 'not_visited', 'unreachable', 'unverified'] as const;
export type SpotCheckFinding = (typeof SPOT_CHECK_FINDINGS)[number];

export const SPOT_CHECK_RESULTS = ['on_site', 'incomplete', 'none'] as const;
/** on_site 到位, incomplete 拜访不全, none 未拜访. */
export type SpotCheckResult = (typeof SPOT_CHECK_RESULTS)[number];

export type CallbackState = 'waiting' | 'ready' | 'held' | 'closed' | 'unreachable' | 'cancelled';

/** One callback that asked the customer of a spot-check item, as the finding reads it. */
export interface SpotCheckCallback {
  /** 'sampled': the day's draw; 'recheck': a re-callback a dispute's reviewer ordered. */
  origin: 'sampled' | 'recheck';
  state: CallbackState;
  /** The final outcome once closed (null while open, and for a cancelled or expired task). */
  outcome: string | null;
  /** The scored result of its completed attempt (callback_results.result), if one was scored. */
  result: 'valid' | 'invalid' | null;
  /** When it ended; orders the rechecks (the latest completed one stands). */
  closedAt: Date | null;
}

/**
 * The finding one callback gives, or null while it is still open.
 * - completed and scored valid → visited; scored invalid (the customer says the manager did not
 *   come) → not_visited;
 * - unreachable (no contact after the allowed attempts: not in, phone off) → unreachable, which
 *   counts as visited (客户经理拜访到位率考核办法: confirmed absence is never against the manager);
 * - closed any other way (refused, wrong person, number invalid, partial, a completed call left
 *   unscored), cancelled by staff or expired past its deadline → unverified: nothing was learnt,
 *   so nothing is held against the manager.
 */
export function callbackFinding(cb: Pick<SpotCheckCallback, 'state' | 'outcome' | 'result'>): SpotCheckFinding | null {
  switch (cb.state) {
    case 'waiting':
    case 'ready':
    case 'held':
      return null;
    case 'unreachable':
      return 'unreachable';
    case 'cancelled':
      return 'unverified';
    case 'closed':
      if (cb.outcome === 'completed' && cb.result === 'valid') return 'visited';
      if (cb.outcome === 'completed' && cb.result === 'invalid') return 'not_visited';
      return 'unverified';
  }
}

/** A decided dispute of the item's finding: the department's decision stands over the calls. */
export type DisputeDecision = 'upheld' | 'overturned' | null;

export interface ItemFindingInput {
  callbacks: readonly SpotCheckCallback[];
  /** The latest decided dispute of this item (null: none decided). */
  dispute: DisputeDecision;
}

export interface ItemFinding {
  finding: SpotCheckFinding;
  /** What decided it: the day's callback, a dispute's re-callback, or the dispute's decision. */
  source: 'callback' | 'recheck' | 'dispute';
}

/**
 * The finding that stands for one checked customer, or null while it is still open:
 * 1. a decided dispute: overturned → visited (the finding is withdrawn); upheld → not_visited
 *    (only a not_visited finding can be disputed, and upholding keeps it);
 * 2. else the latest recheck that completed with a scored result supersedes the first callback —
 *    another agent asked the customer again, and that answer is the newer evidence;
 * 3. else the sampled callback's finding (null while it is open). A recheck still open, or one
 *    that ended without an answer, changes nothing.
 */
export function itemFinding(input: ItemFindingInput): ItemFinding | null {
  if (input.dispute === 'overturned') return { finding: 'visited', source: 'dispute' };
  if (input.dispute === 'upheld') return { finding: 'not_visited', source: 'dispute' };
  const rechecks = input.callbacks
    .filter((c) => c.origin === 'recheck' && c.state === 'closed' && c.outcome === 'completed' && c.result !== null)
    .sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0));
  if (rechecks.length > 0) return { finding: callbackFinding(rechecks[0])!, source: 'recheck' };
  const sampled = input.callbacks.find((c) => c.origin === 'sampled');
  if (!sampled) return null;
  const finding = callbackFinding(sampled);
  return finding ? { finding, source: 'callback' } : null;
}

/** The yuan amounts of the spotCheck policy in force on the checked day. */
export interface PenaltyPolicy {
  /** 拜访不全: yuan per customer found not visited (default 50). */
  penaltyIncompletePerFindingYuan: number;
  /** 未拜访: yuan for the day (default 100). */
  penaltyNoneYuan: number;
}

export interface DayResult {
  result: SpotCheckResult;
  /** Checked customers found not visited. */
  findings: number;
  penaltyYuan: number;
}

/**
 * The manager-day's result once every checked customer has a finding (null while any is open, or
 * for a day with no customer checked):
 * - no not_visited → on_site 到位. This includes a day whose every customer was unreachable or
 *   unverified: nothing was found against the manager, so the day stands as 到位 (unreachable
 *   counts as visited, and an unanswered question proves nothing);
 * - every checked customer not_visited → none 未拜访, penaltyNoneYuan for the day;
 * - otherwise incomplete 拜访不全, penaltyIncompletePerFindingYuan × findings.
 */
export function dayResult(findings: readonly (SpotCheckFinding | null)[], policy: PenaltyPolicy): DayResult | null {
  if (findings.length === 0 || findings.some((f) => f === null)) return null;
  const notVisited = findings.filter((f) => f === 'not_visited').length;
  if (notVisited === 0) return { result: 'on_site', findings: 0, penaltyYuan: 0 };
  if (notVisited === findings.length) return { result: 'none', findings: notVisited, penaltyYuan: policy.penaltyNoneYuan };
  return { result: 'incomplete', findings: notVisited, penaltyYuan: policy.penaltyIncompletePerFindingYuan * notVisited };
}

/** The penalty a manager-day should carry in the ledger (none for on_site or a zero amount). */
export interface DesiredPenalty {
  /** The cause key: the day's result ('incomplete' | 'none'). */
  cause: Exclude<SpotCheckResult, 'on_site'>;
  amountYuan: number;
  causeParams: Record<string, string | number>;
}

export function desiredPenalty(day: DayResult | null, policy: PenaltyPolicy): DesiredPenalty | null {
  if (!day || day.result === 'on_site' || day.penaltyYuan <= 0) return null;
  const causeParams: Record<string, string | number> =
    day.result === 'none' ? { findings: day.findings, yuan: policy.penaltyNoneYuan } : { findings: day.findings, perFindingYuan: policy.penaltyIncompletePerFindingYuan };
  return { cause: day.result, amountYuan: day.penaltyYuan, causeParams };
}

/** An entry of the manager-day already in penalty_ledger. */
export interface LedgerEntry {
  id: number;
  kind: 'penalty' | 'reversal';
  amountYuan: number;
  cause: string;
  reverses: number | null;
}

export interface NewLedgerEntry {
  kind: 'penalty' | 'reversal';
  amountYuan: number;
  cause: string;
  causeParams: Record<string, string | number>;
  /** For a reversal: the penalty entry it undoes. */
  reverses: number | null;
}

/**
 * The entries to append so the manager-day's ledger says what is owed now, never editing one:
 * penalties not yet reversed "stand"; one standing penalty of the same cause and amount as the
 * desired one is kept (so evaluating again with nothing changed appends nothing); every other
 * standing penalty is reversed (a negative entry pointing at it), then the desired penalty is
 * added if no standing one already says it. The ledger's sum is then the desired amount.
 */
export function penaltyLedgerDelta(desired: DesiredPenalty | null, existing: readonly LedgerEntry[]): NewLedgerEntry[] {
  const reversed = new Set(existing.filter((e) => e.kind === 'reversal' && e.reverses !== null).map((e) => e.reverses));
  const standing = existing.filter((e) => e.kind === 'penalty' && !reversed.has(e.id)).sort((a, b) => a.id - b.id);
  const kept = desired ? standing.find((e) => e.cause === desired.cause && e.amountYuan === desired.amountYuan) : undefined;
  const out: NewLedgerEntry[] = standing
    .filter((e) => e !== kept)
    .map((e) => ({ kind: 'reversal', amountYuan: -e.amountYuan, cause: e.cause, causeParams: { reason: 'resultChanged' }, reverses: e.id }));
  if (desired && !kept) out.push({ kind: 'penalty', amountYuan: desired.amountYuan, cause: desired.cause, causeParams: desired.causeParams, reverses: null });
  return out;
}

/** The flag's policy: findings counted over the window, and the count that raises it. */
export interface FlagPolicy {
  flagThreshold: number;
  flagWindowDays: number;
}

/** Days are 'YYYY-MM-DD'; whole-day arithmetic in UTC, the zone-free calendar of a local day. */
function addDays(day: string, delta: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}

/**
 * The checked days whose findings count towards a removal flag on `today`: the policy window
 * ending today (flagWindowDays days, today included), and only days after the local day a
 * previous flag was cleared — staff clearing a flag have dealt with the findings that raised it,
 * so the count starts again (otherwise the next evaluation would raise it again at once).
 */
export function flagWindow(today: string, policy: FlagPolicy, lastClearedDay: string | null): { from: string; to: string } {
  const start = addDays(today, -(policy.flagWindowDays - 1));
  const afterClear = lastClearedDay ? addDays(lastClearedDay, 1) : null;
  return { from: afterClear && afterClear > start ? afterClear : start, to: today };
}

/** A removal flag is raised when the findings in the window reach the threshold and none is open. */
export function flagDue(input: { findingsInWindow: number; hasOpenFlag: boolean; policy: FlagPolicy }): boolean {
  return !input.hasOpenFlag && input.findingsInWindow >= input.policy.flagThreshold;
}
