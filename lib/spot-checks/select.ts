import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import type { DbOrTx } from '@/db/client';
import { callbackTasks, customers, spotCheckItems, spotChecks, users, visitPlanItems, visitPlans } from '@/db/schema';
import { addDays, instantAt, isWorkingDay, localDay, type CallingCalendar } from '@/lib/calling/calendar';
import { scheduleDueTimers, type CreatedCallback } from '@/lib/callbacks/create';
import { recordAudit } from '@/lib/platform/audit/record';
import { env } from '@/lib/platform/config/env';
import { ValidationError } from '@/lib/platform/core/errors';
import { DEFAULT_LOCALE, type Locale } from '@/lib/platform/i18n/config';
import { catalogue } from '@/lib/platform/i18n/messages';
import { isRealDay } from '@/lib/platform/time/zone';
import { policyInForce } from '@/lib/policy/policies';
import type { RootTranslator } from '@/lib/sampling/reason-text';
import { spotCheckReasonText } from './reason-text';
import { decideManager, drawCustomers, spotCheckDueAt, withoutCallableCustomer, type DueRules, type PlanItemFacts, type ReasonParams, type SpotCheckPolicy } from './selection-rules';

/** One customer drawn for a checked manager-day. */
export interface SpotCheckCustomer {
  planItemId: string;
  customerId: string;
  code: string;
  name: string;
  plannedAt: Date;
  draw: number;
  /** The reason in words (Chinese by default). */
  reason: string;
  reasonCode: string;
  reasonParams: Record<string, string | number>;
  /** When the callback becomes due (its first attempt) and by when it must be asked. */
  dueAt: Date | null;
  dueBy: Date | null;
  /** The callback asking the customer (null on a dry run of a day not yet selected). */
  taskId: string | null;
}

/** A customer drawn, as the selection reports it: its facts, the reason in words, its callback. */
function customerView(t: RootTranslator, i: Omit<SpotCheckCustomer, 'reason'>): SpotCheckCustomer {
  return {
    planItemId: i.planItemId,
    customerId: i.customerId,
    code: i.code,
    name: i.name,
    plannedAt: i.plannedAt,
    draw: i.draw,
    reason: spotCheckReasonText(t, i.reasonCode, i.reasonParams),
    reasonCode: i.reasonCode,
    reasonParams: i.reasonParams,
    dueAt: i.dueAt,
    dueBy: i.dueBy,
    taskId: i.taskId,
  };
}

/** One manager's decision for a day, with the customers drawn when checked (the CLI's JSON shape, plus ids). */
export interface SpotCheckSelection {
  day: string;
  policyVersion: number;
  dryRun: boolean;
  /** Why nothing was selected: the day is not a working day of the calling calendar, or spot checks are off. */
  skipped?: 'notWorkingDay' | 'disabled';
  selections: {
    managerId: string;
    manager: string;
    managerName: string;
    unitId: string | null;
    draw: number;
    selected: boolean;
    reasonCode: string;
    reasonParams: Record<string, string | number>;
    /** The manager's reason in words (Chinese by default). */
    reason: string;
    /** Decided by an earlier run; false when decided by this run (or, on a dry run, still to decide). */
    stored: boolean;
    customers: SpotCheckCustomer[];
  }[];
  /** Callback tasks created now (0 on a dry run, or when the day was already selected). */
  created: number;
}

type Selection = SpotCheckSelection['selections'][number];

/** A translator over the whole catalogue, for the reasons in words outside React (the CLI, jobs). */
export function spotCheckTranslator(locale: Locale = DEFAULT_LOCALE): RootTranslator {
  const t = createTranslator({ locale, messages: catalogue[locale], timeZone: env().APP_TIMEZONE });
  return Object.assign((key: string, values?: Record<string, string | number>) => t(key as never, values as never), { has: (key: string) => t.has(key as never) });
}

interface DayPolicies {
  spotCheck: { version: number; value: SpotCheckPolicy };
  calendar: CallingCalendar;
  due: DueRules;
}

/** The policies in force on the day: the spot checks', the calling calendar, the report deadline. */
async function dayPolicies(db: DbOrTx, day: string): Promise<DayPolicies> {
  const [spotCheck, calling, reporting] = await Promise.all([policyInForce(db, 'spotCheck', day), policyInForce(db, 'calling', day), policyInForce(db, 'reporting', day)]);
  const c = calling.value;
  const calendar: CallingCalendar = { windows: c.windows, weekdays: c.weekdays, holidays: c.holidays, makeUpWorkdays: c.makeUpWorkdays };
  return {
    spotCheck: { version: spotCheck.version, value: spotCheck.value },
    calendar,
    due: { policy: spotCheck.value, calendar, timeZone: env().APP_TIMEZONE, reportDeadlineHours: reporting.value.reportDeadlineHours },
  };
}

interface PlannedRow extends PlanItemFacts {
  managerId: string;
  unitId: string;
  username: string;
  managerName: string;
  contactId: string | null;
  code: string;
  name: string;
  customerClass: 'A' | 'B' | 'C' | 'D';
}

/**
 * The day's approved plan items (planned that local day), of active managers, with whether the
 * customer has an active contact with a phone on file. A draft, submitted or rejected plan counts
 * for nothing: only what the supervisor approved is what the manager should do.
 */
async function plannedItems(db: DbOrTx, day: string, timeZone: string): Promise<PlannedRow[]> {
  const start = instantAt(day, 0, timeZone);
  const end = instantAt(addDays(day, 1), 0, timeZone);
  return db
    .select({
      planItemId: visitPlanItems.id,
      customerId: visitPlanItems.customerId,
      contactId: visitPlanItems.contactId,
      plannedAt: visitPlanItems.plannedAt,
      managerId: visitPlans.managerId,
      unitId: visitPlans.unitId,
      username: users.username,
      managerName: users.displayName,
      code: customers.groupCode,
      name: customers.name,
      customerClass: customers.class,
      callable: sql<boolean>`exists (select 1 from contacts k where k.customer_id = ${visitPlanItems.customerId} and k.active and k.phone <> '')`,
    })
    .from(visitPlanItems)
    .innerJoin(visitPlans, eq(visitPlans.id, visitPlanItems.planId))
    .innerJoin(users, eq(users.id, visitPlans.managerId))
    .innerJoin(customers, eq(customers.id, visitPlanItems.customerId))
    .where(and(eq(visitPlans.status, 'approved'), eq(users.active, true), gte(visitPlanItems.plannedAt, start), lt(visitPlanItems.plannedAt, end)))
    .orderBy(asc(users.username), asc(visitPlanItems.plannedAt), asc(visitPlanItems.id));
}

/** Findings (customers found not visited) of each manager on checked days in the window before the day. */
async function findingsInWindow(db: DbOrTx, managerIds: string[], day: string, windowDays: number): Promise<Map<string, number>> {
  if (managerIds.length === 0) return new Map();
  const rows = await db
    .select({ managerId: spotChecks.managerId, findings: sql<number>`coalesce(sum(${spotChecks.findings}), 0)::int` })
    .from(spotChecks)
    .where(and(inArray(spotChecks.managerId, managerIds), eq(spotChecks.selected, true), gte(spotChecks.day, addDays(day, -windowDays)), lt(spotChecks.day, day)))
    .groupBy(spotChecks.managerId);
  return new Map(rows.map((r) => [r.managerId, r.findings]));
}

/** What earlier runs stored for the day: every manager's decision, the customers drawn and their callbacks. */
async function storedSelection(db: DbOrTx, day: string, due: DueRules, t: RootTranslator): Promise<Map<string, Selection>> {
  const [decisions, items] = await Promise.all([
    db
      .select({
        id: spotChecks.id,
        managerId: spotChecks.managerId,
        unitId: spotChecks.unitId,
        draw: spotChecks.draw,
        selected: spotChecks.selected,
        reasonCode: spotChecks.reasonCode,
        reasonParams: spotChecks.reasonParams,
        manager: users.username,
        managerName: users.displayName,
      })
      .from(spotChecks)
      .innerJoin(users, eq(users.id, spotChecks.managerId))
      .where(eq(spotChecks.day, day)),
    db
      .select({
        spotCheckId: spotCheckItems.spotCheckId,
        planItemId: spotCheckItems.planItemId,
        customerId: spotCheckItems.customerId,
        code: customers.groupCode,
        name: customers.name,
        plannedAt: spotCheckItems.plannedAt,
        draw: spotCheckItems.draw,
        reasonCode: spotCheckItems.reasonCode,
        reasonParams: spotCheckItems.reasonParams,
        taskId: callbackTasks.id,
        dueBy: callbackTasks.dueBy,
      })
      .from(spotCheckItems)
      .innerJoin(spotChecks, eq(spotChecks.id, spotCheckItems.spotCheckId))
      .innerJoin(customers, eq(customers.id, spotCheckItems.customerId))
      .leftJoin(callbackTasks, and(eq(callbackTasks.spotCheckItemId, spotCheckItems.id), eq(callbackTasks.origin, 'sampled')))
      .where(eq(spotChecks.day, day))
      .orderBy(asc(spotCheckItems.draw), asc(spotCheckItems.planItemId)),
  ]);
  const byCheck = new Map<string, SpotCheckCustomer[]>();
  for (const i of items) {
    const list = byCheck.get(i.spotCheckId) ?? [];
    // The first due time follows from the planned time by the rules of the day; the task's next
    // attempt moves on with the attempts.
    list.push(customerView(t, { ...i, dueAt: spotCheckDueAt(i.plannedAt, day, due) }));
    byCheck.set(i.spotCheckId, list);
  }
  return new Map(
    decisions.map((d) => [
      d.managerId,
      {
        managerId: d.managerId,
        manager: d.manager,
        managerName: d.managerName,
        unitId: d.unitId,
        draw: d.draw,
        selected: d.selected,
        reasonCode: d.reasonCode,
        reasonParams: d.reasonParams,
        reason: spotCheckReasonText(t, d.reasonCode, d.reasonParams),
        stored: true,
        customers: byCheck.get(d.id) ?? [],
      },
    ]),
  );
}

/** A decision made now for a manager not decided before, with its customers and their rows to write. */
interface FreshDecision {
  selection: Selection;
  unitId: string;
  items: (PlannedRow & { draw: number; dueAt: Date; dueBy: Date; reasonCode: string; reasonParams: ReasonParams })[];
}

function decideFresh(rows: PlannedRow[], findings: Map<string, number>, day: string, policies: DayPolicies, t: RootTranslator): FreshDecision[] {
  const policy = policies.spotCheck.value;
  const byManager = new Map<string, PlannedRow[]>();
  for (const r of rows) byManager.set(r.managerId, [...(byManager.get(r.managerId) ?? []), r]);
  const out: FreshDecision[] = [];
  for (const [managerId, planned] of byManager) {
    let decision = decideManager({ managerId, findingsInWindow: findings.get(managerId) ?? 0 }, { policy, day });
    const rowOf = new Map(planned.map((p) => [p.planItemId, p]));
    let items: FreshDecision['items'] = [];
    if (decision.selected) {
      const drawn = drawCustomers(planned, { policy, day, due: policies.due });
      if (drawn.drawn.length === 0) decision = withoutCallableCustomer(decision, drawn.planned);
      items = drawn.drawn.map((c) => ({ ...rowOf.get(c.planItemId)!, draw: c.draw, dueAt: c.dueAt, dueBy: c.dueBy, reasonCode: c.reasonCode, reasonParams: c.reasonParams }));
    }
    const first = planned[0];
    out.push({
      unitId: first.unitId,
      items,
      selection: {
        managerId,
        manager: first.username,
        managerName: first.managerName,
        unitId: first.unitId,
        draw: decision.draw,
        selected: decision.selected,
        reasonCode: decision.reasonCode,
        reasonParams: decision.reasonParams,
        reason: spotCheckReasonText(t, decision.reasonCode, decision.reasonParams),
        stored: false,
        customers: items.map((i) => customerView(t, { ...i, taskId: null })),
      },
    });
  }
  return out;
}

/**
 * Writes the decisions made now, in ONE transaction: a spot_checks row per manager (selected or
 * not), the customers drawn and one callback each (kind spot_check, due after the planned time,
 * expiring before the visit could be reported late). A manager-day already decided — by an
 * earlier run, or a run at the same moment — is left as it is (unique manager and day), so
 * running again creates nothing. Returns the callbacks created, for their timers.
 */
async function writeDecisions(
  db: DbOrTx,
  fresh: FreshDecision[],
  ctx: { day: string; policyVersion: number; now: Date; actorId: string | null },
): Promise<{ decided: Set<string>; created: CreatedCallback[] }> {
  if (fresh.length === 0) return { decided: new Set(), created: [] };
  // One lock order for every run (by manager), so two runs at the same moment wait, never deadlock.
  const ordered = [...fresh].sort((a, b) => (a.selection.managerId < b.selection.managerId ? -1 : 1));
  return db.transaction(async (tx) => {
    const month = ctx.day.slice(0, 7);
    const inserted = await inChunks(ordered, (chunk) =>
      tx
        .insert(spotChecks)
        .values(
          chunk.map((f) => ({
            day: ctx.day,
            month,
            managerId: f.selection.managerId,
            unitId: f.unitId,
            policyVersion: ctx.policyVersion,
            draw: f.selection.draw,
            selected: f.selection.selected,
            reasonCode: f.selection.reasonCode,
            reasonParams: f.selection.reasonParams,
            createdAt: ctx.now,
            updatedAt: ctx.now,
          })),
        )
        .onConflictDoNothing({ target: [spotChecks.managerId, spotChecks.day] })
        .returning({ id: spotChecks.id, managerId: spotChecks.managerId }),
    );
    const checkOf = new Map(inserted.map((r) => [r.managerId, r.id]));
    const items = ordered.filter((f) => checkOf.has(f.selection.managerId)).flatMap((f) => f.items.map((i) => ({ ...i, spotCheckId: checkOf.get(f.selection.managerId)! })));
    const itemRows = await inChunks(items, (chunk) =>
      tx
        .insert(spotCheckItems)
        .values(
          chunk.map((i) => ({
            spotCheckId: i.spotCheckId,
            planItemId: i.planItemId,
            customerId: i.customerId,
            contactId: i.contactId,
            plannedAt: i.plannedAt,
            draw: i.draw,
            reasonCode: i.reasonCode,
            reasonParams: i.reasonParams,
          })),
        )
        .returning({ id: spotCheckItems.id, spotCheckId: spotCheckItems.spotCheckId, planItemId: spotCheckItems.planItemId }),
    );
    const itemOf = new Map(itemRows.map((r) => [`${r.spotCheckId}:${r.planItemId}`, r.id]));
    const created = await inChunks(items, (chunk) =>
      tx
        .insert(callbackTasks)
        .values(
          chunk.map((i) => ({
            kind: 'spot_check' as const,
            spotCheckItemId: itemOf.get(`${i.spotCheckId}:${i.planItemId}`)!,
            customerId: i.customerId,
            managerId: i.managerId,
            unitId: i.unitId,
            customerClass: i.customerClass,
            visitedAt: i.plannedAt,
            state: 'waiting' as const,
            origin: 'sampled' as const,
            nextAttemptAt: i.dueAt,
            dueBy: i.dueBy,
            createdAt: ctx.now,
            updatedAt: ctx.now,
          })),
        )
        .returning({ id: callbackTasks.id, nextAttemptAt: callbackTasks.nextAttemptAt }),
    );
    if (inserted.length > 0) {
      const selected = ordered.filter((f) => checkOf.has(f.selection.managerId) && f.selection.selected);
      await recordAudit(tx, {
        actorId: ctx.actorId,
        action: 'spotChecks.selected',
        entityType: 'spot_check_day',
        entityId: ctx.day,
        after: {
          day: ctx.day,
          policyVersion: ctx.policyVersion,
          managersDecided: inserted.length,
          managersSelected: selected.length,
          customers: items.length,
          callbacksCreated: created.length,
          selections: selected.map((f) => ({ manager: f.selection.manager, customers: f.items.map((i) => i.code) })),
        },
      });
    }
    return { decided: new Set(checkOf.keys()), created };
  });
}

/** Rows written a chunk at a time: a statement holds at most 65,535 parameters (a task has 13). */
async function inChunks<T, R>(rows: T[], write: (chunk: T[]) => Promise<R[]>, size = 2000): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += size) out.push(...(await write(rows.slice(i, i + size))));
  return out;
}

/**
 * 电话抽查 of a working day: every manager with approved plan items planned that day
 * (APP_TIMEZONE) is decided once — checked or not, with the draw and the reason, by the
 * `spotCheck` policy in force on the day — and for each checked manager up to N of the day's
 * planned customers are drawn, each with a callback of kind spot_check. Deterministic and
 * idempotent: a second run of the same day decides nothing again and creates nothing, and shows
 * what was stored. A dry run writes nothing and shows what a run would store (what is already
 * stored, plus the decisions still to make). On a day that is not a working day of the calling
 * calendar, or while spot checks are off, nothing is selected. The callbacks' due timers are
 * scheduled once the transaction has committed.
 */
export async function selectSpotChecks(db: DbOrTx, input: { day: string; dryRun?: boolean; now?: Date; actorId?: string | null; locale?: Locale }): Promise<SpotCheckSelection> {
  if (!isRealDay(input.day)) throw ValidationError.field('day', 'spotChecks.dayInvalid', { day: input.day });
  const day = input.day;
  const dryRun = input.dryRun ?? false;
  const now = input.now ?? new Date();
  const t = spotCheckTranslator(input.locale);
  const policies = await dayPolicies(db, day);
  const base = { day, policyVersion: policies.spotCheck.version, dryRun, created: 0 };
  if (!policies.spotCheck.value.enabled) return { ...base, skipped: 'disabled', selections: [] };
  if (!isWorkingDay(day, policies.calendar)) return { ...base, skipped: 'notWorkingDay', selections: [] };

  const timeZone = env().APP_TIMEZONE;
  const [rows, stored] = await Promise.all([plannedItems(db, day, timeZone), storedSelection(db, day, policies.due, t)]);
  const undecided = rows.filter((r) => !stored.has(r.managerId));
  const managerIds = [...new Set(undecided.map((r) => r.managerId))];
  const findings = await findingsInWindow(db, managerIds, day, policies.spotCheck.value.flagWindowDays);
  const fresh = decideFresh(undecided, findings, day, policies, t);

  if (dryRun) {
    const selections = [...stored.values(), ...fresh.map((f) => f.selection)].sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
    return { ...base, selections };
  }
  const { decided, created } = await writeDecisions(db, fresh, { day, policyVersion: policies.spotCheck.version, now, actorId: input.actorId ?? null });
  // After the commit: a timer for a task that does not exist yet would find nothing.
  if (created.length > 0) await scheduleDueTimers(created);
  // What is stored now is the answer, whoever wrote it (this run or one at the same moment).
  const after = await storedSelection(db, day, policies.due, t);
  const selections = [...after.values()]
    .map((s) => (decided.has(s.managerId) ? { ...s, stored: false } : s))
    .sort((a, b) => (a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0));
  return { ...base, selections, created: created.length };
}

/** The daily job: today's selection when today is a working day of the calling calendar and spot checks are on, else nothing. */
export async function selectTodaysSpotChecks(db: DbOrTx, now: Date): Promise<SpotCheckSelection | null> {
  const selection = await selectSpotChecks(db, { day: localDay(now, env().APP_TIMEZONE), now });
  return selection.skipped ? null : selection;
}
