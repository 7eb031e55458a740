import type { SpotCheckFinding } from '@/lib/spot-checks/finding-rules';
import type { CallbackEvidence } from '@/lib/verdicts/callback-evidence';
import type { DisputeDecision, DisputeState, DisputeSubject, DisputeSubjectKind } from './schemas';

/**
 * What the dispute verbs return to pages. Dates are Date objects; the page formats them in the
 * reader's time zone. Staff-only parts are absent (undefined) in a manager's or supervisor's view.
 */

export interface DisputeListRow {
  id: string;
  /** The disputed visit (a verdict or finding), else null. */
  visitId: string | null;
  /** The disputed spot-check item (subject 'spot_check'), else null. */
  spotCheckItemId: string | null;
  managerId: string;
  managerName: string;
  unitName: string | null;
  customerName: string;
  /** The visit's time, or for a spot-check finding the time the visit was planned. */
  visitedAt: Date;
  month: string;
  subject: DisputeSubjectKind;
  findingCode: string | null;
  state: DisputeState;
  filedAt: Date;
  respondBy: Date;
  /** Undecided past respondBy: highlighted in lists. */
  overdue: boolean;
  decidedAt: Date | null;
}

export interface DisputeList {
  rows: DisputeListRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Counts by state within the actor's scope (for the filter tabs), and overdue undecided ones. */
  counts: Record<DisputeState, number> & { overdue: number };
}

export interface AttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Authorised route streaming the file (never a public URL). */
  href: string;
}

export interface DisputeTimelineEntry {
  at: Date;
  action: string;
  actorName: string | null;
  /** A re-callback's cancellation: the reason recorded on it. */
  note: string | null;
}

/** The callbacks' evidence, as one loader reads it for the dispute review and the verdict's evidence. */
export type { CallbackEvidence, CallView } from '@/lib/verdicts/callback-evidence';

/** What every dispute's page shows, whatever its subject. */
export interface DisputeDetailBase {
  id: string;
  state: DisputeState;
  reason: string;
  filedAt: Date;
  respondBy: Date;
  overdue: boolean;
  month: string;
  manager: { id: string; name: string; unitName: string | null };
  attachments: AttachmentView[];
  reviewer: { id: string; name: string } | null;
  decision: { decision: DisputeDecision; comment: string; decidedBy: string; decidedAt: Date } | null;
  withdrawnAt: Date | null;
  /** Staff only: every step from the audit log. */
  timeline?: DisputeTimelineEntry[];
  /** What the actor may do now (the verbs check again). */
  can: { withdraw: boolean; startReview: boolean; orderRecallback: boolean; decide: boolean };
  /** Why this staff member may not review (they made the disputed call), else null. */
  reviewBlockedReason: string | null;
  /**
   * Staff only (else null): the re-callback ordered for this dispute and not done yet — what the
   * decision form warns about, since deciding cancels it.
   */
  pendingRecallback: PendingRecallback | null;
}

/** A visit's dispute: its verdict, or one data-check finding. */
export interface DisputeDetail extends DisputeDetailBase {
  subject: DisputeSubject;
  findingCode: string | null;
  visit: {
    id: string;
    customerName: string;
    customerClass: string;
    type: 'on_site' | 'phone';
    visitedAt: Date;
    reportedAt: Date;
    place: string | null;
    purpose: string | null;
    /** phone as lib/contacts/phone-visibility shows it to the reader (masked unless they claim the customer now). */
    contacts: { name: string; phone: string }[];
  };
  /** The verdict disputed (as filed) and the verdict in force now. */
  disputedVerdict: { version: number; status: string; reasons: { code: string; params: Record<string, string | number> }[] };
  currentVerdict: { version: number; status: string; reasons: { code: string; params: Record<string, string | number> }[] } | null;
  findings: { code: string; severity: string; params: Record<string, string | number> }[];
  /** Staff only: the callbacks of the visit (sampled and re-callbacks) with answers and calls. */
  callbacks?: CallbackEvidence[];
}

/** One checked customer of a spot check (电话抽查), as a dispute of its finding shows it. */
export interface SpotCheckFacts {
  itemId: string;
  spotCheckId: string;
  /** The day checked, 'YYYY-MM-DD' (APP_TIMEZONE). */
  day: string;
  /** The manager-day's result as it stands (到位 / 拜访不全 / 未拜访), null while open. */
  dayResult: 'on_site' | 'incomplete' | 'none' | null;
  customerName: string;
  customerClass: string;
  /** When the manager planned to visit (计划拜访时间). */
  plannedAt: Date;
  place: string | null;
  purpose: string | null;
  /** The contact the plan names. */
  contactName: string | null;
  /** The finding as it stands now (a dispute is always filed against not_visited). */
  finding: SpotCheckFinding | null;
  findingAt: Date | null;
  /** A visit report of this customer filed later that day, shown beside the finding. */
  matchedVisit: { id: string; visitedAt: Date } | null;
}

/** A dispute of a spot-check finding (电话抽查发现未拜访). */
export interface SpotCheckDisputeDetail extends DisputeDetailBase {
  subject: 'spot_check';
  spotCheck: SpotCheckFacts;
  /**
   * The spot check's callbacks (the day's, then the re-callbacks): staff everything (agents,
   * status histories, recordings); the manager and supervisor those over, without agents' names,
   * status histories or recordings — as a verdict's evidence.
   */
  callbacks: CallbackEvidence[];
  /** Whether the callbacks are the department's full view. */
  fullEvidence: boolean;
}

/** Any dispute's page. */
export type AnyDisputeDetail = DisputeDetail | SpotCheckDisputeDetail;

/** For the manager's filing page of a spot-check finding: whether it may be disputed, until when, and what it rests on. */
export interface SpotCheckDisputeEligibility {
  canDispute: boolean;
  windowEndsAt: Date | null;
  /** Catalogue key under errors.* when it may not be disputed (not a finding, window over, one open, decided). */
  blockedBy: string | null;
  openDisputeId: string | null;
  decidedDisputeId: string | null;
  spotCheck: SpotCheckFacts;
  /** The calls the finding rests on, as a manager reads them (those over; no agent names or recordings). */
  callbacks: CallbackEvidence[];
  maxAttachments: number;
  maxAttachmentBytes: number;
}

/** A dispute's re-callback not done yet: its state, the attempts made so far, who holds it. */
export interface PendingRecallback {
  taskId: string;
  state: 'waiting' | 'ready' | 'held';
  attempts: number;
  nextAttemptAt: Date;
  appointmentAt: Date | null;
  /** The agent working it now (held), else null. */
  holderName: string | null;
}

/** For a manager's visit page: whether and what they may dispute, and until when. */
export interface DisputeEligibility {
  canDispute: boolean;
  /** Subjects open to dispute: the verdict (when invalid) and each finding code. */
  subjects: { subject: DisputeSubject; findingCode: string | null }[];
  windowEndsAt: Date | null;
  /** Catalogue key under errors.disputes.* when none can be disputed (window over, not invalid, one open …). */
  blockedBy: string | null;
  openDisputeId: string | null;
  /** The latest decided dispute of the visit (its decision closes its ground), else null. */
  decidedDisputeId: string | null;
  maxAttachments: number;
  maxAttachmentBytes: number;
}
