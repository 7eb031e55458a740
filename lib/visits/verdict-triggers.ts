import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rows } from '@/lib/platform/core/sql';
import { env } from '@/lib/platform/config/env';
import { enqueue, enqueueBulk } from '@/lib/platform/jobs/queues';
import { logger } from '@/lib/platform/log';

/**
 * What starts a re-evaluation of a visit's verdict (job 'verdicts.visit'). Each is called after
 * the work that changed the visit's facts has committed; a failure to enqueue is logged and never
 * undoes that work — the month close evaluates every visit of the month again anyway. They live
 * with the visits, below verdicts, so that what changes a visit's facts (a report, sampling, a
 * callback, a call, an import) can ask for its verdict without importing the domain that judges it.
 *
 * `event` names what happened (job ids are per visit and event, so a second event is not swallowed
 * by the first one's finished job): 'reported', `callback-<resultId>`, `sampled-<run>`, …
 */
export async function requestVerdictForVisit(visitId: string, event: string): Promise<void> {
  try {
    await enqueue('verdicts.visit', { visitId, event: event.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100) });
  } catch (err) {
    logger.warn({ err, visitId, event }, 'verdicts.visit not enqueued; the month close will evaluate the visit');
  }
}

/**
 * An import of visits committed: one evaluation per manager-month it touched (each evaluates the
 * whole manager-month, so one visit of each stands for all).
 */
export async function requestVerdictsForImport(db: DbOrTx, importId: string): Promise<number> {
  try {
    const found = await rows<{ id: string }>(
      db,
      sql`
        select distinct on (manager_id, month) id
          from (select id, manager_id, visited_at, to_char(visited_at at time zone ${env().APP_TIMEZONE}, 'YYYY-MM') as month
                  from visit_reports where import_id = ${importId}::uuid) v
         order by manager_id, month, visited_at desc`,
    );
    await enqueueBulk(
      'verdicts.visit',
      found.map((r) => ({ payload: { visitId: r.id, event: `import-${importId}` } })),
    );
    return found.length;
  } catch (err) {
    logger.warn({ err, importId }, 'verdicts.visit not enqueued after import; the month close will evaluate the visits');
    return 0;
  }
}

/** A visit whose verdict is to be evaluated again, and the event (unique per happening) that calls for it. */
export interface VerdictRequest {
  visitId: string;
  event: string;
}

/**
 * Several re-evaluations at once, after the work that called for them has committed (sampling: one
 * per manager-month it touched). Returns how many were enqueued; a failure is logged, like above.
 */
export async function requestVerdictsForVisits(requests: readonly VerdictRequest[], what: string): Promise<number> {
  if (requests.length === 0) return 0;
  try {
    await enqueueBulk(
      'verdicts.visit',
      requests.map((r) => ({ payload: { visitId: r.visitId, event: r.event.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100) } })),
    );
    return requests.length;
  } catch (err) {
    logger.warn({ err, what, visits: requests.length }, 'verdicts.visit not enqueued; the month close will evaluate the visits');
    return 0;
  }
}
