import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';

/**
 * The one map of BullMQ queues, job names and payloads, shared by the web app (producers) and
 * workers (processors). Processors parse the payload with the schema before acting; job ids are
 * deterministic (see `jobId`; BullMQ forbids ":" in them) so enqueuing the same work twice is a no-op.
 */
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const jobs = {
  'import.validate': {
    queue: 'imports',
    payload: z.object({ importId: idSchema }),
    jobId: (p: { importId: string }) => `import.validate.${p.importId}`,
  },
  'import.commit': {
    queue: 'imports',
    payload: z.object({ importId: idSchema, actorId: idSchema }),
    jobId: (p: { importId: string }) => `import.commit.${p.importId}`,
  },
  /** A visit was reported: decide sampling for its manager's month (near real time). */
  'sampling.visit': {
    queue: 'sampling',
    /**
     * event: what asks again after the report (e.g. 'backfill-approved'). A finished job keeps
     * its id for a day, so the same id would be taken for done and the request dropped.
     */
    payload: z.object({ visitId: idSchema, event: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional() }),
    jobId: (p: { visitId: string; event?: string }) => `sampling.visit.${p.visitId}${p.event ? `.${p.event}` : ''}`,
  },
  /** Catch-up: decide every undecided visit of a month (daily, and `cli sample --month`). */
  'sampling.month': {
    queue: 'sampling',
    payload: z.object({ month, runKey: z.string().min(1).max(64) }),
    jobId: (p: { month: string; runKey: string }) => `sampling.month.${p.month}.${p.runKey}`,
  },
  /** Scheduled daily: enqueue the catch-up for this month and the last (late reports arrive). */
  'sampling.daily': {
    queue: 'sampling',
    payload: z.object({}),
    jobId: () => 'sampling.daily',
  },
  /** A waiting callback task is due (first call, retry, appointment): make it ready. */
  'callback.due': {
    queue: 'callback-timers',
    payload: z.object({ taskId: idSchema, dueAt: z.number().int() }),
    jobId: (p: { taskId: string; dueAt: number }) => `callback.due.${p.taskId}.${p.dueAt}`,
  },
  /** A held task's lease may have lapsed: return it to the queue unless its desk renewed it. */
  'callback.lease': {
    queue: 'callback-timers',
    payload: z.object({ taskId: idSchema, expiresAt: z.number().int() }),
    jobId: (p: { taskId: string; expiresAt: number }) => `callback.lease.${p.taskId}.${p.expiresAt}`,
  },
  /** PostgreSQL is the truth: make the timers in Redis match the open tasks exactly. */
  'callbacks.reconcile': {
    queue: 'maintenance',
    payload: z.object({ runKey: z.string().min(1).max(64) }),
    jobId: (p: { runKey: string }) => `callbacks.reconcile.${p.runKey}`,
  },
  /**
   * Something a visit's verdict depends on happened (reported, sampled, callback result, …):
   * re-evaluate its manager's month — findings, verdict, points. One job per event (the id names
   * it), since a visit is evaluated again after each.
   */
  'verdicts.visit': {
    queue: 'assessment',
    payload: z.object({ visitId: idSchema, event: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/).optional() }),
    jobId: (p: { visitId: string; event?: string }) => `verdicts.visit.${p.visitId}.${p.event ?? 'evaluate'}`,
  },
  /** Catch-up: evaluate every manager of a month (a lost 'verdicts.visit' is made up for). */
  'verdicts.month': {
    queue: 'assessment',
    payload: z.object({ month, runKey: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }),
    jobId: (p: { month: string; runKey: string }) => `verdicts.month.${p.month}.${p.runKey}`,
  },
  /** Scheduled daily: the catch-up evaluation of this month and the last. */
  'verdicts.daily': {
    queue: 'assessment',
    payload: z.object({}),
    jobId: () => 'verdicts.daily',
  },
  /** Close a month (月结): the scheduled close, or a close staff asked for from the report page. */
  'month.close': {
    queue: 'assessment',
    payload: z.object({ month, runKey: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }),
    jobId: (p: { month: string; runKey: string }) => `month.close.${p.month}.${p.runKey}`,
  },
  /** Scheduled daily: closes last month on the configured day (or after it, if still open). */
  'month.closeDaily': {
    queue: 'assessment',
    payload: z.object({}),
    jobId: () => 'month.closeDaily',
  },
  /** Scheduled nightly: enqueues the night's integrity audit (one per local day, by its id). */
  'integrity.nightly': {
    queue: 'maintenance',
    payload: z.object({}),
    jobId: () => 'integrity.nightly',
  },
  /** 数据完整性核查 of every month (lib/integrity), stored for the queue page. */
  'integrity.audit': {
    queue: 'maintenance',
    /** requestedBy: the staff member who asked for it on the queue page (the nightly run has none). */
    payload: z.object({ runKey: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), requestedBy: idSchema.optional() }),
    jobId: (p: { runKey: string }) => `integrity.audit.${p.runKey}`,
  },
  /**
   * Scheduled every 5 minutes: enqueue 'indicators.day' for each closed day whose raw rows changed
   * since the last run, yesterday, and any day of the aggregated months not computed yet.
   */
  'indicators.catchUp': {
    queue: 'maintenance',
    payload: z.object({ runKey: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }),
    jobId: (p: { runKey: string }) => `indicators.catchUp.${p.runKey}`,
  },
  /** Compute one closed local day into the indicators' pre-aggregates (idempotent; runKey: the catch-up run that asked). */
  'indicators.day': {
    queue: 'maintenance',
    payload: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), runKey: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }),
    jobId: (p: { day: string; runKey: string }) => `indicators.day.${p.day}.${p.runKey}`,
  },
  /** Scheduled each morning: select today's spot checks if today is a working day of the calling calendar. */
  'spotChecks.daily': {
    queue: 'spot-checks',
    payload: z.object({}),
    jobId: () => 'spotChecks.daily',
  },
  /** Select one day's spot checks (idempotent: a manager-day is decided once). */
  'spotChecks.select': {
    queue: 'spot-checks',
    payload: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), runKey: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }),
    jobId: (p: { day: string; runKey: string }) => `spotChecks.select.${p.day}.${p.runKey}`,
  },
  /**
   * A spot-check callback ended (or its finding changed): derive the item's finding, the
   * manager-day's result, the penalty entries and the removal flag again. One job per event.
   */
  'spotChecks.evaluate': {
    queue: 'spot-checks',
    payload: z.object({ spotCheckItemId: idSchema, event: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/) }),
    jobId: (p: { spotCheckItemId: string; event: string }) => `spotChecks.evaluate.${p.spotCheckItemId}.${p.event}`,
  },
  /**
   * Catch-up: evaluates the checked manager-days whose callbacks ended (or disputes were decided)
   * after their last evaluation — what a lost 'spotChecks.evaluate' left behind.
   */
  'spotChecks.catchUp': {
    queue: 'spot-checks',
    payload: z.object({ runKey: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) }),
    jobId: (p: { runKey: string }) => `spotChecks.catchUp.${p.runKey}`,
  },
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]['payload']>;
export type QueueName = (typeof jobs)[JobName]['queue'];
export const QUEUE_NAMES: QueueName[] = [...new Set(Object.values(jobs).map((j) => j.queue))];

/**
 * Every job retries with exponential backoff (2 s, 4 s, 8 s, 16 s): one database or Redis blip
 * must not leave work waiting for the nightly catch-up. Processors are idempotent, so a retry is
 * harmless; a payload that fails its schema is not retried (see workers/run.ts).
 */
export const JOB_RETRY = { attempts: 5, backoff: { type: 'exponential', delay: 2000 } } as const;

export function jobId<N extends JobName>(name: N, payload: JobPayload<N>): string {
  return (jobs[name].jobId as (p: JobPayload<N>) => string)(payload);
}
