import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
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
  // One statement per 20,000 rows with the rows as a single JSON parameter: a month's sampling
  // creates hundreds of thousands of tasks, and a multi-row VALUES list costs ten times as much.
  for (let i = 0; i < rows.length; i += 20_000) {
    const payload = JSON.stringify(
      rows.slice(i, i + 20_000).map((r) => ({ v: r.visitId, c: r.customerId, m: r.managerId, u: r.unitId, k: r.customerClass, at: r.visitedAt.toISOString() })),
    );
    const at = now.toISOString();
    const inserted = (await db.execute(sql`
      insert into callback_tasks (visit_id, customer_id, manager_id, unit_id, customer_class, visited_at, state, next_attempt_at, created_at, updated_at)
      select x.v, x.c, x.m, x.u, x.k::customer_class, x.at, 'waiting', ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
        from jsonb_to_recordset(${payload}::text::jsonb) as x(v uuid, c uuid, m uuid, u uuid, k text, at timestamptz)
      on conflict (visit_id) where origin = 'sampled' do nothing
      returning id
    `)) as unknown as { id: string }[];
    for (const r of inserted) created.push({ id: r.id, nextAttemptAt: now });
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
