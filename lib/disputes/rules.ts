import { endOfWorkingDays, type CallingCalendar } from '@/lib/calling/calendar';
import type { SpotCheckFinding } from '@/lib/spot-checks/finding-rules';
import type { DisputeDecision, DisputeState, DisputeSubject } from './schemas';

/**
 * The pure rules of disputes (申诉): the filing window, the department's response deadline in
 * working days, overdue, what may be disputed, and the state machine. No clock, no I/O.
 */

const DAY_MS = 86_400_000;

/** The last instant a verdict published at `publishedAt` may be disputed (exclusive). */
export function windowEndsAt(publishedAt: Date, windowDays: number): Date {
  return new Date(publishedAt.getTime() + windowDays * DAY_MS);
}

export function withinWindow(publishedAt: Date, windowDays: number, now: Date): boolean {
  return now.getTime() < windowEndsAt(publishedAt, windowDays).getTime();
}

/**
 * The department's response deadline: the end of the Nth working day after the filing day, by the
 * calling calendar (lib/calling/calendar.ts, `endOfWorkingDays`).
 */
export function respondBy(filedAt: Date, workingDays: number, calendar: CallingCalendar, timeZone: string): Date {
  return endOfWorkingDays(filedAt, workingDays, calendar, timeZone);
}

export const UNDECIDED_STATES: readonly DisputeState[] = ['open', 'under_review'];
export const FINAL_STATES: readonly DisputeState[] = ['upheld', 'overturned', 'withdrawn'];

export const isUndecided = (state: DisputeState) => UNDECIDED_STATES.includes(state);

/** Undecided past the response deadline: highlighted in lists. */
export function isOverdue(state: DisputeState, respondByAt: Date, now: Date): boolean {
  return isUndecided(state) && now.getTime() >= respondByAt.getTime();
}

/** What moves a dispute. */
export type DisputeCommand =
  | { kind: 'startReview' }
  | { kind: 'orderRecallback' }
  | { kind: 'decide'; decision: DisputeDecision }
  | { kind: 'withdraw' };

export type TransitionOutcome = { ok: true; next: DisputeState } | { ok: false; code: string };

/**
 * open → under_review (a reviewer starts, or orders a re-callback) → upheld | overturned;
 * open | under_review → withdrawn (by the manager). Decided and withdrawn disputes are final.
 * Starting a review of one under review hands it to the new reviewer; a decision may be made
 * straight from open.
 */
export function disputeTransition(state: DisputeState, command: DisputeCommand): TransitionOutcome {
  if (state === 'upheld' || state === 'overturned') return { ok: false, code: 'disputes.alreadyDecided' };
  if (state === 'withdrawn') return { ok: false, code: 'disputes.alreadyWithdrawn' };
  switch (command.kind) {
    case 'startReview':
    case 'orderRecallback':
      return { ok: true, next: 'under_review' };
    case 'decide':
      return { ok: true, next: command.decision };
    case 'withdraw':
      return { ok: true, next: 'withdrawn' };
  }
}

/** A dispute of the visit so far, as the eligibility rules read it. */
export interface PastDispute {
  id: string;
  state: DisputeState;
  subject: DisputeSubject;
  findingCode: string | null;
  /**
   * The findings it is about (lib/verdicts/dispute-grounds.ts): the finding disputed, or those the disputed
   * verdict rested on. Defaults to the finding disputed (none for a verdict).
   */
  groundFindings?: readonly string[];
}

/** What a dispute is decided on: the verdict in force and the visit's disputes so far. */
export interface EligibilityFacts {
  /** The verdict in force (latest version), or null when the visit has none yet. */
  verdict: { status: string; final: boolean; publishedAt: Date | null; reasons?: readonly { code: string }[] } | null;
  /** The visit's current finding codes. */
  findingCodes: readonly string[];
  /** The visit's disputes so far. */
  disputes: readonly PastDispute[];
  windowDays: number;
  now: Date;
}

export interface Eligibility {
  /** What may be disputed now (empty when `blockedBy` is set). */
  subjects: { subject: DisputeSubject; findingCode: string | null }[];
  windowEndsAt: Date | null;
  /** Catalogue key under errors.* of why nothing may be disputed, else null. */
  blockedBy: string | null;
  openDisputeId: string | null;
  /** The latest decided dispute of the visit (upheld or overturned), else null. */
  decidedDisputeId: string | null;
}

const isDecided = (d: PastDispute) => d.state === 'upheld' || d.state === 'overturned';
const groundOf = (d: PastDispute): readonly string[] => d.groundFindings ?? (d.subject === 'finding' && d.findingCode ? [d.findingCode] : []);

/**
 * The grounds a decision has closed: a decided dispute (upheld or overturned) closes its ground
 * to a second dispute — its findings, and the verdict when it was the verdict disputed. The
 * verdict in force is closed too when every reason it rests on is a finding already decided (an
 * upheld finding dispute leaves nothing new to contest in the verdict it makes invalid).
 */
export function closedGrounds(f: Pick<EligibilityFacts, 'verdict' | 'disputes'>): { verdict: boolean; findings: Set<string> } {
  const decided = f.disputes.filter(isDecided);
  const findings = new Set(decided.flatMap((d) => [...groundOf(d)]));
  const reasons = f.verdict?.reasons ?? [];
  const restsOnDecidedFindings = reasons.length > 0 && reasons.every((r) => r.code.startsWith('finding.') && findings.has(r.code.slice('finding.'.length)));
  return { verdict: decided.some((d) => d.subject === 'verdict') || restsOnDecidedFindings, findings };
}

/**
 * What of a visit its manager may dispute now: the verdict when it is invalid, each current
 * finding — once the verdict in force is final and published, within the window after its
 * publication, with no dispute of the visit undecided, and not a ground a decision has closed.
 */
export function disputeEligibility(f: EligibilityFacts): Eligibility {
  const open = f.disputes.find((d) => isUndecided(d.state));
  const decided = f.disputes.filter(isDecided);
  const decidedDisputeId = decided.at(-1)?.id ?? null;
  const published = f.verdict?.final && f.verdict.publishedAt ? f.verdict.publishedAt : null;
  const ends = published ? windowEndsAt(published, f.windowDays) : null;
  const blocked = (code: string): Eligibility => ({ subjects: [], windowEndsAt: ends, blockedBy: code, openDisputeId: open?.id ?? null, decidedDisputeId });
  if (!published) return blocked('disputes.verdictNotPublished');
  if (open) return blocked('disputes.alreadyOpen');
  if (!withinWindow(published, f.windowDays, f.now)) return blocked('disputes.windowOver');
  const closed = closedGrounds(f);
  const candidates: { subject: DisputeSubject; findingCode: string | null }[] = [];
  if (f.verdict!.status === 'invalid') candidates.push({ subject: 'verdict', findingCode: null });
  for (const code of f.findingCodes) candidates.push({ subject: 'finding', findingCode: code });
  const subjects = candidates.filter((c) => (c.subject === 'verdict' ? !closed.verdict : !closed.findings.has(c.findingCode ?? '')));
  if (subjects.length === 0) {
    return blocked(candidates.length > 0 || decided.length > 0 ? 'disputes.subjectDecided' : 'disputes.nothingToDispute');
  }
  return { subjects, windowEndsAt: ends, blockedBy: null, openDisputeId: null, decidedDisputeId };
}

/**
 * Why this subject may not be disputed now (a catalogue key and its parameters), or null. The
 * order of the checks is what a manager is told first: a ground already decided says so, even
 * when its finding has since been waived.
 */
export function subjectRefusal(
  f: EligibilityFacts,
  subject: DisputeSubject,
  findingCode: string | null,
): { code: string; field: 'subject' | 'findingCode' | 'visitId'; conflict: boolean } | null {
  const e = disputeEligibility(f);
  if (e.blockedBy === 'disputes.verdictNotPublished') return { code: e.blockedBy, field: 'visitId', conflict: false };
  if (e.blockedBy === 'disputes.alreadyOpen') return { code: e.blockedBy, field: 'visitId', conflict: true };
  if (e.blockedBy === 'disputes.windowOver') return { code: e.blockedBy, field: 'visitId', conflict: false };
  const closed = closedGrounds(f);
  if (subject === 'verdict' ? closed.verdict : closed.findings.has(findingCode ?? '')) {
    return { code: 'disputes.subjectDecided', field: subject === 'finding' ? 'findingCode' : 'subject', conflict: true };
  }
  if (subject === 'verdict' && f.verdict!.status !== 'invalid') return { code: 'disputes.verdictNotInvalid', field: 'subject', conflict: false };
  if (subject === 'finding' && !f.findingCodes.includes(findingCode ?? '')) return { code: 'disputes.findingNotCurrent', field: 'findingCode', conflict: false };
  return null;
}

/** What a spot-check finding's dispute is decided on: the item's finding as it stands, and its disputes so far. */
export interface SpotCheckEligibilityFacts {
  /** The checked customer's finding as it stands (spot_check_items.finding), null while the callback is open. */
  finding: SpotCheckFinding | null;
  /** When that finding was made (spot_check_items.finding_at): the window counts from it. */
  findingAt: Date | null;
  /** The item's disputes so far, oldest first. */
  disputes: readonly { id: string; state: DisputeState }[];
  windowDays: number;
  now: Date;
}

export interface SpotCheckEligibility {
  canDispute: boolean;
  windowEndsAt: Date | null;
  /** Catalogue key under errors.* of why it may not be disputed, else null. */
  blockedBy: string | null;
  openDisputeId: string | null;
  /** The latest decided dispute of the item (its decision closes the finding to a second dispute), else null. */
  decidedDisputeId: string | null;
}

/**
 * Whether a manager may dispute a spot-check finding (电话抽查发现未拜访) now. Checked in the order
 * a manager is told: a dispute already open (with its link); a decision already made (an
 * overturned finding no longer stands, an upheld one is final); only a `not_visited` finding may
 * be disputed (visited, unreachable and unverified are never against the manager); and within the
 * window of the disputes policy after the finding was made.
 */
export function spotCheckDisputeEligibility(f: SpotCheckEligibilityFacts): SpotCheckEligibility {
  const open = f.disputes.find((d) => isUndecided(d.state));
  const decided = f.disputes.filter((d) => d.state === 'upheld' || d.state === 'overturned').at(-1);
  const ends = f.findingAt && f.finding === 'not_visited' ? windowEndsAt(f.findingAt, f.windowDays) : null;
  const result = (blockedBy: string | null): SpotCheckEligibility => ({
    canDispute: blockedBy === null,
    windowEndsAt: ends,
    blockedBy,
    openDisputeId: open?.id ?? null,
    decidedDisputeId: decided?.id ?? null,
  });
  if (open) return result('disputes.alreadyOpen');
  if (decided) return result('disputes.subjectDecided');
  if (f.finding !== 'not_visited' || !f.findingAt) return result('disputes.spotCheckNotAFinding');
  if (!withinWindow(f.findingAt, f.windowDays, f.now)) return result('disputes.windowOver');
  return result(null);
}

/** Why a spot-check finding may not be disputed now, as a refusal of the filing verb, or null. */
export function spotCheckRefusal(f: SpotCheckEligibilityFacts): { code: string; conflict: boolean } | null {
  const { blockedBy } = spotCheckDisputeEligibility(f);
  if (!blockedBy) return null;
  return { code: blockedBy, conflict: blockedBy === 'disputes.alreadyOpen' || blockedBy === 'disputes.subjectDecided' };
}
