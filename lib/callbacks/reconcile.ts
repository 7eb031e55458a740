import { and, asc, gt, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callbackTasks } from '@/db/schema';
import { queue } from '@/lib/platform/jobs/queues';
import { jobs } from '@/lib/platform/jobs/registry';
import { logger } from '@/lib/platform/log';
import { scheduleTimers } from './timers';

/**
 * PostgreSQL is the truth; Redis only holds timers. Reconcile makes the timers match:
 * - every waiting task has a 'callback.due' timer at exactly its next_attempt_at;
 * - every held task has a 'callback.lease' timer at or before its lease_expires_at (an earlier one
 *   is fine: when it fires it sees the renewed lease and chains the next);
 * - any other callback timer (task no longer open, or a time that no longer matches) is removed.
 * Timer ids are deterministic, so adding is idempotent and two reconciles at once are harmless.
 * After a Redis flush it restores one timer per open task — exactly the expected set.
 *
 * Redis is read before PostgreSQL on purpose: a timer created in between belongs to a change the
 * database read already sees, so it is never mistaken for an orphan and removed.
 */
export interface ReconcileReport {
  open: { waiting: number; held: number };
  timersBefore: number;
  added: { due: number; lease: number };
  removed: { due: number; lease: number };
  /** Timers already there and right. */
  kept: number;
  dryRun: boolean;
}

const TIMER_ID = /^callback\.(due|lease)\.([0-9a-f-]{36})\.(\d+)$/;
const PENDING_STATES = ['delayed', 'wait', 'prioritized', 'active', 'waiting-children'] as const;
const PAGE = 50_000;

interface Timer {
  id: string;
  kind: 'due' | 'lease';
  taskId: string;
  at: number;
}

function parseTimerId(id: string): Timer | null {
  const m = TIMER_ID.exec(id);
  return m ? { id, kind: m[1] as 'due' | 'lease', taskId: m[2], at: Number(m[3]) } : null;
}

/** Every pending (not yet finished) callback timer in Redis, by id. */
async function pendingTimers(): Promise<Map<string, Timer>> {
  const q = queue(jobs['callback.due'].queue);
  const found = new Map<string, Timer>();
  for (const state of PENDING_STATES) {
    for (let start = 0; ; start += PAGE) {
      const ids = await q.getRanges([state], start, start + PAGE - 1, true);
      for (const id of ids) {
        const t = parseTimerId(id);
        if (t) found.set(id, t);
      }
      if (ids.length < PAGE) break;
    }
  }
  return found;
}

export async function reconcileCallbacks({ db, now, dryRun = false }: { db: DbOrTx; now: Date; dryRun?: boolean }): Promise<ReconcileReport> {
  const q = queue(jobs['callback.due'].queue);
  const present = await pendingTimers();

  // Open tasks that need a timer, read in pages by id (a deep queue does not fit one result).
  const expectedDue = new Map<string, number>();
  const expectedLease = new Map<string, number>();
  for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
    const rows = await db
      .select({ id: callbackTasks.id, state: callbackTasks.state, nextAttemptAt: callbackTasks.nextAttemptAt, leaseExpiresAt: callbackTasks.leaseExpiresAt })
      .from(callbackTasks)
      .where(and(inArray(callbackTasks.state, ['waiting', 'held']), gt(callbackTasks.id, after)))
      .orderBy(asc(callbackTasks.id))
      .limit(PAGE);
    for (const r of rows) {
      if (r.state === 'waiting') expectedDue.set(r.id, r.nextAttemptAt.getTime());
      else expectedLease.set(r.id, (r.leaseExpiresAt ?? now).getTime());
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1].id;
  }

  const toRemove: Timer[] = [];
  const coveredLease = new Set<string>();
  let kept = 0;
  for (const t of present.values()) {
    if (t.kind === 'due') {
      if (expectedDue.get(t.taskId) === t.at) kept++;
      else toRemove.push(t);
    } else {
      const expires = expectedLease.get(t.taskId);
      if (expires !== undefined && t.at <= expires) {
        kept++;
        coveredLease.add(t.taskId);
      } else toRemove.push(t);
    }
  }
  const dueIds = new Set([...present.values()].filter((t) => t.kind === 'due').map((t) => t.id));
  const missingDue = [...expectedDue].filter(([taskId, at]) => !dueIds.has(`callback.due.${taskId}.${at}`));
  const missingLease = [...expectedLease].filter(([taskId]) => !coveredLease.has(taskId));

  if (!dryRun) {
    // A finished job keeps its id for a while (removeOnComplete); adding the same id again would be
    // a silent no-op, so a finished timer that is still needed is removed first.
    const candidates = [
      ...missingDue.map(([taskId, at]) => `callback.due.${taskId}.${at}`),
      ...missingLease.map(([taskId, at]) => `callback.lease.${taskId}.${at}`),
    ];
    await removeFinished(candidates);
    await scheduleTimers(
      missingDue.map(([taskId, at]) => ({ taskId, at: new Date(at) })),
      missingLease.map(([taskId, at]) => ({ taskId, at: new Date(at) })),
    );
    for (const t of toRemove) {
      // An active (running) job is locked and cannot be removed: it finishes harmlessly.
      await q.remove(t.id).catch((err: unknown) => logger.debug({ err, jobId: t.id }, 'timer not removed'));
    }
  }
  const report: ReconcileReport = {
    open: { waiting: expectedDue.size, held: expectedLease.size },
    timersBefore: present.size,
    added: { due: missingDue.length, lease: missingLease.length },
    removed: { due: toRemove.filter((t) => t.kind === 'due').length, lease: toRemove.filter((t) => t.kind === 'lease').length },
    kept,
    dryRun,
  };
  logger.info(report, 'callbacks reconciled');
  return report;
}

async function removeFinished(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const q = queue(jobs['callback.due'].queue);
  const finished = new Set<string>();
  for (const state of ['completed', 'failed'] as const) {
    for (let start = 0; ; start += PAGE) {
      const page = await q.getRanges([state], start, start + PAGE - 1, true);
      page.forEach((id) => finished.add(id));
      if (page.length < PAGE) break;
    }
  }
  for (const id of ids) if (finished.has(id)) await q.remove(id).catch(() => 0);
}
