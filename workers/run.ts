import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { env } from '@/lib/platform/config/env';
import { isDomainError } from '@/lib/platform/core/errors';
import { translateError } from '@/lib/platform/i18n/translate';
import { jobs, QUEUE_NAMES, type JobName } from '@/lib/platform/jobs/registry';
import { logger } from '@/lib/platform/log';
import { newRedisConnection } from '@/lib/platform/redis/connection';
import type { ProcessorMap } from './processors/types';

/**
 * Starts one BullMQ worker per queue. Each job's payload is validated against the shared registry
 * before its processor runs; processors are idempotent, so a retried or duplicated job is harmless.
 */
export function startWorkers(processors: ProcessorMap, options: { concurrency?: number } = {}): Worker[] {
  return QUEUE_NAMES.map((queueName) => {
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const name = job.name as JobName;
        const definition = jobs[name];
        // A job no processor knows or a payload that fails its schema fails the same way every
        // time: not retried.
        if (!definition || definition.queue !== queueName) throw new UnrecoverableError(`Unknown job ${job.name} on queue ${queueName}`);
        const parsed = definition.payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`Invalid payload for ${job.name}: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
        const payload = parsed.data;
        const log = logger.child({ queue: queueName, job: job.name, jobId: job.id });
        const started = Date.now();
        // Every job, all day long: at debug, so a person reading the log sees what matters (LOG_LEVEL=debug shows them).
        log.debug('job started');
        const result = await (processors[name] as (p: unknown, j: Job) => Promise<unknown>)(payload, job).catch((error: unknown) => {
          throw unrecoverableIfRefused(error);
        });
        log.debug({ ms: Date.now() - started }, 'job finished');
        return result;
      },
      { connection: newRedisConnection(), prefix: env().QUEUE_PREFIX, concurrency: options.concurrency ?? 2 },
    );
    worker.on('failed', (job, err) => {
      const attempts = job?.opts.attempts ?? 1;
      const attemptsMade = job?.attemptsMade ?? attempts;
      const context = { queue: queueName, job: job?.name, jobId: job?.id, attemptsMade, attempts, err };
      // BullMQ counts the failed attempt before emitting; a job with attempts left will run again.
      if (attemptsMade < attempts && !(err instanceof UnrecoverableError)) logger.warn(context, 'job failed, will retry');
      else logger.error(context, 'job failed for good');
    });
    return worker;
  });
}

/**
 * A verb's refusal (a month not over yet, a record gone, input it does not take) is the same on
 * every attempt: not retried, and the queue page shows its message, not its code. A rate limit
 * may pass, and anything else (a database blip, a lost connection) is retried with backoff.
 */
export function unrecoverableIfRefused(error: unknown): unknown {
  if (!isDomainError(error) || error.status === 429) return error;
  const refused = new UnrecoverableError(`${translateError(error.code, error.params)} (${error.code})`);
  refused.cause = error;
  return refused;
}
