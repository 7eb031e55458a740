import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Job, Queue, Worker } from 'bullmq';
import type { Db } from '@/db/client';
import { integrityRuns } from '@/db/schema';
import { closeQueues, enqueue, queue } from '@/lib/platform/jobs/queues';
import { processors } from '@/workers/processors';
import { startWorkers } from '@/workers/run';
import { flushQueuePrefix } from '../support/callbacks';
import { testDb } from '../support/worker-setup';

let db: Db;
let workers: Worker[] = [];

beforeEach(async () => {
  db = (await testDb()).db;
  await flushQueuePrefix();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await flushQueuePrefix();
  await closeQueues();
});

/** The job once it finished (completed, or failed for good). */
async function settled(q: Queue, jobId: string, timeoutMs = 15_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = await q.getJob(jobId);
    if (fresh?.finishedOn) return fresh;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('jobs retry after a passing failure', () => {
  it('a job whose first run fails (a database blip) runs again and does its work', async () => {
    let runs = 0;
    workers = startWorkers({
      ...processors,
      'integrity.audit': async (payload, job) => {
        runs += 1;
        if (runs === 1) throw new Error('connection terminated unexpectedly');
        return processors['integrity.audit'](payload, job);
      },
    });
    await enqueue('integrity.audit', { runKey: 'retry-test' });
    const job = await settled(queue('maintenance'), 'integrity.audit.retry-test');

    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(2);
    expect(runs).toBe(2);
    // The retried run stored its audit: the work was done, not lost.
    expect(await db.$count(integrityRuns)).toBe(1);
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
  }, 30_000);

  it('a payload that fails its schema fails at once, without retries', async () => {
    let runs = 0;
    workers = startWorkers({
      ...processors,
      'integrity.audit': async () => {
        runs += 1;
      },
    });
    const q = queue('maintenance');
    // Written as an outdated producer would: bypassing enqueue's schema check.
    await q.add('integrity.audit', { runKey: 'bad key with spaces' }, { jobId: 'integrity.audit.bad', attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    const job = await settled(q, 'integrity.audit.bad');

    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(/Invalid payload for integrity\.audit: runKey/);
    expect(job.attemptsMade).toBe(1);
    expect(runs).toBe(0);
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
  }, 30_000);

  it("a verb's refusal (a month not over yet) is not retried, and the queue shows its message in Chinese", async () => {
    workers = startWorkers(processors);
    const q = queue('assessment');
    await q.add('month.close', { month: '2999-01', runKey: 'refused' }, { jobId: 'month.close.2999-01.refused', attempts: 5, backoff: { type: 'fixed', delay: 10 } });
    const job = await settled(q, 'month.close.2999-01.refused');

    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBe('2999-01 尚未结束，不能结账。 (assessment.monthNotOver)');
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
  }, 30_000);
});
