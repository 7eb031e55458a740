import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Job, Worker } from 'bullmq';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import type { JobName, QueueName } from '@/lib/platform/jobs/registry';
import type { ProcessorMap } from '@/workers/processors/types';
import { processors } from '@/workers/processors';
import { startWorkers } from '@/workers/run';
import { flushQueuePrefix } from '../support/callbacks';
import { testDb } from '../support/worker-setup';

/*
 * A job written by an outdated or broken producer (queue.add straight, past enqueue's schema
 * check) must fail at once with a reason naming what is wrong — never retried five times, never
 * reaching a processor, never writing anything. A well-formed job naming a record that is gone
 * is not a failure: it completes, saying so. The workers and processors are the real ones; each
 * processor is counted on its way in.
 */
let db: Db;
let workers: Worker[] = [];
const calls = new Map<string, number>();

beforeEach(async () => {
  db = (await testDb()).db;
  await flushQueuePrefix();
  calls.clear();
  const counted = Object.fromEntries(
    Object.entries(processors).map(([name, processor]) => [
      name,
      (payload: unknown, job: Job) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (processor as (p: unknown, j: Job) => Promise<unknown>)(payload, job);
      },
    ]),
  ) as unknown as ProcessorMap;
  workers = startWorkers(counted, { concurrency: 4 });
});
afterEach(async () => {
  await Promise.all(workers.map((w) => w.close()));
  workers = [];
});
afterAll(async () => {
  await flushQueuePrefix();
  await closeQueues();
});

async function settled(queueName: QueueName, id: string, timeoutMs = 20_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fresh = await queue(queueName).getJob(id);
    if (fresh?.finishedOn) return fresh;
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Added as a broken producer would: with retries, so a retried failure would show. */
async function addRaw(queueName: QueueName, name: string, data: unknown, id: string): Promise<Job> {
  await queue(queueName).add(name as JobName, data as never, { jobId: id, attempts: 5, backoff: { type: 'fixed', delay: 10 } });
  return settled(queueName, id);
}

const written = async () => {
  const [row] = (await db.execute(sql`
    select (select count(*) from sampling_decisions)::int + (select count(*) from callback_tasks)::int + (select count(*) from visit_verdicts)::int
         + (select count(*) from month_closes)::int + (select count(*) from integrity_runs)::int + (select count(*) from users)::int as n`)) as unknown as { n: number }[];
  return row.n;
};

describe('a job whose payload does not fit its schema', () => {
  it('fails at once, once, naming the field — for the sampling, assessment and integrity jobs — and nothing runs or is written', { timeout: 60_000 }, async () => {
    const bad: [QueueName, string, unknown, RegExp][] = [
      ['sampling', 'sampling.visit', { visitId: 'abc' }, /^Invalid payload for sampling\.visit: visitId$/],
      ['sampling', 'sampling.month', { month: '2026-13', runKey: 'x' }, /^Invalid payload for sampling\.month: month$/],
      ['sampling', 'sampling.month', { month: '2026-11' }, /^Invalid payload for sampling\.month: runKey$/],
      ['assessment', 'verdicts.visit', { visitId: 42, event: 'visit.reported' }, /^Invalid payload for verdicts\.visit: visitId$/],
      ['assessment', 'verdicts.month', { month: '2026-11', runKey: 'has spaces' }, /^Invalid payload for verdicts\.month: runKey$/],
      ['assessment', 'month.close', { month: '11/2026', runKey: 'x' }, /^Invalid payload for month\.close: month$/],
      ['maintenance', 'integrity.audit', { runKey: 'n1', requestedBy: 'staff' }, /^Invalid payload for integrity\.audit: requestedBy$/],
      ['imports', 'import.commit', { importId: randomUUID() }, /^Invalid payload for import\.commit: actorId$/],
    ];
    const jobs = await Promise.all(bad.map(([q, name, data], i) => addRaw(q, name, data, `bad-${i}`)));
    for (const [i, job] of jobs.entries()) {
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
      expect(job.failedReason).toMatch(bad[i]![3]);
    }
    expect([...calls.keys()]).toEqual([]);
    expect(await written()).toBe(0);
  });

  it('a job name no processor knows, or one on another queue than its own, fails at once without running', { timeout: 60_000 }, async () => {
    const unknown = await addRaw('sampling', 'sampling.everything', {}, 'unknown-1');
    const misplaced = await addRaw('sampling', 'month.close', { month: '2026-11', runKey: 'x' }, 'misplaced-1');
    for (const job of [unknown, misplaced]) {
      expect(await job.getState()).toBe('failed');
      expect(job.attemptsMade).toBe(1);
    }
    expect(unknown.failedReason).toBe('Unknown job sampling.everything on queue sampling');
    expect(misplaced.failedReason).toBe('Unknown job month.close on queue sampling');
    expect([...calls.keys()]).toEqual([]);
    expect(await written()).toBe(0);
  });
});

describe('a well-formed job naming a record that is gone', () => {
  it('completes on its first run, saying there was nothing to do — not failed, not retried', { timeout: 60_000 }, async () => {
    const gone = randomUUID();
    const [sampled, evaluated] = await Promise.all([
      addRaw('sampling', 'sampling.visit', { visitId: gone }, 'gone-1'),
      addRaw('assessment', 'verdicts.visit', { visitId: gone, event: 'visit.reported' }, 'gone-2'),
    ]);
    for (const job of [sampled, evaluated]) {
      expect(await job.getState()).toBe('completed');
      expect(job.attemptsMade).toBe(1);
    }
    expect(sampled.returnvalue).toBeNull();
    expect(evaluated.returnvalue).toEqual({ skipped: 'visit not found' });
    expect(Object.fromEntries(calls)).toEqual({ 'sampling.visit': 1, 'verdicts.visit': 1 });
    expect(await written()).toBe(0);
  });
});
