import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { insertJson } from '@/lib/platform/core/sql';

/**
 * Writing in-app notifications, in the transaction of the change they announce (so a rolled-back
 * change announces nothing). Reading and marking them read is in ./queries.ts.
 */

export type NotificationKind =
  | 'verdicts_published'
  | 'dispute_decided'
  | 'dispute_filed'
  | 'recallback_done'
  | 'plan_submitted'
  | 'plan_approved'
  | 'plan_rejected'
  | 'sign_in_failures'
  /** 电话抽查: a manager's findings reached the removal threshold (to the unit's supervisors and staff). */
  | 'removal_suggested'
  /** Staff cleared a manager's 建议调离 flag, with their reason (to the unit's supervisors). */
  | 'removal_flag_cleared'
  /** 电话抽查: customers of a manager's checked day said the manager did not come (to the manager). */
  | 'spot_check_not_visited';

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  params: Record<string, string | number>;
  link: string | null;
}

/** Appends the notifications; the returned promise is already running (see insertJson). */
export function addNotifications(tx: DbOrTx, list: readonly NewNotification[], now: Date): Promise<unknown> {
  return insertJson(
    tx,
    list.map((n) => ({ u: n.userId, k: n.kind, p: n.params, l: n.link })),
    (src) => sql`
      insert into notifications (user_id, kind, params, link, created_at)
      select x.u, x.k, x.p, x.l, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${src}) as x(u uuid, k text, p jsonb, l text)`,
  );
}
