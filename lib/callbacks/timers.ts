import { enqueue, enqueueBulk } from '@/lib/platform/jobs/queues';
import { logger } from '@/lib/platform/log';

/**
 * BullMQ timers for callback tasks. PostgreSQL holds the truth (next_attempt_at, lease_expires_at);
 * a timer only wakes a processor that re-reads the task. Timers are scheduled after the change
 * commits; if Redis is unreachable at that moment the change stands and `reconcileCallbacks`
 * (every 5 minutes) adds the missing timer — so a Redis hiccup never fails an agent's action.
 *
 * Delays are measured on the real clock (Date.now()), not the verb's clock: BullMQ fires at an
 * absolute instant, and a timer for a past instant fires at once.
 */
export async function scheduleLeaseTimer(taskId: string, expiresAt: Date): Promise<void> {
  const now = Date.now();
  try {
    await enqueue('callback.lease', { taskId, expiresAt: expiresAt.getTime() }, { delayMs: Math.max(0, expiresAt.getTime() - now) });
  } catch (err) {
    logger.warn({ err, taskId }, 'lease timer not scheduled; reconcile will add it');
  }
}

export async function scheduleDueTimer(taskId: string, dueAt: Date): Promise<void> {
  const now = Date.now();
  try {
    await enqueue('callback.due', { taskId, dueAt: dueAt.getTime() }, { delayMs: Math.max(0, dueAt.getTime() - now) });
  } catch (err) {
    logger.warn({ err, taskId }, 'due timer not scheduled; reconcile will add it');
  }
}

export async function scheduleTimers(
  due: { taskId: string; at: Date }[],
  lease: { taskId: string; at: Date }[],
): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < due.length; i += 10_000) {
    await enqueueBulk(
      'callback.due',
      due.slice(i, i + 10_000).map((t) => ({ payload: { taskId: t.taskId, dueAt: t.at.getTime() }, delayMs: t.at.getTime() - now })),
    );
  }
  for (let i = 0; i < lease.length; i += 10_000) {
    await enqueueBulk(
      'callback.lease',
      lease.slice(i, i + 10_000).map((t) => ({ payload: { taskId: t.taskId, expiresAt: t.at.getTime() }, delayMs: t.at.getTime() - now })),
    );
  }
}
