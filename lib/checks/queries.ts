import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { visitFindings } from '@/db/schema';

/**
 * A visit's current findings, for screens that show them as flags (the agent's desk, the visit
 * page). Data access only: the caller's verb has already checked the actor may see the visit.
 */
export async function findingsOfVisit(db: DbOrTx, visitId: string) {
  return db
    .select({ code: visitFindings.code, severity: visitFindings.severity, params: visitFindings.params, firstFoundAt: visitFindings.firstFoundAt })
    .from(visitFindings)
    .where(eq(visitFindings.visitId, visitId))
    .orderBy(asc(visitFindings.code));
}
