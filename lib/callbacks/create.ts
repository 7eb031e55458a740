import type { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { enqueueBulk } from '@/lib/platform/jobs/queues';

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
  if (rows.length === 0) return [];
  const at = now.toISOString();
  const insert = (source: ReturnType<typeof sql>) => sql`
    insert into callback_tasks (visit_id, customer_id, manager_id, unit_id, customer_class, visited_at, state, next_attempt_at, created_at, updated_at)
    select x.v, x.c, x.m, x.u, x.k::customer_class, x.at, 'waiting', ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz from ${source}
    on conflict (visit_id) where origin = 'sampled' do nothing
    returning id`;
  const created: CreatedCallback[] = [];
  // A month's sampling creates hundreds of thousands of tasks: inside a transaction they go in by
  // COPY to a staging table, else as one JSON parameter per 20,000 — a multi-row VALUES list
  // costs ten times as much.
  const client = (db as unknown as { session?: { client?: { unsafe?: (q: string) => { writable: () => Promise<Writable> } } } }).session?.client;
  if (client?.unsafe) {
    await db.execute(sql`create temporary table if not exists callback_task_stage (v uuid, c uuid, m uuid, u uuid, k text, at timestamptz) on commit delete rows`);
    const stream = await client.unsafe('copy callback_task_stage from stdin').writable();
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('finish', resolve);
      for (let i = 0; i < rows.length; i += 5000) {
        let text = '';
        for (const r of rows.slice(i, i + 5000)) text += `${r.visitId}\t${r.customerId}\t${r.managerId}\t${r.unitId ?? '\\N'}\t${r.customerClass}\t${r.visitedAt.toISOString()}\n`;
        stream.write(text);
      }
      stream.end();
    });
    const inserted = (await db.execute(insert(sql`(select * from callback_task_stage order by v) x`))) as unknown as { id: string }[];
    await db.execute(sql`truncate callback_task_stage`);
    for (const r of inserted) created.push({ id: r.id, nextAttemptAt: now });
    return created;
  }
  for (let i = 0; i < rows.length; i += 20_000) {
    const payload = JSON.stringify(
      rows.slice(i, i + 20_000).map((r) => ({ v: r.visitId, c: r.customerId, m: r.managerId, u: r.unitId, k: r.customerClass, at: r.visitedAt.toISOString() })),
    );
    const inserted = (await db.execute(
      insert(sql`jsonb_to_recordset(${payload}::text::jsonb) as x(v uuid, c uuid, m uuid, u uuid, k text, at timestamptz)`),
    )) as unknown as { id: string }[];
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
