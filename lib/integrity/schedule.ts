import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { env } from '@/lib/platform/config/env';
import { enqueue } from '@/lib/platform/jobs/queues';
import { dayOf } from '@/lib/platform/time/zone';
import { systemActor } from '@/lib/users/system-user';
import { auditIntegrity, type IntegrityResult } from './audit';
import { actorColumns } from '@/lib/auth/actor';

/**
 * The nightly audit: the scheduler's job enqueues the night's run with the local date as its key,
 * so however often the schedule fires (several workers, a restart) one audit runs per night.
 */
export async function requestNightlyAudit(now = new Date()): Promise<string> {
  const runKey = dayOf(now, env().APP_TIMEZONE);
  await enqueue('integrity.audit', { runKey });
  return runKey;
}

/**
 * Staff ask for an audit now (the queue page's button): the worker runs it in their name. One per
 * minute at most — a second click in the same minute finds the same job.
 */
export async function requestIntegrityAudit({ ctx }: { ctx: Ctx }): Promise<{ runKey: string }> {
  assertRole(ctx.actor, 'staff', 'admin');
  const runKey = `staff-${ctx.now().toISOString().slice(0, 16).replace(':', '-')}`;
  await enqueue('integrity.audit', { runKey, requestedBy: ctx.actor.id });
  await recordAudit(ctx.db, { actorId: ctx.actor.id, action: 'integrity.requested', entityType: 'integrity_run', entityId: runKey });
  return { runKey };
}

/** The worker's run: every month, as the system user (or the staff member who asked), stored for the queue page. */
export async function runScheduledAudit(db: Db, options: { requestedBy?: string; now?: Date } = {}): Promise<IntegrityResult> {
  const now = options.now ?? new Date();
  const [asker] = options.requestedBy
    ? await db.select(actorColumns).from(users).where(eq(users.id, options.requestedBy))
    : [];
  const actor = asker ?? (await systemActor(db));
  return auditIntegrity({ ctx: { db, actor, now: () => now }, input: { trigger: asker ? 'staff' : 'worker' } });
}
