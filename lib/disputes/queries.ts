import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { customers, disputeAttachments, disputes, spotCheckItems, units, users, visitReports } from '@/db/schema';
import { rows } from '@/lib/platform/core/sql';
import { assertRole, seesEverything } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import type { VisitType } from '@/lib/scripts/definition';
import { visitContextOf } from '@/lib/scripts/context';
import { storage } from '@/lib/platform/storage/storage';
import { customersClaimedNow, shownPhone } from '@/lib/contacts/phone-visibility';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { callbackAgentsOf, loadDisputeInScope, targetOf, type DisputeRow, type DisputeTarget } from './access';
import { loadSpotCheckItem, spotCheckContext, spotCheckFactsOf } from './spot-check';
import { loadCallbackEvidence, loadSpotCheckCallbackEvidence } from '@/lib/verdicts/callback-evidence';
import { loadEligibility, loadVisit } from './file';
import { disputeEligibility, isOverdue, isUndecided } from './rules';
import {
  attachmentIdInput,
  DISPUTE_STATES,
  disputeIdInput,
  listDisputesInput,
  visitIdInput,
  type DisputeIdInput,
  type DisputeState,
  type DisputeSubject,
  type ListDisputesInput,
} from './schemas';
import type {
  AnyDisputeDetail,
  AttachmentView,
  CallbackEvidence,
  DisputeDetail,
  DisputeDetailBase,
  DisputeEligibility,
  DisputeList,
  DisputeListRow,
  DisputeTimelineEntry,
  PendingRecallback,
  SpotCheckDisputeDetail,
} from './views';
import { parseInput } from '@/lib/platform/core/parse-input';
import { pagedList } from '@/lib/platform/core/paged-list';
import { manualResultSql, withManualMark } from '@/lib/verdicts/manual';

/**
 * Reading disputes: lists and one dispute with its evidence, in the actor's scope (a manager their
 * own, a supervisor their unit's, staff and admin all; anything else is "not found"). Staff also
 * get the callbacks (answers, score and script version, calls and their status history) and the
 * timeline from the audit log. Contact phones are masked; recordings and attachments are served
 * through authorised routes only.
 */
const READERS = ['manager', 'supervisor', 'staff', 'admin'] as const;
const PAGE_SIZE = 50;

function scopeCondition(actor: Actor): SQL | undefined {
  return managerRecordsCondition(actor, disputes.managerId);
}

const UNDECIDED_SQL = sql`${disputes.state} in ('open', 'under_review')`;

export async function listDisputes({ ctx, input }: { ctx: Ctx; input: ListDisputesInput }): Promise<DisputeList> {
  assertRole(ctx.actor, ...READERS);
  const f = parseInput(listDisputesInput, input);
  const now = ctx.now();
  const page = f.page ?? 1;
  const state = f.state ?? 'active';
  const overdueSql = sql`(${UNDECIDED_SQL} and ${disputes.respondBy} <= ${now.toISOString()}::timestamptz)`;
  // The tabs count within the scope, month and manager; the state and overdue filters pick rows.
  const base: (SQL | undefined)[] = [
    scopeCondition(ctx.actor),
    f.month ? eq(disputes.month, f.month) : undefined,
    f.managerId && ctx.actor.role !== 'manager' ? eq(disputes.managerId, f.managerId) : undefined,
  ];
  const filters: (SQL | undefined)[] = [
    ...base,
    state === 'active' ? UNDECIDED_SQL : state === 'all' ? undefined : eq(disputes.state, state),
    f.overdue ? overdueSql : undefined,
  ];
  const where = and(...filters);
  const [list, byState] = await Promise.all([
    pagedList(
      { page, pageSize: PAGE_SIZE },
      ctx.db
        .select({
          id: disputes.id,
          visitId: disputes.visitId,
          spotCheckItemId: disputes.spotCheckItemId,
          managerId: disputes.managerId,
          managerName: users.displayName,
          unitName: units.name,
          customerName: customers.name,
          // The visit's time, or for a spot-check finding the time the visit was planned.
          visitedAt: sql<Date>`coalesce(${visitReports.visitedAt}, ${spotCheckItems.plannedAt})`.mapWith(visitReports.visitedAt),
          month: disputes.month,
          subject: disputes.subject,
          findingCode: disputes.findingCode,
          state: disputes.state,
          filedAt: disputes.filedAt,
          respondBy: disputes.respondBy,
          decidedAt: disputes.decidedAt,
        })
        .from(disputes)
        .innerJoin(users, eq(users.id, disputes.managerId))
        .leftJoin(units, eq(units.id, disputes.unitId))
        .leftJoin(visitReports, eq(visitReports.id, disputes.visitId))
        .leftJoin(spotCheckItems, eq(spotCheckItems.id, disputes.spotCheckItemId))
        .innerJoin(customers, eq(customers.id, sql`coalesce(${visitReports.customerId}, ${spotCheckItems.customerId})`))
        .where(where)
        // Undecided first, the most urgent deadline first; then the newest.
        .orderBy(desc(UNDECIDED_SQL), asc(sql`case when ${UNDECIDED_SQL} then ${disputes.respondBy} end`), desc(disputes.filedAt), asc(disputes.id))
        .$dynamic(),
      ctx.db.select({ total: count() }).from(disputes).where(where),
    ),
    ctx.db
      .select({ state: disputes.state, n: count(), overdue: sql<number>`count(*) filter (where ${overdueSql})`.mapWith(Number) })
      .from(disputes)
      .where(and(...base))
      .groupBy(disputes.state),
  ]);
  const counts = Object.fromEntries(DISPUTE_STATES.map((s) => [s, 0])) as DisputeList['counts'];
  counts.overdue = 0;
  for (const r of byState) {
    counts[r.state] = r.n;
    counts.overdue += r.overdue;
  }
  const listRows: DisputeListRow[] = list.rows.map((r) => ({ ...r, overdue: isOverdue(r.state, r.respondBy, now) }));
  return { ...list, rows: listRows, counts };
}

type Reasons = { code: string; params: Record<string, string | number> }[];

/**
 * One dispute with what its reader may see of the evidence, and what they may do now, whatever
 * its subject: a visit's verdict or finding, or a spot-check finding.
 */
export async function readDispute({ ctx, input }: { ctx: Ctx; input: DisputeIdInput }): Promise<AnyDisputeDetail> {
  assertRole(ctx.actor, ...READERS);
  const { disputeId } = parseInput(disputeIdInput, input);
  const d = await loadDisputeInScope(ctx.db, ctx.actor, disputeId);
  const target = targetOf(d);
  if (target.kind === 'spot_check') return spotCheckDisputeDetail(ctx, d, target.spotCheckItemId);
  return visitDisputeDetail(ctx, d, d.subject as DisputeSubject, target.visitId);
}

/** A visit's dispute (its verdict or one finding); a spot-check finding's dispute reads as absent here (readDispute reads both). */
export async function getDispute({ ctx, input }: { ctx: Ctx; input: DisputeIdInput }): Promise<DisputeDetail> {
  const detail = await readDispute({ ctx, input });
  if (detail.subject === 'spot_check') throw new NotFoundError();
  return detail;
}

/**
 * What every dispute's page shows: manager, reviewer, decision, files, the re-callback pending,
 * staff's timeline, and what the reader may do (a reviewer who made the disputed call may not).
 */
async function disputeBase(ctx: Ctx, d: DisputeRow, target: DisputeTarget): Promise<DisputeDetailBase> {
  const staff = seesEverything(ctx.actor);
  const [[names], attachmentRows, agents, [pending], audit] = await Promise.all([
    rows<{ managerName: string; unitName: string | null; reviewerName: string | null; deciderName: string | null }>(
      ctx.db,
      sql`select m.display_name as "managerName", un.name as "unitName", r.display_name as "reviewerName", dd.display_name as "deciderName"
            from users m
            left join units un on un.id = ${d.unitId}::uuid
            left join users r on r.id = ${d.reviewerId}::uuid
            left join users dd on dd.id = ${d.decidedBy}::uuid
           where m.id = ${d.managerId}::uuid`,
    ),
    ctx.db
      .select({ id: disputeAttachments.id, fileName: disputeAttachments.fileName, contentType: disputeAttachments.contentType, sizeBytes: disputeAttachments.sizeBytes })
      .from(disputeAttachments)
      .where(eq(disputeAttachments.disputeId, d.id))
      .orderBy(asc(disputeAttachments.uploadedAt), asc(disputeAttachments.fileName)),
    staff ? callbackAgentsOf(ctx.db, target) : Promise.resolve(new Set<string>()),
    rows<{ id: string; state: PendingRecallback['state']; attempts: number; nextAttemptAt: Date | string; appointmentAt: Date | string | null; holderName: string | null }>(
      ctx.db,
      sql`select t.id, t.state, t.attempts, t.next_attempt_at as "nextAttemptAt", t.appointment_at as "appointmentAt", h.display_name as "holderName"
            from callback_tasks t left join users h on h.id = t.holder_id
           where t.dispute_id = ${d.id}::uuid and t.state in ('waiting', 'ready', 'held') order by t.created_at desc limit 1`,
    ),
    // The dispute's steps, and the cancellation of its re-callbacks with the reason recorded.
    staff
      ? rows<{ at: Date | string; action: string; actorName: string | null; note: string | null }>(
          ctx.db,
          sql`select a.at, a.action, u.display_name as "actorName", a.after->>'reason' as note
                from audit_log a left join users u on u.id = a.actor_id
               where (a.entity_type = 'dispute' and a.entity_id = ${d.id})
                  or (a.entity_type = 'callback_task' and a.action = 'callback.cancelled'
                      and a.entity_id in (select t.id::text from callback_tasks t where t.dispute_id = ${d.id}::uuid))
               order by a.at, a.id`,
        )
      : Promise.resolve(null),
  ]);
  const undecided = isUndecided(d.state);
  const reviewBlockedReason = staff && agents.has(ctx.actor.id) ? 'disputes.reviewerMadeTheCall' : null;
  const reviewer = staff && !reviewBlockedReason && undecided;
  const attachments: AttachmentView[] = attachmentRows.map((a) => ({ ...a, href: `/api/disputes/attachments/${a.id}` }));
  const timeline: DisputeTimelineEntry[] | undefined = audit?.map((a) => ({
    at: new Date(a.at),
    action: a.action,
    actorName: a.actorName,
    note: a.action === 'callback.cancelled' ? a.note : null,
  }));
  return {
    id: d.id,
    state: d.state,
    reason: d.reason,
    filedAt: d.filedAt,
    respondBy: d.respondBy,
    overdue: isOverdue(d.state, d.respondBy, ctx.now()),
    month: d.month,
    manager: { id: d.managerId, name: names.managerName, unitName: names.unitName },
    attachments,
    reviewer: d.reviewerId ? { id: d.reviewerId, name: names.reviewerName ?? '' } : null,
    decision:
      (d.state === 'upheld' || d.state === 'overturned') && d.decidedAt
        ? { decision: d.state, comment: d.decisionComment ?? '', decidedBy: names.deciderName ?? '', decidedAt: d.decidedAt }
        : null,
    withdrawnAt: d.withdrawnAt,
    timeline,
    can: {
      withdraw: ctx.actor.role === 'manager' && ctx.actor.id === d.managerId && undecided,
      startReview: reviewer && (d.state === 'open' || d.reviewerId !== ctx.actor.id),
      orderRecallback: reviewer && !pending,
      decide: reviewer,
    },
    reviewBlockedReason,
    pendingRecallback:
      staff && pending
        ? {
            taskId: pending.id,
            state: pending.state,
            attempts: pending.attempts,
            nextAttemptAt: new Date(pending.nextAttemptAt),
            appointmentAt: pending.appointmentAt === null ? null : new Date(pending.appointmentAt),
            holderName: pending.holderName,
          }
        : null,
  };
}

/** A visit's dispute (its verdict or one finding). */
async function visitDisputeDetail(ctx: Ctx, d: DisputeRow, subject: DisputeSubject, visitId: string): Promise<DisputeDetail> {
  const staff = seesEverything(ctx.actor);
  const timeZone = env().APP_TIMEZONE;
  // A manager (and their supervisor) read published verdicts only; staff every version.
  const publishedOnly = staff ? sql`` : sql`and vv.published_at is not null`;
  const [base, [info], contactRows, findingRows] = await Promise.all([
    disputeBase(ctx, d, { kind: 'visit', visitId }),
    rows<{
      customerName: string;
      customerClass: string;
      type: VisitType;
      visitedAt: Date | string;
      reportedAt: Date | string;
      purpose: string;
      disputed: { version: number; status: string; reasons: Reasons };
      current: { version: number; status: string; reasons: Reasons } | null;
      manual: boolean;
    }>(
      ctx.db,
      sql`select c.name as "customerName", c.class as "customerClass",
                 v.type, v.visited_at as "visitedAt", v.reported_at as "reportedAt", v.purpose, ${manualResultSql(sql`v.id`)} as manual,
                 (select json_build_object('version', vv.version, 'status', vv.status, 'reasons', vv.reasons) from visit_verdicts vv where vv.id = ${d.verdictId}) as disputed,
                 (select json_build_object('version', vv.version, 'status', vv.status, 'reasons', vv.reasons) from visit_verdicts vv
                   where vv.visit_id = v.id ${publishedOnly} order by vv.version desc limit 1) as current
            from visit_reports v
            join customers c on c.id = v.customer_id
           where v.id = ${visitId}::uuid`,
    ),
    rows<{ name: string; phone: string; customerId: string }>(
      ctx.db,
      sql`select ct.name, ct.phone, ct.customer_id as "customerId" from visit_report_contacts vc join contacts ct on ct.id = vc.contact_id where vc.visit_id = ${visitId}::uuid order by ct.name, ct.id`,
    ),
    rows<{ code: string; severity: string; params: Record<string, string | number> }>(
      ctx.db,
      sql`select code, severity, params from visit_findings where visit_id = ${visitId}::uuid order by code`,
    ),
  ]);

  const visitedAt = new Date(info.visitedAt);
  // Contact phones follow the one rule (lib/contacts/phone-visibility), as on the visit page.
  const claimedNow = await customersClaimedNow(ctx.db, ctx.actor, contactRows.map((c) => c.customerId), ctx.now());
  let callbacks: CallbackEvidence[] | undefined;
  if (staff) {
    const context = visitContextOf(
      { customerName: info.customerName, contactName: contactRows[0]?.name ?? null, managerName: base.manager.name, visitedAt, type: info.type, purpose: info.purpose },
      timeZone,
    );
    callbacks = await loadCallbackEvidence(ctx.db, visitId, context, { full: true });
  }

  return {
    ...base,
    subject,
    findingCode: d.findingCode,
    visit: {
      id: visitId,
      customerName: info.customerName,
      customerClass: info.customerClass,
      type: info.type,
      visitedAt,
      reportedAt: new Date(info.reportedAt),
      // A visit report has no place of its own (plans do); none to show.
      place: null,
      purpose: info.purpose,
      contacts: contactRows.map((c) => ({ name: c.name, phone: shownPhone(ctx.actor, { claimsCustomer: claimedNow.has(c.customerId) }, c.phone) })),
    },
    // A verdict resting on a manual call (人工拨打) says so, as on the visit page.
    disputedVerdict: { ...info.disputed, reasons: withManualMark(info.disputed.reasons, info.manual) },
    currentVerdict: info.current && { ...info.current, reasons: withManualMark(info.current.reasons, info.manual) },
    findings: findingRows,
    callbacks,
  };
}

/**
 * A spot-check finding's dispute: the checked customer, the planned visit and the finding as it
 * stands, with the spot check's callbacks — staff in full (agents, status histories,
 * recordings), the manager and supervisor those over without agents or recordings.
 */
async function spotCheckDisputeDetail(ctx: Ctx, d: DisputeRow, spotCheckItemId: string): Promise<SpotCheckDisputeDetail> {
  const full = seesEverything(ctx.actor);
  const [base, item] = await Promise.all([disputeBase(ctx, d, { kind: 'spot_check', spotCheckItemId }), loadSpotCheckItem(ctx.db, spotCheckItemId)]);
  if (!item) throw new NotFoundError();
  const callbacks = await loadSpotCheckCallbackEvidence(ctx.db, spotCheckItemId, spotCheckContext(item), { full });
  return { ...base, subject: 'spot_check', spotCheck: spotCheckFactsOf(item), callbacks, fullEvidence: full };
}

/** For the manager's visit page: whether and what they may dispute of their own visit, until when. */
export async function getDisputeEligibility({ ctx, input }: { ctx: Ctx; input: { visitId: string } }): Promise<DisputeEligibility> {
  assertRole(ctx.actor, 'manager');
  const { visitId } = parseInput(visitIdInput, input);
  const visit = await loadVisit(ctx.db, visitId);
  if (!visit || visit.managerId !== ctx.actor.id) throw new NotFoundError();
  const { facts, policy } = await loadEligibility(ctx.db, visit.id, ctx.now());
  const e = disputeEligibility(facts);
  return {
    canDispute: e.blockedBy === null,
    subjects: e.subjects,
    windowEndsAt: e.windowEndsAt,
    blockedBy: e.blockedBy,
    openDisputeId: e.openDisputeId,
    decidedDisputeId: e.decidedDisputeId,
    maxAttachments: policy.maxAttachments,
    maxAttachmentBytes: policy.maxAttachmentBytes,
  };
}

/** An attachment's bytes, for whoever may see its dispute. */
export async function readAttachment({ ctx, input }: { ctx: Ctx; input: { attachmentId: string } }): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  assertRole(ctx.actor, ...READERS);
  const { attachmentId } = parseInput(attachmentIdInput, input);
  const [a] = await ctx.db
    .select({
      fileName: disputeAttachments.fileName,
      contentType: disputeAttachments.contentType,
      storageKey: disputeAttachments.storageKey,
    })
    .from(disputeAttachments)
    .innerJoin(disputes, eq(disputes.id, disputeAttachments.disputeId))
    .where(and(eq(disputeAttachments.id, attachmentId), scopeCondition(ctx.actor)));
  if (!a) throw new NotFoundError();
  const bytes = await storage().get(a.storageKey);
  return { fileName: a.fileName, contentType: a.contentType, bytes };
}

/** The disputes of some visits that are undecided (for lists of visits: "a dispute is open"). */
export async function openDisputesOfVisits(ctx: Ctx, visitIds: readonly string[]): Promise<Map<string, { id: string; state: DisputeState }>> {
  if (visitIds.length === 0) return new Map();
  const found = await ctx.db
    .select({ id: disputes.id, visitId: disputes.visitId, state: disputes.state })
    .from(disputes)
    .where(and(inArray(disputes.visitId, [...visitIds]), UNDECIDED_SQL, scopeCondition(ctx.actor)));
  return new Map(found.flatMap((r) => (r.visitId ? [[r.visitId, { id: r.id, state: r.state }] as const] : [])));
}
