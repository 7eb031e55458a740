import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { insertJson } from '@/lib/platform/core/sql';
import type { NewVerdictVersion, VerdictCause } from '@/lib/verdicts/store';

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
  | 'sign_in_failures';

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

/**
 * One notification per manager and month for the final verdicts an evaluation published (pure).
 * A dispute's own decision is announced by the dispute (see lib/disputes), not again here.
 */
export function verdictPublications(versions: readonly NewVerdictVersion[], cause: VerdictCause): NewNotification[] {
  if (cause === 'dispute') return [];
  const byManagerMonth = new Map<string, { managerId: string; month: string; count: number; invalid: number }>();
  for (const v of versions) {
    if (!v.verdict.final) continue;
    const key = `${v.managerId}|${v.month}`;
    const entry = byManagerMonth.get(key) ?? { managerId: v.managerId, month: v.month, count: 0, invalid: 0 };
    entry.count++;
    if (v.verdict.status === 'invalid') entry.invalid++;
    byManagerMonth.set(key, entry);
  }
  return [...byManagerMonth.values()].map((e) => ({
    userId: e.managerId,
    kind: 'verdicts_published',
    params: { month: e.month, count: e.count, invalid: e.invalid },
    link: `/my-month?month=${e.month}`,
  }));
}
