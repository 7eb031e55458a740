import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { env } from '@/lib/platform/config/env';
import { enqueue } from '@/lib/platform/jobs/queues';
import { logger } from '@/lib/platform/log';

/**
 * What starts sampling. Each is called after the work that produced the visits has committed;
 * a failure to enqueue is logged, never undoes that work: the daily catch-up batch
 * ('sampling.daily' → 'sampling.month', lib/sampling/triggers.ts) decides any visit a lost job
 * left undecided. They live with the visits, below sampling, so that filing and importing visits
 * can ask for sampling without importing it.
 */

/**
 * A visit report was filed (or, with `event`, became eligible later — an approved 超期补报):
 * decide its manager's month now (near real time).
 */
export async function requestSamplingForVisit(visitId: string, event?: string): Promise<void> {
  try {
    await enqueue('sampling.visit', event ? { visitId, event } : { visitId });
  } catch (err) {
    logger.warn({ err, visitId }, 'sampling.visit not enqueued; the daily catch-up will decide the visit');
  }
}

/** An import of visits committed: decide the months it touched (one job per month). */
export async function requestSamplingForImport(db: DbOrTx, importId: string): Promise<string[]> {
  try {
    const rows = (await db.execute(sql`
      select distinct to_char(visited_at at time zone ${env().APP_TIMEZONE}, 'YYYY-MM') as month
        from visit_reports where import_id = ${importId}::uuid order by 1
    `)) as unknown as { month: string }[];
    const months = rows.map((r) => r.month);
    for (const month of months) await enqueue('sampling.month', { month, runKey: `import-${importId}` });
    return months;
  } catch (err) {
    logger.warn({ err, importId }, 'sampling.month not enqueued after import; the daily catch-up will decide the visits');
    return [];
  }
}
