import { Queue } from 'bullmq';
import { env } from '@/lib/platform/config/env';
import { newRedisConnection } from '@/lib/platform/redis/connection';
import { JOB_RETRY, jobId, jobs, type JobName, type JobPayload, type QueueName } from './registry';

const globalForQueues = globalThis as unknown as { __huifangQueues?: Map<string, Queue> };

/**
 * Queue handles for producers. The prefix is hash-tagged ("{huifang}") so every key of a queue
 * lands in one Redis Cluster slot.
 */
export function queue(name: QueueName): Queue {
  const map = (globalForQueues.__huifangQueues ??= new Map());
  const key = `${env().QUEUE_PREFIX}:${name}`;
  let q = map.get(key);
  if (!q) {
    q = new Queue(name, { connection: newRedisConnection(), prefix: env().QUEUE_PREFIX });
    map.set(key, q);
  }
  return q;
}

/** Adds a job by name with its validated payload and deterministic id. */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: { delayMs?: number } = {}) {
  const definition = jobs[name];
  const data = definition.payload.parse(payload);
  await queue(definition.queue).add(name, data, {
    jobId: jobId(name, data as JobPayload<N>),
    delay: options.delayMs,
    ...JOB_RETRY,
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}

/**
 * Adds many jobs of one name in one round trip (BullMQ addBulk), each with its deterministic id —
 * a job whose id already exists is left as it is.
 */
export async function enqueueBulk<N extends JobName>(name: N, items: { payload: JobPayload<N>; delayMs?: number }[]) {
  if (items.length === 0) return;
  const definition = jobs[name];
  await queue(definition.queue).addBulk(
    items.map(({ payload, delayMs }) => {
      const data = definition.payload.parse(payload) as JobPayload<N>;
      return {
        name,
        data,
        opts: {
          jobId: jobId(name, data),
          delay: delayMs && delayMs > 0 ? delayMs : undefined,
          ...JOB_RETRY,
          removeOnComplete: { age: 24 * 3600, count: 1000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      };
    }),
  );
}

export async function closeQueues(): Promise<void> {
  const map = globalForQueues.__huifangQueues;
  if (!map) return;
  await Promise.all([...map.values()].map((q) => q.close()));
  map.clear();
}
