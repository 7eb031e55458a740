import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callbackTasks } from '@/db/schema';
import { enqueueBulk } from '@/lib/jobs/queues';

export interface NewCallback {
  visitId: string;
  customerId: string;
  managerId: string;
  unitId: string | null;
  customerClass: 'A' | 'B' | 'C' | 'D';
  visitedAt: Date;
}

export interface CreatedCallback {
  id: string;
  nextAttemptAt: Date;
}

/**
 * Creates the callback tasks for sampled visits, in the caller's transaction. A visit that
 * already has its task is skipped (unique per visit), so re-running never makes a second one.
 * Returns only the tasks created now; call `scheduleDueTimers` after the transaction commits.
 */
export async function createCallbackTasks(db: DbOrTx, rows: NewCallback[], now: Date): Promise<CreatedCallback[]> {
  const created: CreatedCallback[] = [];
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    const inserted = await db
      .insert(callbackTasks)
      .values(chunk.map((r) => ({ ...r, state: 'waiting' as const, nextAttemptAt: now, createdAt: now, updatedAt: now })))
      .onConflictDoNothing({ target: callbackTasks.visitId, where: sql`${callbackTasks.origin} = 'sampled'` })
      .returning({ id: callbackTasks.id, nextAttemptAt: callbackTasks.nextAttemptAt });
    created.push(...inserted);
  }
  return created;
}

/** One `callback.due` timer per waiting task, at its next-attempt time (idempotent by job id). */
export async function scheduleDueTimers(tasks: CreatedCallback[], now = Date.now()): Promise<void> {
  for (let i = 0; i < tasks.length; i += 10_000) {
    await enqueueBulk(
      'callback.due',
      tasks.slice(i, i + 10_000).map((t) => ({ payload: { taskId: t.id, dueAt: t.nextAttemptAt.getTime() }, delayMs: t.nextAttemptAt.getTime() - now })),
    );
  }
}
