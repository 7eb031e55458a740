import { assertRole } from '@/lib/auth/guards';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { recordAudit } from '@/lib/platform/audit/record';
import { queueNameOf } from './board';

/** Staff watch the queues; only admin retry, remove, clean, pause or add jobs. */
export function assertMayChangeQueues(actor: Actor): void {
  assertRole(actor, 'admin');
}

/**
 * Audits a change made through the dashboard (who, which queue, what): bull-board acts on Redis
 * outside our transactions, so the entry is written once the dashboard has answered that it did it.
 */
export async function recordQueueChange({ ctx, input }: { ctx: Ctx; input: { method: string; path: string } }): Promise<void> {
  assertMayChangeQueues(ctx.actor);
  const queueName = queueNameOf(input.path);
  const action = queueName ? input.path.split(`/api/queues/${encodeURIComponent(queueName)}`)[1] || '/' : input.path;
  await recordAudit(ctx.db, { actorId: ctx.actor.id, action: 'queue.changed', entityType: 'queue', entityId: queueName, after: { method: input.method, action } });
}
