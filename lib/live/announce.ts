import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rows } from '@/lib/platform/core/sql';
import { logger } from '@/lib/platform/log';
import { publishLive } from './publish';

/** The active supervisors of the managers' units: they view those managers' visits and disputes. */
export async function supervisorsOf(db: DbOrTx, managerIds: readonly string[]): Promise<string[]> {
  try {
    const found = await rows<{ id: string }>(
      db,
      sql`select s.id from users s join users m on m.unit_id = s.unit_id
           where s.role = 'supervisor' and s.active
             and m.id in (select jsonb_array_elements_text(${JSON.stringify(managerIds)}::jsonb)::uuid)`,
    );
    return found.map((r) => r.id);
  } catch (err) {
    // Their page shows the change on its next load; the manager and staff are still told.
    logger.warn({ err }, 'supervisors not found for a live event');
    return [];
  }
}

/**
 * After a visit's evaluation committed: its page refreshes for those who may view it — its
 * manager, the supervisors of the manager's unit, and staff — and the manager's bell when
 * verdicts were written (final ones bring a notification, see lib/verdicts/publications.ts
 * verdictPublications).
 */
export async function announceVisitEvaluated(db: DbOrTx, visitId: string, results: readonly { managerId: string; verdicts: number }[]): Promise<void> {
  const managers = [...new Set(results.map((r) => r.managerId))];
  const supervisors = await supervisorsOf(db, managers);
  await publishLive({ users: [...managers, ...supervisors], staff: true }, { topic: 'visit', id: visitId });
  // A new verdict version may have brought a notification; the bell re-reads its count (cheap).
  const published = results.filter((r) => r.verdicts > 0).map((r) => r.managerId);
  if (published.length > 0) await publishLive({ users: published }, { topic: 'notification', id: null });
}
