import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { assertRole } from '@/lib/auth/guards';
import { addNotifications, type NewNotification } from '@/lib/notifications/store';
import { recordAudit } from '@/lib/platform/audit/record';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { column, decodedRows, toDate } from '@/lib/platform/core/sql';
import { dayOf } from '@/lib/platform/time/zone';
import { policyInForce } from '@/lib/policy/policies';
import { flagDue, flagWindow } from './finding-rules';
import { clearManagerFlagInput, type ClearManagerFlagInput } from './schemas';

export { clearManagerFlagInput, type ClearManagerFlagInput };

/**
 * 建议调离: the removal flag on a manager whose spot-check findings over the policy window reached
 * the threshold. Raised by the evaluation (in its transaction), listed for the unit view and the
 * staff's 电话抽查 page, and cleared only by staff with a reason.
 */

/** An open flag as the unit view and the staff page show it. */
export interface OpenManagerFlag {
  id: string;
  managerId: string;
  managerName: string;
  managerUsername: string;
  /** The manager's unit now (users.unit_id), which decides which supervisor sees it. */
  unitId: string | null;
  unitName: string | null;
  kind: 'removal_suggested';
  /** The findings that raised it, the threshold and the window in days, as they were then. */
  count: number;
  threshold: number;
  windowDays: number;
  raisedAt: Date;
}

const openFlagRow = z.object({
  id: z.string(),
  managerId: z.string(),
  managerName: z.string(),
  managerUsername: z.string(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  raisedAt: column.instant,
});

/**
 * The open removal flags, oldest first — of one unit's managers (the unit they are in now) or of
 * everyone. Data access: the caller has checked the reader's role and scope (a supervisor reads
 * their own unit's, staff and admin any).
 */
export async function openManagerFlags(db: DbOrTx, filter: { unitId?: string | null } = {}): Promise<OpenManagerFlag[]> {
  const found = await decodedRows(
    db,
    openFlagRow,
    sql`
      select f.id, f.manager_id as "managerId", u.display_name as "managerName", u.username as "managerUsername",
             u.unit_id as "unitId", un.name as "unitName", f.params, f.raised_at as "raisedAt"
        from manager_flags f
        join users u on u.id = f.manager_id
        left join units un on un.id = u.unit_id
       where f.cleared_at is null and f.kind = 'removal_suggested'
         ${filter.unitId ? sql`and u.unit_id = ${filter.unitId}::uuid` : sql``}
       order by f.raised_at, f.id`,
  );
  const num = (v: string | number | undefined) => (v === undefined ? 0 : Number(v));
  return found.map((r) => ({
    id: r.id,
    managerId: r.managerId,
    managerName: r.managerName,
    managerUsername: r.managerUsername,
    unitId: r.unitId,
    unitName: r.unitName,
    kind: 'removal_suggested',
    count: num(r.params?.count),
    threshold: num(r.params?.threshold),
    windowDays: num(r.params?.windowDays),
    raisedAt: toDate(r.raisedAt),
  }));
}

/** Active supervisors of a unit and, when asked, every active staff member: who hears of a flag. */
async function flagRecipients(db: DbOrTx, unitId: string | null, withStaff: boolean) {
  return decodedRows(
    db,
    z.object({ id: z.string(), role: z.string() }),
    sql`
      select id, role from users
       where active and ((role = 'supervisor' and unit_id = ${unitId}::uuid) ${withStaff ? sql`or role = 'staff'` : sql``})
       order by role, id`,
  );
}

/** Where a notice about a flag leads: staff to 电话抽查, a supervisor to their unit's view. */
const flagLink = (role: string) => (role === 'supervisor' ? '/unit' : '/spot-checks');

/**
 * Raises the manager's removal flag when the findings of the checked days in the window (since
 * the last clearing) reach the threshold of the spotCheck policy in force today and none is
 * open: the flag, a notice to the unit's supervisors and to staff, an audit entry. Runs inside
 * the evaluation's transaction; two evaluations at once raise one flag (the open-flag unique
 * index, ON CONFLICT DO NOTHING), and only the one that raised it notifies. Returns the new
 * flag's id, or null.
 */
export async function raiseRemovalFlagIfDue(tx: DbOrTx, managerId: string, now: Date): Promise<string | null> {
  const today = dayOf(now, env().APP_TIMEZONE);
  const policy = (await policyInForce(tx, 'spotCheck', today)).value;
  const [state] = await decodedRows(
    tx,
    z.object({ open: z.boolean(), cleared: z.string().nullable(), unitId: z.string().nullable(), name: z.string() }),
    sql`
      select exists (select 1 from manager_flags where manager_id = u.id and kind = 'removal_suggested' and cleared_at is null) as open,
             (select to_char(max(cleared_at) at time zone ${env().APP_TIMEZONE}, 'YYYY-MM-DD') from manager_flags
               where manager_id = u.id and kind = 'removal_suggested') as cleared,
             u.unit_id as "unitId", u.display_name as name
        from users u where u.id = ${managerId}::uuid`,
  );
  if (!state || state.open) return null;
  const window = flagWindow(today, policy, state.cleared);
  const [{ count }] = await decodedRows(
    tx,
    z.object({ count: z.number() }),
    sql`
      select coalesce(sum(findings), 0)::int as count from spot_checks
       where manager_id = ${managerId}::uuid and selected and result is not null
         and day between ${window.from}::date and ${window.to}::date`,
  );
  if (!flagDue({ findingsInWindow: count, hasOpenFlag: state.open, policy })) return null;
  const params = { count, threshold: policy.flagThreshold, windowDays: policy.flagWindowDays, from: window.from, to: window.to };
  const [raised] = await decodedRows(
    tx,
    z.object({ id: z.string() }),
    sql`
      insert into manager_flags (manager_id, unit_id, kind, params, raised_at)
      values (${managerId}::uuid, ${state.unitId}::uuid, 'removal_suggested', ${JSON.stringify(params)}::jsonb, ${now.toISOString()}::timestamptz)
      on conflict (manager_id, kind) where cleared_at is null do nothing
      returning id`,
  );
  if (!raised) return null;
  const recipients = await flagRecipients(tx, state.unitId, true);
  const notice = { manager: state.name, count, threshold: policy.flagThreshold, days: policy.flagWindowDays };
  await Promise.all([
    addNotifications(
      tx,
      recipients.map((r): NewNotification => ({ userId: r.id, kind: 'removal_suggested', params: notice, link: flagLink(r.role) })),
      now,
    ),
    recordAudit(tx, { actorId: null, action: 'managerFlag.raised', entityType: 'manager_flag', entityId: raised.id, after: { managerId, kind: 'removal_suggested', ...params } }),
  ]);
  return raised.id;
}

/**
 * Staff (or admin) clear a manager's 建议调离 flag, saying why (the manager was talked to, moved,
 * the findings were disputed…). The reason stays on the flag and in the audit log; the unit's
 * supervisors are told. The findings before the clearing no longer count towards a new flag.
 */
export async function clearManagerFlag({ ctx, input }: { ctx: Ctx; input: ClearManagerFlagInput }): Promise<{ flagId: string; clearedAt: Date }> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { flagId, reason } = parseInput(clearManagerFlagInput, input);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [flag] = await decodedRows(
      tx,
      z.object({ id: z.string(), managerId: z.string(), unitId: z.string().nullable(), clearedAt: column.instant.nullable(), params: z.unknown(), name: z.string() }),
      sql`
        select f.id, f.manager_id as "managerId", u.unit_id as "unitId", f.cleared_at as "clearedAt", f.params, u.display_name as name
          from manager_flags f join users u on u.id = f.manager_id
         where f.id = ${flagId}::uuid
           for update of f`,
    );
    if (!flag) throw new NotFoundError();
    if (flag.clearedAt) throw new ConflictError('spotCheckResults.flagAlreadyCleared');
    await tx.execute(sql`
      update manager_flags set cleared_at = ${now.toISOString()}::timestamptz, cleared_by = ${ctx.actor.id}::uuid, clear_reason = ${reason}
       where id = ${flagId}::uuid`);
    const supervisors = await flagRecipients(tx, flag.unitId, false);
    await Promise.all([
      recordAudit(tx, {
        actorId: ctx.actor.id,
        action: 'managerFlag.cleared',
        entityType: 'manager_flag',
        entityId: flagId,
        before: { managerId: flag.managerId, kind: 'removal_suggested', params: flag.params },
        after: { cleared: true, reason },
      }),
      addNotifications(
        tx,
        supervisors.map((s): NewNotification => ({
          userId: s.id,
          kind: 'removal_flag_cleared',
          params: { manager: flag.name, clearedBy: ctx.actor.displayName, reason },
          link: flagLink(s.role),
        })),
        now,
      ),
    ]);
    return { flagId, clearedAt: now };
  });
}
