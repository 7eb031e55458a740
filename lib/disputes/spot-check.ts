import { randomUUID } from 'node:crypto';
import { and, desc, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { disputes } from '@/db/schema';
import { rows } from '@/lib/platform/core/sql';
import { assertRole } from '@/lib/auth/guards';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { formatLocal } from '@/lib/calling/calendar';
import { callingPolicyAt } from '@/lib/callbacks/policy';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { dayOf } from '@/lib/platform/time/zone';
import { policyInForce, type PolicyInForce } from '@/lib/policy/policies';
import { visitContextOf } from '@/lib/scripts/context';
import type { SpotCheckFinding } from '@/lib/spot-checks/finding-rules';
import { loadSpotCheckCallbackEvidence } from '@/lib/verdicts/callback-evidence';
import { prepareFiles, writeDispute } from './file';
import { respondBy, spotCheckDisputeEligibility, spotCheckRefusal, type SpotCheckEligibilityFacts } from './rules';
import { spotCheckDisputeFormInput, spotCheckItemIdInput, type DisputeState, type FileSpotCheckDisputeInput } from './schemas';
import type { CallbackEvidence, SpotCheckDisputeEligibility, SpotCheckFacts } from './views';

/**
 * Disputes of spot-check findings (电话抽查发现未拜访): a manager contests one checked customer
 * found not visited, through the same workflow as a visit's verdict — filing with a reason and
 * files, review by staff who did not make the call, a re-callback by another agent, then upheld or
 * overturned. The spot check's evaluation (lib/spot-checks/evaluate.ts) reads the decided dispute:
 * overturned, the customer counts as visited and the day's penalty is reversed.
 */

/** A checked customer as a dispute reads it: whose spot check, when, what it found. */
export interface SpotCheckItemRow extends SpotCheckFacts {
  managerId: string;
  managerName: string;
  unitId: string | null;
  month: string;
  customerId: string;
  /** The item's disputes so far, oldest first. */
  disputes: { id: string; state: DisputeState }[];
}

const asDate = (v: Date | string) => new Date(v);
const asDateOrNull = (v: Date | string | null) => (v === null ? null : new Date(v));

/** One spot-check item with its day, customer, plan and disputes; null when it does not exist. */
export async function loadSpotCheckItem(db: DbOrTx, spotCheckItemId: string): Promise<SpotCheckItemRow | null> {
  const [r] = await rows<{
    itemId: string;
    spotCheckId: string;
    day: string;
    month: string;
    managerId: string;
    managerName: string;
    unitId: string | null;
    dayResult: SpotCheckFacts['dayResult'];
    customerId: string;
    customerName: string;
    customerClass: string;
    plannedAt: Date | string;
    place: string | null;
    purpose: string | null;
    contactName: string | null;
    finding: SpotCheckFinding | null;
    findingAt: Date | string | null;
    matchedVisitId: string | null;
    matchedVisitedAt: Date | string | null;
    disputes: { id: string; state: DisputeState }[];
  }>(
    db,
    sql`select i.id as "itemId", i.spot_check_id as "spotCheckId", s.day::text as day, s.month, s.manager_id as "managerId", m.display_name as "managerName",
               s.unit_id as "unitId", s.result as "dayResult", i.customer_id as "customerId", c.name as "customerName", c.class as "customerClass",
               i.planned_at as "plannedAt", p.place, p.purpose, coalesce(ct.name, nullif(p.contact_name, '')) as "contactName",
               i.finding, i.finding_at as "findingAt", i.matched_visit_id as "matchedVisitId", mv.visited_at as "matchedVisitedAt",
               coalesce((select json_agg(json_build_object('id', d.id, 'state', d.state) order by d.filed_at, d.id)
                           from disputes d where d.spot_check_item_id = i.id), '[]'::json) as disputes
          from spot_check_items i
          join spot_checks s on s.id = i.spot_check_id
          join users m on m.id = s.manager_id
          join customers c on c.id = i.customer_id
          join visit_plan_items p on p.id = i.plan_item_id
          left join contacts ct on ct.id = i.contact_id
          left join visit_reports mv on mv.id = i.matched_visit_id
         where i.id = ${spotCheckItemId}::uuid`,
  );
  if (!r) return null;
  return {
    ...r,
    plannedAt: asDate(r.plannedAt),
    findingAt: asDateOrNull(r.findingAt),
    matchedVisit: r.matchedVisitId && r.matchedVisitedAt !== null ? { id: r.matchedVisitId, visitedAt: asDate(r.matchedVisitedAt) } : null,
  };
}

/** The facts the filing rules read, and the disputes policy in force today. */
async function loadFacts(db: DbOrTx, item: SpotCheckItemRow, now: Date): Promise<{ facts: SpotCheckEligibilityFacts; policy: PolicyInForce<'disputes'>['value'] }> {
  const policy = (await policyInForce(db, 'disputes', dayOf(now, env().APP_TIMEZONE))).value;
  return { facts: { finding: item.finding, findingAt: item.findingAt, disputes: item.disputes, windowDays: policy.windowDays, now }, policy };
}

/** The item's facts as the manager's filing page and the dispute page show them. */
export function spotCheckFactsOf(item: SpotCheckItemRow): SpotCheckFacts {
  const { itemId, spotCheckId, day, dayResult, customerName, customerClass, plannedAt, place, purpose, contactName, finding, findingAt, matchedVisit } = item;
  return { itemId, spotCheckId, day, dayResult, customerName, customerClass, plannedAt, place, purpose, contactName, finding, findingAt, matchedVisit };
}

/** The script's placeholders of a spot check's answers: the visit as planned, on its day. */
export function spotCheckContext(item: SpotCheckItemRow) {
  return visitContextOf(
    { customerName: item.customerName, contactName: item.contactName, managerName: item.managerName, visitedAt: item.plannedAt, type: null, purpose: item.purpose },
    env().APP_TIMEZONE,
  );
}

/**
 * A manager disputes a not_visited finding of their own spot check, within the disputes policy's
 * window after the finding was made, with a reason and optional attachments (as for a visit's
 * dispute). Another manager's spot check reads as absent. One undecided dispute per checked
 * customer (also under races: the one-open index). The finding must still stand when written.
 */
export async function fileSpotCheckDispute({ ctx, input }: { ctx: Ctx; input: FileSpotCheckDisputeInput }): Promise<{ disputeId: string }> {
  assertRole(ctx.actor, 'manager');
  const form = parseInput(spotCheckDisputeFormInput, input);
  const now = ctx.now();
  const item = await loadSpotCheckItem(ctx.db, form.spotCheckItemId);
  if (!item || item.managerId !== ctx.actor.id) throw new NotFoundError();
  const { facts, policy } = await loadFacts(ctx.db, item, now);
  const refusal = spotCheckRefusal(facts);
  if (refusal) {
    const until = spotCheckDisputeEligibility(facts).windowEndsAt;
    const params = refusal.code === 'disputes.windowOver' && until ? { until: formatLocal(until, env().APP_TIMEZONE) } : undefined;
    if (refusal.conflict) throw new ConflictError(refusal.code, params);
    throw new ValidationError([{ field: 'spotCheckItemId', code: refusal.code, params } satisfies FieldIssue], refusal.code, params);
  }

  const disputeId = randomUUID();
  const files = await prepareFiles(disputeId, input.attachments ?? [], policy);
  const calling = await callingPolicyAt(ctx.db, now);
  await writeDispute(ctx, {
    disputeId,
    now,
    files,
    values: {
      spotCheckItemId: item.itemId,
      month: item.month,
      subject: 'spot_check',
      reason: form.reason,
      respondBy: respondBy(now, policy.responseWorkingDays, calling.calendar, calling.timeZone),
    },
    recheck: async (tx) => {
      // The finding disputed must still stand (a re-callback or re-evaluation may have moved on).
      const [current] = await rows<{ finding: string | null }>(tx, sql`select finding from spot_check_items where id = ${item.itemId}::uuid for share`);
      if (current?.finding !== 'not_visited') throw new ConflictError('disputes.spotCheckFindingChanged');
    },
    customerName: async () => item.customerName,
  });
  return { disputeId };
}

/**
 * For the manager's filing page (/disputes/new?spotCheckItem=<id>): the checked customer, the
 * finding and the calls it rests on (as a manager reads callbacks: those over, no agent names or
 * recordings), whether it may be disputed now and until when, and the attachment limits.
 */
export async function getSpotCheckDisputeEligibility({ ctx, input }: { ctx: Ctx; input: { spotCheckItemId: string } }): Promise<SpotCheckDisputeEligibility> {
  assertRole(ctx.actor, 'manager');
  const { spotCheckItemId } = parseInput(spotCheckItemIdInput, input);
  const item = await loadSpotCheckItem(ctx.db, spotCheckItemId);
  if (!item || item.managerId !== ctx.actor.id) throw new NotFoundError();
  const { facts, policy } = await loadFacts(ctx.db, item, ctx.now());
  const e = spotCheckDisputeEligibility(facts);
  const callbacks: CallbackEvidence[] = await loadSpotCheckCallbackEvidence(ctx.db, item.itemId, spotCheckContext(item), { full: false });
  return { ...e, spotCheck: spotCheckFactsOf(item), callbacks, maxAttachments: policy.maxAttachments, maxAttachmentBytes: policy.maxAttachmentBytes };
}

/**
 * The latest dispute of each spot-check item the reader may see (for a list of findings: "申诉中",
 * "申诉成立" … with a link), by item id. Items without one are absent.
 */
export async function disputesOfSpotCheckItems(ctx: Ctx, spotCheckItemIds: readonly string[]): Promise<Map<string, { id: string; state: DisputeState }>> {
  if (spotCheckItemIds.length === 0) return new Map();
  const found = await ctx.db
    .selectDistinctOn([disputes.spotCheckItemId], { id: disputes.id, spotCheckItemId: disputes.spotCheckItemId, state: disputes.state })
    .from(disputes)
    .where(and(inArray(disputes.spotCheckItemId, [...spotCheckItemIds]), managerRecordsCondition(ctx.actor, disputes.managerId)))
    .orderBy(disputes.spotCheckItemId, desc(disputes.filedAt), desc(disputes.id));
  return new Map(found.flatMap((r) => (r.spotCheckItemId ? [[r.spotCheckItemId, { id: r.id, state: r.state }] as const] : [])));
}
