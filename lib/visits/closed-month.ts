import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { recordAudit } from '@/lib/platform/audit/record';
import { seesEverything } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Actor } from '@/lib/platform/core/context';
import { ConflictError } from '@/lib/platform/core/errors';
import { zoneClock } from '@/lib/platform/time/zone-clock';
import { rows } from '@/lib/platform/core/sql';

/**
 * A closed month is frozen: visits are not added to it except by staff (an import of late
 * paperwork, say), and then audited and the month marked "changed since close" so its next
 * close lists what changed. Call inside the transaction that adds the visits — before inserting
 * (a manager is refused and nothing is written) or after (staff: pass the new visit ids to audit).
 * Returns the closed months the visits fall in.
 */
export async function assertMonthOpenForVisit(
  db: DbOrTx,
  input: { actor: Actor; visits: { visitedAt: Date; id?: string }[]; via?: string; now?: Date },
): Promise<string[]> {
  if (input.visits.length === 0) return [];
  // An import asks for a thousand visits at a time: the clock keeps the zone's offsets.
  const clock = zoneClock(env().APP_TIMEZONE);
  const byMonth = new Map<string, string[]>();
  for (const v of input.visits) {
    const month = clock.monthOf(v.visitedAt);
    const ids = byMonth.get(month) ?? [];
    if (v.id) ids.push(v.id);
    byMonth.set(month, ids);
  }
  const closed = await rows<{ month: string; version: number }>(
    db,
    sql`select month, closed_version as version from month_status where closed_version is not null and month = any(${`{${[...byMonth.keys()].join(',')}}`}::text[]) order by month`,
  );
  if (closed.length === 0) return [];
  if (!seesEverything(input.actor)) throw new ConflictError('assessment.monthClosed', { month: closed[0].month });
  const at = (input.now ?? new Date()).toISOString();
  await recordAudit(
    db,
    closed.map((c) => ({
      actorId: input.actor.id,
      action: 'visit.addedToClosedMonth',
      entityType: 'month',
      entityId: c.month,
      after: { closedVersion: c.version, visits: byMonth.get(c.month)!, count: input.visits.filter((v) => clock.monthOf(v.visitedAt) === c.month).length, via: input.via ?? null },
    })),
  );
  await db.execute(sql`
    update month_status set changed_since_close = true, updated_at = ${at}::timestamptz
     where month = any(${`{${closed.map((c) => c.month).join(',')}}`}::text[])`);
  return closed.map((c) => c.month);
}
