import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { agentPresence } from '@/db/schema';
import { assertRole } from '@/lib/auth/guards';
import { auditRowsFrom } from '@/lib/platform/audit/record';
import { formatLocal, isWithinCallingHours, nextCallingInstant } from '@/lib/calling/calendar';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { NotHolderError, OutsideCallingHoursError, QueuePausedError, ReleaseAfterContactError } from '@/lib/callbacks/errors';
import { callingPolicyAt, callingPolicyColumn, callingPolicyFromRow, type CallingPolicy } from '@/lib/callbacks/policy';
import { CONTACT_DIALLED } from '@/lib/callbacks/contact-dialled';
import { QUEUE_KEY } from '@/lib/callbacks/queries';
import { parseInput as parse } from '@/lib/platform/core/parse-input';
import { preparedRows } from '@/lib/platform/core/sql';
import { releaseInput, taskIdInput, type ReleaseInput } from '@/lib/callbacks/schemas';
import { scheduleLeaseTimer } from '@/lib/callbacks/timers';
import type { CampaignKind } from '@/lib/campaigns/kinds';

/**
 * An agent's hold on a callback task at the desk: take the next one, renew its lease, keep the
 * agent present, put it back. The tasks and their queue are lib/callbacks'; the desk works them.
 */

/** What "take next" hands an agent: enough to show the task; the preview has the rest. */
export interface HeldCallback {
  id: string;
  kind: CampaignKind;
  customerName: string;
  customerClass: 'A' | 'B' | 'C' | 'D';
  visitedAt: Date;
  attempts: number;
  appointmentAt: Date | null;
  heldAt: Date;
  leaseExpiresAt: Date;
  leaseSeconds: number;
}

export type TakeNextResult = { status: 'held'; task: HeldCallback; resumed: boolean } | { status: 'none' };

export interface HeldRow {
  id: string;
  kind: CampaignKind;
  customer_name: string;
  customer_class: 'A' | 'B' | 'C' | 'D';
  visited_at: Date;
  attempts: number;
  appointment_at: Date | null;
  held_at: Date;
  lease_expires_at: Date;
}

/** A claim's answer row (HELD_COLUMNS), as the desk shows it. */
export const heldView = (row: HeldRow, leaseSeconds: number): HeldCallback => ({
  id: row.id,
  kind: row.kind,
  customerName: row.customer_name,
  customerClass: row.customer_class,
  visitedAt: new Date(row.visited_at),
  attempts: row.attempts,
  appointmentAt: row.appointment_at ? new Date(row.appointment_at) : null,
  heldAt: new Date(row.held_at),
  leaseExpiresAt: new Date(row.lease_expires_at),
  leaseSeconds,
});

async function touchPresenceIn(db: DbOrTx, agentId: string, now: Date) {
  await db
    .insert(agentPresence)
    .values({ agentId, lastSeenAt: now })
    .onConflictDoUpdate({ target: agentPresence.agentId, set: { lastSeenAt: now } });
}

export function isOnePerAgentViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
  const c = e.cause ?? e;
  return c.code === '23505' && c.constraint_name === 'callback_tasks_one_per_agent';
}

/**
 * "Take next callback": hands the agent the highest-priority ready task, atomically. The pick is
 * one UPDATE over `SELECT … ORDER BY dispatch_rank, visited_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`
 * (the partial index of ready tasks), so concurrent agents — in any number of processes — each
 * lock a different row and none waits for another. An agent who already holds a task gets it
 * back (an agent holds at most one; the database's unique index enforces it). Starts a lease
 * that the desk's heartbeat renews and a 'callback.lease' timer that returns the task if it lapses.
 */
export async function takeNextCallback({ ctx }: { ctx: Ctx }): Promise<TakeNextResult> {
  assertRole(ctx.actor, 'agent');
  try {
    return await takeOnce(ctx);
  } catch (error) {
    // Two takes by the same agent at once (a double click): the loser finds the winner's task.
    if (isOnePerAgentViolation(error)) return takeOnce(ctx);
    throw error;
  }
}

/** What deskStateColumns reads (with the calling policy beside it). */
export interface DeskState {
  policy: { version: number; value: unknown } | null;
  control: { paused: boolean; reason: string } | null;
  held_id: string | null;
}

/** The columns a claim answers with (`t` the task, `c` its customer): HeldRow. */
export const HELD_COLUMNS = sql.raw(
  't.id, t.kind, c.name as customer_name, t.customer_class, t.visited_at, t.attempts, t.appointment_at, t.held_at, t.lease_expires_at',
);

/**
 * What decides a take beside the calling policy, as select columns: the pause switch (`control`)
 * and the task this agent may already hold (`held_id`) — read in the same round trip as the rest
 * of a request ("save and next" reads the outcome's state with them, lib/desk/next.ts).
 */
export function deskStateColumns(agentId: string): SQL {
  return sql`(select json_build_object('paused', paused, 'reason', reason) from queue_controls where key = ${QUEUE_KEY}) as control,
      (select id from callback_tasks where state = 'held' and holder_id = ${agentId} limit 1) as held_id`;
}

/** Why no task may be taken now — the queue paused, or outside calling hours — or null. */
export function takeRefusal(control: DeskState['control'], policy: CallingPolicy, now: Date): Error | null {
  if (control?.paused) return new QueuePausedError(control.reason);
  if (!isWithinCallingHours(now, policy.calendar, policy.timeZone)) {
    const opening = nextCallingInstant(now, policy.calendar, policy.timeZone);
    return new OutsideCallingHoursError(opening, opening ? formatLocal(opening, policy.timeZone) : '—', policy.calendar);
  }
  return null;
}

/**
 * The claim as CTEs of a larger statement — `picked`, `claimed` (the task now held, all its
 * columns), `presence`, `taken` (its audit entry) — for `with … select ${HELD_COLUMNS} from
 * claimed t join customers c on c.id = t.customer_id`. `after`: a CTE of the same statement that
 * must have returned a row for anything to be claimed ("save and next": the finish's audit entry).
 * Reading it first also makes PostgreSQL run that CTE (and what it reads) before the claim, so
 * the agent holds nothing when the claimed row enters the one-task-per-agent index.
 */
export function claimCtes(agentId: string, now: Date, leaseExpiresAt: Date, after?: string): SQL {
  const at = now.toISOString();
  const lease = leaseExpiresAt.toISOString();
  return sql`
    picked as (
      select id from callback_tasks
      where state = 'ready'
        -- A dispute's re-callback goes to another agent than the one whose call is disputed.
        and (excluded_agent_id is null or excluded_agent_id <> ${agentId})
        -- Past its campaign's deadline it is no longer asked (expireOverdueCallbacks cancels it).
        and (due_by is null or due_by > ${at}::timestamptz)
        ${after ? sql`and exists (select 1 from ${sql.identifier(after)})` : sql``}
      order by dispatch_rank, visited_at, id
      limit 1
      for update skip locked
    ), claimed as (
      update callback_tasks t
      set state = 'held', holder_id = ${agentId}, held_at = ${at}, lease_expires_at = ${lease}, updated_at = ${at}
      from picked
      where t.id = picked.id
      returning t.*
    ), presence as (
      insert into agent_presence (agent_id, last_seen_at) values (${agentId}, ${at})
      on conflict (agent_id) do update set last_seen_at = excluded.last_seen_at
    ), taken as (
      ${auditRowsFrom('claimed', {
        actorId: agentId,
        action: 'callback.taken',
        entityType: 'callback_task',
        entityId: sql`claimed.id::text`,
        after: sql`jsonb_build_object('state', 'held', 'leaseExpiresAt', ${lease}::text, 'attempts', claimed.attempts)`,
      })}
    )`;
}

async function takeOnce(ctx: Ctx): Promise<TakeNextResult> {
  const now = ctx.now();
  const at = now.toISOString();
  const agentId = ctx.actor.id;
  // One round trip for what decides the request: the calling policy in force today, the pause
  // switch and the task this agent may already hold.
  const [state] = await preparedRows<DeskState>(ctx.db, sql`select ${callingPolicyColumn(now)}, ${deskStateColumns(agentId)}`);
  const policy = callingPolicyFromRow(state.policy);
  const leaseExpiresAt = new Date(now.getTime() + policy.leaseSeconds * 1000);
  const lease = leaseExpiresAt.toISOString();

  if (state.held_id) {
    const [row] = (await ctx.db.execute(sql`
      with renewed as (
        update callback_tasks set lease_expires_at = ${lease}, updated_at = ${at}
        where id = ${state.held_id} and state = 'held' and holder_id = ${agentId}
        returning *
      ), presence as (
        insert into agent_presence (agent_id, last_seen_at) select ${agentId}, ${at} from renewed
        on conflict (agent_id) do update set last_seen_at = excluded.last_seen_at
      )
      select ${HELD_COLUMNS} from renewed t join customers c on c.id = t.customer_id`)) as unknown as HeldRow[];
    // The lease lapsed between the two statements: take afresh.
    if (!row) return takeOnce(ctx);
    return { status: 'held', task: heldView(row, policy.leaseSeconds), resumed: true };
  }

  const refusal = takeRefusal(state.control, policy, now);
  if (refusal) throw refusal;

  // The claim, the agent's presence and the audit entry in ONE statement: atomic without an
  // explicit transaction, and the picked row stays locked for a single round trip only — which
  // is what lets many agents claim at once (the audit row is recordAudit's, set-based: auditRowsFrom).
  const [row] = await preparedRows<HeldRow>(ctx.db, sql`
    with ${claimCtes(agentId, now, leaseExpiresAt)}
    select ${HELD_COLUMNS} from claimed t join customers c on c.id = t.customer_id`);
  if (!row) return { status: 'none' };
  await scheduleLeaseTimer(row.id, leaseExpiresAt);
  return { status: 'held', task: heldView(row, policy.leaseSeconds), resumed: false };
}

/**
 * The desk's heartbeat: pushes the lease of the agent's task forward. Only the holder can.
 * Not audited: a heartbeat is not a decision, and one every 20 s per agent would bury the log;
 * what matters — the task returning when the heartbeats stop — is audited by the lease timer.
 * The lease timer already scheduled chains itself to the new expiry when it fires.
 */
export async function renewLease({ ctx, input }: { ctx: Ctx; input: { taskId: string } }): Promise<{ leaseExpiresAt: Date; leaseSeconds: number }> {
  assertRole(ctx.actor, 'agent');
  const { taskId } = parse(taskIdInput, input);
  const now = ctx.now();
  const policy = await callingPolicyAt(ctx.db, now);
  const leaseExpiresAt = new Date(now.getTime() + policy.leaseSeconds * 1000);
  const at = now.toISOString();
  const agentId = ctx.actor.id;
  const [row] = (await ctx.db.execute(sql`
    with renewed as (
      update callback_tasks set lease_expires_at = ${leaseExpiresAt.toISOString()}, updated_at = ${at}
      where id = ${taskId} and state = 'held' and holder_id = ${agentId}
      returning id
    ), presence as (
      insert into agent_presence (agent_id, last_seen_at) select ${agentId}, ${at} from renewed
      on conflict (agent_id) do update set last_seen_at = excluded.last_seen_at
    )
    select id from renewed`)) as unknown as { id: string }[];
  if (!row) throw new NotHolderError();
  return { leaseExpiresAt, leaseSeconds: policy.leaseSeconds };
}

/** The desk's heartbeat while the agent holds nothing: "online" for the queue page. */
export async function touchPresence({ ctx }: { ctx: Ctx }): Promise<void> {
  assertRole(ctx.actor, 'agent');
  await touchPresenceIn(ctx.db, ctx.actor.id, ctx.now());
}

/**
 * The agent gives the task back unworked, with a reason: ready again, the attempt not counted.
 * Only while the attempt has not begun: once a call of this attempt has dialled the contact
 * (their phone rang, or they answered), the attempt must end with an outcome — else a contact
 * could be called again and again without using attempts or the retry spacing. A call that
 * only rang the agent's own phone, or failed before dialling the contact, does not count.
 * One statement (release, presence, audit), like "take next": agents do this constantly.
 */
export async function releaseCallback({ ctx, input }: { ctx: Ctx; input: ReleaseInput }): Promise<{ taskId: string }> {
  assertRole(ctx.actor, 'agent');
  const { taskId, reason, note } = parse(releaseInput, input);
  const at = ctx.now().toISOString();
  const agentId = ctx.actor.id;
  const [row] = (await ctx.db.execute(sql`
    with released as (
      update callback_tasks t set state = 'ready', holder_id = null, held_at = null, lease_expires_at = null, updated_at = ${at}
      where t.id = ${taskId} and t.state = 'held' and t.holder_id = ${agentId} and not exists (${CONTACT_DIALLED})
      returning t.id
    ), presence as (
      insert into agent_presence (agent_id, last_seen_at) values (${agentId}, ${at})
      on conflict (agent_id) do update set last_seen_at = excluded.last_seen_at
    ), audit as (
      ${auditRowsFrom('released', {
        actorId: agentId,
        action: 'callback.released',
        entityType: 'callback_task',
        entityId: sql`released.id::text`,
        before: sql`jsonb_build_object('state', 'held', 'holderId', ${agentId}::text)`,
        after: sql`jsonb_build_object('state', 'ready', 'reason', ${reason}::text, 'note', ${note}::text)`,
      })}
    )
    select id from released`)) as unknown as { id: string }[];
  if (row) return { taskId };
  // Refused: say why (a second read, only on this rare path).
  const [why] = (await ctx.db.execute(sql`
    select t.id, (t.state = 'held' and t.holder_id = ${agentId}) as mine, exists (${CONTACT_DIALLED}) as dialled
      from callback_tasks t where t.id = ${taskId}`)) as unknown as { id: string; mine: boolean; dialled: boolean }[];
  if (!why) throw new NotFoundError();
  if (why.mine && why.dialled) throw new ReleaseAfterContactError();
  throw new NotHolderError();
}
