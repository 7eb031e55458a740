import type { Db } from '@/db/client';
import { env } from '@/lib/config/env';
import { enqueue } from '@/lib/jobs/queues';
import { dayOf } from '@/lib/time/zone';
import { systemActor } from '@/lib/users/system-user';
import { auditIntegrity, type IntegrityResult } from './audit';

/**
 * The nightly audit: the scheduler's job enqueues the night's run with the local date as its key,
 * so however often the schedule fires (several workers, a restart) one audit runs per night.
 */
export async function requestNightlyAudit(now = new Date()): Promise<string> {
  const runKey = dayOf(now, env().APP_TIMEZONE);
  await enqueue('integrity.audit', { runKey });
  return runKey;
}

/** The worker's run: every month, as the system user, stored for the queue page. */
export async function runScheduledAudit(db: Db, now = new Date()): Promise<IntegrityResult> {
  const actor = await systemActor(db);
  return auditIntegrity({ ctx: { db, actor, now: () => now }, input: { trigger: 'worker' } });
}
