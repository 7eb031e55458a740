import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '@/lib/platform/core/context';

/**
 * A visit's verdict as its readers see it. lib/verdicts decides verdicts; the visit list and its
 * export show and filter by them, so the status and who sees which version live here, below both.
 */

/** 真实有效 / 无效 / 无法核实 / 待核实: the status of a visit's verdict. */
export type VerdictStatus = 'valid' | 'invalid' | 'unverified' | 'pending';

/** Managers see only published versions; everyone else every version. */
export const seesUnpublished = (actor: Actor) => actor.role !== 'manager';

/**
 * The status of the verdict a visit has for the actor (the latest version; for a manager the
 * latest published one), as a correlated SQL subquery over `visitId`; null when there is none yet.
 */
export function verdictStatusForActorSql(actor: Actor, visitId: SQL): SQL<VerdictStatus | null> {
  return sql<VerdictStatus | null>`(select vv.status from visit_verdicts vv where vv.visit_id = ${visitId} ${seesUnpublished(actor) ? sql`` : sql`and vv.published_at is not null`}
      order by vv.version desc limit 1)`;
}
