import { aliasedTable, and, asc, count, eq, gte, inArray, sql } from 'drizzle-orm';
import {
  agentPresence,
  callbackAttempts,
  callbackTasks,
  customers,
  queueControls,
  spotCheckItems,
  units,
  users,
  visitPlanItems,
  visitReports,
} from '@/db/schema';
import { CAMPAIGN_KINDS, subjectOf, type CampaignKind } from '@/lib/campaigns/kinds';
import { subjectContacts } from '@/lib/campaigns/subject';
import { assertRole, seesEverything } from '@/lib/auth/guards';
import { instantAt, isWithinCallingHours, localDay, nextCallingInstant } from '@/lib/calling/calendar';
import { outcomeClass, type CallOutcome } from '@/lib/calling/outcomes';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { maskPhone } from '@/lib/users/phone';
import { answeredByPerson, placedCall } from './call-counts';
import { callingPolicyAt } from './policy';
import { taskIdInput } from './schemas';
import { parseInput } from '@/lib/platform/core/parse-input';

type CallbackState = (typeof callbackTasks.$inferSelect)['state'];
type CustomerClass = 'A' | 'B' | 'C' | 'D';
const OPEN_STATES = ['waiting', 'ready', 'held'] as const;

/** The queue_controls row of the callback queue. */
export const QUEUE_KEY = 'callbacks';

async function queueControl(ctx: Ctx) {
  const [row] = await ctx.db
    .select({ paused: queueControls.paused, reason: queueControls.reason, updatedAt: queueControls.updatedAt, updatedBy: users.displayName })
    .from(queueControls)
    .leftJoin(users, eq(users.id, queueControls.updatedBy))
    .where(eq(queueControls.key, QUEUE_KEY));
  return row ?? { paused: false, reason: '', updatedAt: null, updatedBy: null };
}

/** How often the desk renews its lease: well inside the lease, so one lost heartbeat is harmless. */
export function heartbeatSeconds(leaseSeconds: number): number {
  return Math.max(5, Math.min(20, Math.floor(leaseSeconds / 3)));
}

/**
 * The agent's queue panel: whether "take next" can work now (paused? calling hours? the next
 * opening), how many callbacks are due, what the agent did today, and the task they hold.
 */
export async function deskOverview({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'agent');
  const now = ctx.now();
  const policy = await callingPolicyAt(ctx.db, now);
  const startOfDay = instantAt(localDay(now, policy.timeZone), 0, policy.timeZone);
  const [control, [ready], mine, [calledToday], [held]] = await Promise.all([
    queueControl(ctx),
    ctx.db.select({ n: count() }).from(callbackTasks).where(eq(callbackTasks.state, 'ready')),
    ctx.db
      .select({ outcome: callbackAttempts.outcome, n: count() })
      .from(callbackAttempts)
      .where(and(eq(callbackAttempts.agentId, ctx.actor.id), gte(callbackAttempts.endedAt, startOfDay)))
      .groupBy(callbackAttempts.outcome),
    // 今日拨打 / 今日接通 count the call records, never what was submitted: calls the agent placed
    // today (one the line never sent is no call), and those whose contact leg a person answered.
    ctx.db.execute(sql`
      select count(*) filter (where ${placedCall()})::int as placed,
             count(*) filter (where ${answeredByPerson()})::int as answered
        from calls c
       where c.agent_id = ${ctx.actor.id} and c.created_at >= ${startOfDay.toISOString()}`) as unknown as Promise<{ placed: number; answered: number }[]>,
    ctx.db
      .select({ id: callbackTasks.id, leaseExpiresAt: callbackTasks.leaseExpiresAt })
      .from(callbackTasks)
      .where(and(eq(callbackTasks.state, 'held'), eq(callbackTasks.holderId, ctx.actor.id))),
  ]);
  const withinHours = isWithinCallingHours(now, policy.calendar, policy.timeZone);
  const byOutcome = Object.fromEntries(mine.map((r) => [r.outcome, r.n])) as Partial<Record<CallOutcome, number>>;
  const today = {
    /** Calls placed today (from the call records). */
    calls: calledToday?.placed ?? 0,
    /** Calls today whose contact leg a person answered (from the call records). */
    answered: calledToday?.answered ?? 0,
    /** Attempts recorded today. */
    attempts: mine.reduce((s, r) => s + r.n, 0),
    completed: byOutcome.completed ?? 0,
    byOutcome,
  };
  return {
    now,
    paused: control.paused,
    pauseReason: control.reason,
    withinHours,
    nextOpening: withinHours ? now : nextCallingInstant(now, policy.calendar, policy.timeZone),
    /** The calling hours, shown to agents (they cannot open 外呼规则). */
    callingHours: { windows: policy.calendar.windows, weekdays: policy.calendar.weekdays, holidays: policy.calendar.holidays.length > 0 },
    dueNow: ready.n,
    today,
    heldTaskId: held?.id ?? null,
    leaseSeconds: policy.leaseSeconds,
    heartbeatSeconds: heartbeatSeconds(policy.leaseSeconds),
  };
}

export type DeskOverview = Awaited<ReturnType<typeof deskOverview>>;

/**
 * The staff view of the queue: counts by state, class and unit; what is due now, waiting for the
 * calling window or scheduled later; who is online and what each agent holds.
 */
export async function queueOverview({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const now = ctx.now();
  const policy = await callingPolicyAt(ctx.db, now);
  const onlineSince = new Date(now.getTime() - policy.leaseSeconds * 1000);
  const holder = aliasedTable(users, 'holder');
  const [control, byStateRows, openRows, timing, online, held] = await Promise.all([
    queueControl(ctx),
    ctx.db.select({ state: callbackTasks.state, n: count() }).from(callbackTasks).groupBy(callbackTasks.state),
    ctx.db
      .select({ state: callbackTasks.state, kind: callbackTasks.kind, customerClass: callbackTasks.customerClass, unitId: callbackTasks.unitId, unitName: units.name, n: count() })
      .from(callbackTasks)
      .leftJoin(units, eq(units.id, callbackTasks.unitId))
      .where(inArray(callbackTasks.state, [...OPEN_STATES]))
      .groupBy(callbackTasks.state, callbackTasks.kind, callbackTasks.customerClass, callbackTasks.unitId, units.name),
    ctx.db
      .select({
        scheduled: sql<number>`count(*) filter (where ${callbackTasks.state} = 'waiting' and ${callbackTasks.nextAttemptAt} > ${now.toISOString()})`.mapWith(Number),
        dueTimers: sql<number>`count(*) filter (where ${callbackTasks.state} = 'waiting' and ${callbackTasks.nextAttemptAt} <= ${now.toISOString()})`.mapWith(Number),
        appointments: sql<number>`count(*) filter (where ${callbackTasks.appointmentAt} is not null)`.mapWith(Number),
        nextScheduled: sql<Date | null>`min(${callbackTasks.nextAttemptAt}) filter (where ${callbackTasks.state} = 'waiting' and ${callbackTasks.nextAttemptAt} > ${now.toISOString()})`,
      })
      .from(callbackTasks)
      .where(inArray(callbackTasks.state, ['waiting', 'ready'])),
    ctx.db
      .select({ agentId: agentPresence.agentId, name: users.displayName, username: users.username, lastSeenAt: agentPresence.lastSeenAt })
      .from(agentPresence)
      .innerJoin(users, eq(users.id, agentPresence.agentId))
      .where(gte(agentPresence.lastSeenAt, onlineSince))
      .orderBy(asc(users.displayName)),
    ctx.db
      .select({
        taskId: callbackTasks.id,
        kind: callbackTasks.kind,
        holderId: callbackTasks.holderId,
        holderName: holder.displayName,
        customerName: customers.name,
        customerClass: callbackTasks.customerClass,
        attempts: callbackTasks.attempts,
        heldAt: callbackTasks.heldAt,
        leaseExpiresAt: callbackTasks.leaseExpiresAt,
      })
      .from(callbackTasks)
      .innerJoin(customers, eq(customers.id, callbackTasks.customerId))
      .leftJoin(holder, eq(holder.id, callbackTasks.holderId))
      .where(eq(callbackTasks.state, 'held'))
      .orderBy(asc(callbackTasks.heldAt)),
  ]);

  const byState = Object.fromEntries(['waiting', 'ready', 'held', 'closed', 'unreachable', 'cancelled'].map((s) => [s, 0])) as Record<CallbackState, number>;
  for (const r of byStateRows) byState[r.state] = r.n;
  const emptyOpen = () => ({ waiting: 0, ready: 0, held: 0, total: 0 });
  const byClass = Object.fromEntries((['A', 'B', 'C', 'D'] as const).map((c) => [c, emptyOpen()])) as Record<CustomerClass, ReturnType<typeof emptyOpen>>;
  const byKind = Object.fromEntries(CAMPAIGN_KINDS.map((k) => [k, emptyOpen()])) as Record<CampaignKind, ReturnType<typeof emptyOpen>>;
  const unitMap = new Map<string, { unitId: string | null; unitName: string | null } & ReturnType<typeof emptyOpen>>();
  for (const r of openRows) {
    const state = r.state as (typeof OPEN_STATES)[number];
    byClass[r.customerClass][state] += r.n;
    byClass[r.customerClass].total += r.n;
    byKind[r.kind][state] += r.n;
    byKind[r.kind].total += r.n;
    const key = r.unitId ?? '';
    const u = unitMap.get(key) ?? { unitId: r.unitId, unitName: r.unitName, ...emptyOpen() };
    u[state] += r.n;
    u.total += r.n;
    unitMap.set(key, u);
  }
  const withinHours = isWithinCallingHours(now, policy.calendar, policy.timeZone);
  const heldByAgent = new Map(held.map((h) => [h.holderId, h]));
  return {
    now,
    paused: control.paused,
    pauseReason: control.reason,
    pausedBy: control.updatedBy,
    pausedAt: control.updatedAt,
    withinHours,
    nextOpening: withinHours ? now : nextCallingInstant(now, policy.calendar, policy.timeZone),
    byState,
    byClass,
    /** Open callbacks by campaign kind (回访核实, 电话抽查). */
    byKind,
    byUnit: [...unitMap.values()].sort((a, b) => b.total - a.total || (a.unitName ?? '').localeCompare(b.unitName ?? '')),
    // Ready tasks are offered only inside calling hours; outside they wait for the window.
    dueNow: withinHours ? byState.ready : 0,
    waitingForWindow: withinHours ? 0 : byState.ready,
    scheduled: timing[0]?.scheduled ?? 0,
    dueTimersPending: timing[0]?.dueTimers ?? 0,
    nextScheduled: timing[0]?.nextScheduled ? new Date(timing[0].nextScheduled) : null,
    leaseSeconds: policy.leaseSeconds,
    agentsOnline: online.map((a) => ({ ...a, task: heldByAgent.get(a.agentId) ?? null })),
    held: held.map((h) => ({ ...h, lapsed: h.leaseExpiresAt ? h.leaseExpiresAt.getTime() < now.getTime() : true })),
  };
}

export type QueueOverview = Awaited<ReturnType<typeof queueOverview>>;

/**
 * What an agent sees of the callback they hold: the customer, the contacts it may ring (phones
 * MASKED — the full number never leaves the server for an agent; the call is placed by the
 * server), the manager, what the callback asks about — the reported visit (a verification) or the
 * planned visit (a spot check) — earlier attempts and flags. Agents see only the task they hold
 * (anything else is "not found"); staff and admin see any task.
 */
export async function getCallbackForAgent({ ctx, input }: { ctx: Ctx; input: { taskId: string } }) {
  assertRole(ctx.actor, 'agent', 'staff', 'admin');
  const { taskId } = parseInput(taskIdInput, input);
  const manager = aliasedTable(users, 'manager');
  const [row] = await ctx.db
    .select({
      task: callbackTasks,
      customer: { name: customers.name, groupCode: customers.groupCode, class: customers.class, address: customers.address },
      managerName: manager.displayName,
      unitName: units.name,
      visit: {
        id: visitReports.id,
        type: visitReports.type,
        visitedAt: visitReports.visitedAt,
        reportedAt: visitReports.reportedAt,
        purpose: visitReports.purpose,
        late: visitReports.late,
        checkInMethod: visitReports.checkInMethod,
      },
      plan: { plannedAt: visitPlanItems.plannedAt, place: visitPlanItems.place, purpose: visitPlanItems.purpose, contactName: visitPlanItems.contactName },
    })
    .from(callbackTasks)
    .innerJoin(customers, eq(customers.id, callbackTasks.customerId))
    .innerJoin(manager, eq(manager.id, callbackTasks.managerId))
    .leftJoin(visitReports, eq(visitReports.id, callbackTasks.visitId))
    .leftJoin(spotCheckItems, eq(spotCheckItems.id, callbackTasks.spotCheckItemId))
    .leftJoin(visitPlanItems, eq(visitPlanItems.id, spotCheckItems.planItemId))
    .leftJoin(units, eq(units.id, callbackTasks.unitId))
    .where(eq(callbackTasks.id, taskId));
  if (!row) throw new NotFoundError();
  if (!seesEverything(ctx.actor) && !(row.task.state === 'held' && row.task.holderId === ctx.actor.id)) throw new NotFoundError();

  const agent = aliasedTable(users, 'agent');
  const [reachable, attempts, policy] = await Promise.all([
    subjectContacts(ctx.db, subjectOf(row.task)),
    ctx.db
      .select({
        attemptNo: callbackAttempts.attemptNo,
        outcome: callbackAttempts.outcome,
        appointmentAt: callbackAttempts.appointmentAt,
        notes: callbackAttempts.notes,
        endedAt: callbackAttempts.endedAt,
        agentName: agent.displayName,
      })
      .from(callbackAttempts)
      .innerJoin(agent, eq(agent.id, callbackAttempts.agentId))
      .where(eq(callbackAttempts.taskId, taskId))
      .orderBy(asc(callbackAttempts.attemptNo)),
    callingPolicyAt(ctx.db, ctx.now()),
  ]);
  const t = row.task;
  const noContact = attempts.filter((a) => outcomeClass(a.outcome) === 'no_contact').length;
  const v = row.visit;
  return {
    task: {
      id: t.id,
      kind: t.kind,
      state: t.state,
      origin: t.origin,
      attempts: t.attempts,
      nextAttemptNo: t.attempts + 1,
      noContactLeft: Math.max(0, policy.rules.maxAttempts - noContact),
      maxAttempts: policy.rules.maxAttempts,
      appointmentAt: t.appointmentAt,
      heldAt: t.heldAt,
      leaseExpiresAt: t.leaseExpiresAt,
      dueBy: t.dueBy,
      heldByMe: t.state === 'held' && t.holderId === ctx.actor.id,
    },
    customer: row.customer,
    unitName: row.unitName,
    managerName: row.managerName,
    /** The reported visit a verification asks about (null for a spot check). */
    visit: v ? { type: v.type, visitedAt: v.visitedAt, reportedAt: v.reportedAt, purpose: v.purpose, checkInMethod: v.checkInMethod } : null,
    /** The planned visit a spot check asks about (null for a verification). */
    plan: row.plan,
    // The phone is masked for everyone here: nobody needs the full number to work the queue.
    contacts: reachable.map((c) => ({ id: c.id, name: c.name, title: c.title, role: c.role, phoneMasked: maskPhone(c.phone) })),
    attempts,
    flags: {
      late: v?.late ?? false,
      boosted: t.boosted,
      recheck: t.origin === 'recheck',
      appointment: t.appointmentAt !== null,
      lastAttempt: noContact + 1 >= policy.rules.maxAttempts,
    },
  };
}

export type CallbackPreview = Awaited<ReturnType<typeof getCallbackForAgent>>;
