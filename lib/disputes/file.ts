import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { disputeAttachments, disputes } from '@/db/schema';
import { rows } from '@/lib/platform/core/sql';
import { recordAudit } from '@/lib/platform/audit/record';
import { publishLive } from '@/lib/live/publish';
import { addNotifications } from '@/lib/notifications/store';
import { assertRole } from '@/lib/auth/guards';
import { formatLocal } from '@/lib/calling/calendar';
import { callingPolicyAt } from '@/lib/callbacks/policy';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '@/lib/platform/core/errors';
import { policyInForce, type PolicyInForce } from '@/lib/policy/policies';
import { storage } from '@/lib/platform/storage/storage';
import { dayOf, monthOf } from '@/lib/platform/time/zone';
import { attachmentIssues, detectAttachmentType, displayFileName, sha256Hex, type AttachmentType } from './attachments';
import { GROUND_FINDINGS_SQL_TEXT } from '@/lib/verdicts/dispute-grounds';
import { respondBy, subjectRefusal, type EligibilityFacts } from './rules';
import { disputeFormInput, type DisputeState, type DisputeSubject, type FileDisputeInput, type UploadedFile } from './schemas';
import { parseInput } from '@/lib/platform/core/parse-input';

export const DISPUTE_ENTITY = 'dispute';

/** The visit as a dispute needs it; null when it does not exist. */
export interface DisputedVisit {
  id: string;
  managerId: string;
  managerUnitId: string | null;
  visitedAt: Date;
}

export async function loadVisit(db: DbOrTx, visitId: string): Promise<DisputedVisit | null> {
  const [v] = await rows<{ id: string; managerId: string; managerUnitId: string | null; visitedAt: Date | string }>(
    db,
    sql`select v.id, v.manager_id as "managerId", u.unit_id as "managerUnitId", v.visited_at as "visitedAt"
          from visit_reports v join users u on u.id = v.manager_id where v.id = ${visitId}::uuid`,
  );
  return v ? { ...v, visitedAt: new Date(v.visitedAt) } : null;
}

/** The verdict in force of a visit: its latest version. */
export interface VerdictInForce {
  id: number;
  version: number;
  status: string;
  final: boolean;
  publishedAt: Date | null;
}

/** What the eligibility rules read of a visit: verdict in force, current findings, disputes so far. */
export async function loadEligibility(
  db: DbOrTx,
  visitId: string,
  now: Date,
): Promise<{ facts: EligibilityFacts; verdict: VerdictInForce | null; policy: PolicyInForce<'disputes'>['value'] }> {
  const [[state], policy] = await Promise.all([
    rows<{
      verdict: { id: number; version: number; status: string; final: boolean; publishedAt: string | null; reasons: { code: string }[] } | null;
      findings: string[];
      disputes: { id: string; state: DisputeState; subject: DisputeSubject; findingCode: string | null; groundFindings: string[] }[];
    }>(
      db,
      sql`select
            (select json_build_object('id', vv.id, 'version', vv.version, 'status', vv.status, 'final', vv.final, 'publishedAt', vv.published_at, 'reasons', vv.reasons)
               from visit_verdicts vv where vv.visit_id = ${visitId}::uuid order by vv.version desc limit 1) as verdict,
            array(select f.code from visit_findings f where f.visit_id = ${visitId}::uuid order by f.code) as findings,
            coalesce((select json_agg(json_build_object('id', d.id, 'state', d.state, 'subject', d.subject, 'findingCode', d.finding_code,
                                                        'groundFindings', array(${sql.raw(GROUND_FINDINGS_SQL_TEXT)})) order by d.filed_at)
               from disputes d where d.visit_id = ${visitId}::uuid), '[]'::json) as disputes`,
    ),
    policyInForce(db, 'disputes', dayOf(now, env().APP_TIMEZONE)),
  ]);
  const verdict = state.verdict
    ? { ...state.verdict, id: Number(state.verdict.id), publishedAt: state.verdict.publishedAt ? new Date(state.verdict.publishedAt) : null }
    : null;
  return {
    facts: { verdict, findingCodes: state.findings, disputes: state.disputes, windowDays: policy.value.windowDays, now },
    verdict,
    policy: policy.value,
  };
}

export interface PreparedFile {
  attachmentId: string;
  fileName: string;
  contentType: AttachmentType;
  sizeBytes: number;
  sha256: string;
  storageKey: string;
  bytes: Uint8Array;
}

/** Checks every file (count, size, type by content); throws naming each refused file. */
export async function prepareFiles(disputeId: string, files: readonly UploadedFile[], policy: { maxAttachments: number; maxAttachmentBytes: number }): Promise<PreparedFile[]> {
  if (!Array.isArray(files)) throw ValidationError.field('attachments', 'invalidValue');
  const checked = await Promise.all(
    files.map(async (f) => {
      const bytes = f.bytes instanceof Uint8Array ? f.bytes : new Uint8Array(0);
      const name = displayFileName(String(f.name ?? ''));
      // Only files that may be kept are read for their type.
      const type = files.length <= policy.maxAttachments && bytes.byteLength > 0 && bytes.byteLength <= policy.maxAttachmentBytes ? await detectAttachmentType(bytes) : null;
      return { name, size: bytes.byteLength, type, bytes };
    }),
  );
  const issues = attachmentIssues(checked, policy);
  // The first refusal is the headline; each refused file has its own issue.
  if (issues.length > 0) throw new ValidationError(issues, issues[0].code, issues[0].params);
  return checked.map((f) => {
    const attachmentId = randomUUID();
    return {
      attachmentId,
      fileName: f.name,
      contentType: f.type!,
      sizeBytes: f.size,
      sha256: sha256Hex(f.bytes),
      storageKey: `disputes/${disputeId}/${attachmentId}`,
      bytes: f.bytes,
    };
  });
}

/** The one-open indexes: one undecided dispute per visit, and per spot-check item. */
const ONE_OPEN_INDEXES = new Set(['disputes_one_open_per_visit', 'disputes_one_open_per_spot_check_item']);

function isOneOpenViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
  const c = e.cause ?? e;
  return c.code === '23505' && ONE_OPEN_INDEXES.has(c.constraint_name ?? '');
}

/** What a filing writes, whatever its subject; checked already, bar what only the transaction can see. */
export interface NewDispute {
  disputeId: string;
  /** The filing's moment (filed_at), the one its deadline was counted from. */
  now: Date;
  values: Omit<typeof disputes.$inferInsert, 'id' | 'managerId' | 'unitId' | 'state' | 'filedAt' | 'updatedAt'>;
  files: PreparedFile[];
  /** Checks, in the transaction, that what is disputed is still as the manager saw it (throws when not). */
  recheck: (tx: DbOrTx) => Promise<void>;
  /** The customer's name, for the staff's notice. */
  customerName: (tx: DbOrTx) => Promise<string>;
}

/**
 * Stores the files, then writes the dispute, its attachments, the staff's notices and the audit
 * entry in one transaction. A refused or failed filing leaves nothing behind: no row, no stored
 * file. A race past the checks meets the one-open indexes: "already open".
 */
export async function writeDispute(ctx: Ctx, filing: NewDispute): Promise<void> {
  const { disputeId, files, values, now } = filing;
  const store = storage();
  const stored: string[] = [];
  try {
    for (const f of files) {
      stored.push(f.storageKey);
      await store.put(f.storageKey, f.bytes);
    }
    await ctx.db.transaction(async (tx) => {
      await filing.recheck(tx);
      const [unit] = await rows<{ unitId: string | null }>(tx, sql`select unit_id as "unitId" from users where id = ${ctx.actor.id}::uuid`);
      const [created] = await tx
        .insert(disputes)
        .values({ ...values, id: disputeId, managerId: ctx.actor.id, unitId: unit?.unitId ?? null, state: 'open', filedAt: now, updatedAt: now })
        .returning();
      if (files.length > 0) {
        await tx.insert(disputeAttachments).values(
          files.map((f) => ({
            id: f.attachmentId,
            disputeId,
            fileName: f.fileName,
            contentType: f.contentType,
            sizeBytes: f.sizeBytes,
            sha256: f.sha256,
            storageKey: f.storageKey,
            uploadedAt: now,
          })),
        );
      }
      // The department answers within the response deadline: every staff member hears of it.
      const customer = await filing.customerName(tx);
      const staff = await rows<{ id: string }>(tx, sql`select id from users where role = 'staff' and active`);
      await addNotifications(
        tx,
        staff.map((s) => ({
          userId: s.id,
          kind: 'dispute_filed' as const,
          params: { manager: ctx.actor.displayName, customer, month: values.month, subject: values.subject ?? 'verdict' },
          link: `/disputes/${disputeId}`,
        })),
        now,
      );
      await recordAudit(tx, {
        actorId: ctx.actor.id,
        action: 'dispute.filed',
        entityType: DISPUTE_ENTITY,
        entityId: disputeId,
        after: {
          ...created,
          attachments: files.map((f) => ({ id: f.attachmentId, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes, sha256: f.sha256 })),
        },
      });
    });
  } catch (error) {
    await Promise.allSettled(stored.map((key) => store.delete(key)));
    if (isOneOpenViolation(error)) throw new ConflictError('disputes.alreadyOpen');
    throw error;
  }
  // After commit: staff's bells and dispute lists.
  await publishLive({ staff: true }, { topic: 'notification', id: null });
}

/**
 * A manager disputes the verdict of their own visit (when invalid) or one of its current
 * findings, within the window after the verdict in force was published, with a reason and
 * optional attachments (images, PDF; type by content). Everything is checked first; then the
 * files are stored; then the dispute, its attachments and the audit entry are written in one
 * transaction (writeDispute). A refused or failed filing leaves nothing behind.
 */
export async function fileDispute({ ctx, input }: { ctx: Ctx; input: FileDisputeInput }): Promise<{ disputeId: string }> {
  assertRole(ctx.actor, 'manager');
  const form = parseInput(disputeFormInput, input);
  const findingCode = form.subject === 'finding' ? form.findingCode! : null;
  const now = ctx.now();
  const timeZone = env().APP_TIMEZONE;

  const visit = await loadVisit(ctx.db, form.visitId);
  // Another manager's visit reads as absent: nothing about it leaks.
  if (!visit || visit.managerId !== ctx.actor.id) throw new NotFoundError();
  const { facts, verdict, policy } = await loadEligibility(ctx.db, visit.id, now);
  const refusal = subjectRefusal(facts, form.subject, findingCode);
  if (refusal) {
    const params = refusal.code === 'disputes.windowOver' && verdict?.publishedAt
      ? { until: formatLocal(new Date(verdict.publishedAt.getTime() + policy.windowDays * 86_400_000), timeZone) }
      : undefined;
    if (refusal.conflict) throw new ConflictError(refusal.code, params);
    throw new ValidationError([{ field: refusal.field, code: refusal.code, params } satisfies FieldIssue], refusal.code, params);
  }

  const disputeId = randomUUID();
  const files = await prepareFiles(disputeId, input.attachments ?? [], policy);
  const calling = await callingPolicyAt(ctx.db, now);
  await writeDispute(ctx, {
    disputeId,
    now,
    files,
    values: {
      visitId: visit.id,
      month: monthOf(visit.visitedAt, timeZone),
      subject: form.subject,
      findingCode,
      verdictId: verdict!.id,
      reason: form.reason,
      respondBy: respondBy(now, policy.responseWorkingDays, calling.calendar, calling.timeZone),
    },
    recheck: async (tx) => {
      // The verdict disputed must still be the one in force (a callback or close may have moved on).
      const [latest] = await rows<{ id: string | number }>(tx, sql`select id from visit_verdicts where visit_id = ${visit.id}::uuid order by version desc limit 1`);
      if (!latest || Number(latest.id) !== verdict!.id) throw new ConflictError('disputes.verdictChanged');
    },
    customerName: async (tx) => {
      const [customer] = await rows<{ name: string }>(tx, sql`select c.name from visit_reports v join customers c on c.id = v.customer_id where v.id = ${visit.id}::uuid`);
      return customer?.name ?? '';
    },
  });
  // After commit: the visit's page (its dispute is open now).
  await publishLive({ users: [ctx.actor.id], staff: true }, { topic: 'visit', id: visit.id });
  return { disputeId };
}

/** Room for a dispute's text fields and the multipart framing, on top of its files. */
const FORM_OVERHEAD_BYTES = 256 * 1024;

/**
 * The largest upload a dispute can need: every attachment at its size limit, plus the form. The
 * upload route refuses a larger request before reading it, so nobody can make the server buffer
 * more than a dispute may carry.
 */
export async function disputeUploadLimit({ ctx }: { ctx: Ctx }): Promise<number> {
  assertRole(ctx.actor, 'manager');
  const policy = (await policyInForce(ctx.db, 'disputes', dayOf(ctx.now(), env().APP_TIMEZONE))).value;
  return policy.maxAttachments * policy.maxAttachmentBytes + FORM_OVERHEAD_BYTES;
}
