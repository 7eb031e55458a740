import { z } from 'zod';

/**
 * The one map of BullMQ queues, job names and payloads, shared by the web app (producers) and
 * workers (processors). Processors parse the payload with the schema before acting; job ids are
 * deterministic (see `jobId`; BullMQ forbids ":" in them) so enqueuing the same work twice is a no-op.
 */
export const jobs = {
  'import.validate': {
    queue: 'imports',
    payload: z.object({ importId: z.uuid() }),
    jobId: (p: { importId: string }) => `import.validate.${p.importId}`,
  },
  'import.commit': {
    queue: 'imports',
    payload: z.object({ importId: z.uuid(), actorId: z.uuid() }),
    jobId: (p: { importId: string }) => `import.commit.${p.importId}`,
  },
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]['payload']>;
export type QueueName = (typeof jobs)[JobName]['queue'];
export const QUEUE_NAMES: QueueName[] = [...new Set(Object.values(jobs).map((j) => j.queue))];

export function jobId<N extends JobName>(name: N, payload: JobPayload<N>): string {
  return (jobs[name].jobId as (p: JobPayload<N>) => string)(payload);
}
