process.env.HUIFANG_SERVICE ??= 'worker';

import { setPriority } from 'node:os';
import { closeQueues } from '@/lib/platform/jobs/queues';
import { logger } from '@/lib/platform/log';
import { runScript } from '@/scripts/support/run-script';
import { checkServices } from '@/scripts/support/services';
import { env } from '@/lib/platform/config/env';
import { redisAddresses } from '@/lib/platform/redis/connection';
import { processors } from './processors';
import { watchRedisContents } from './redis-recovery';
import { startWorkers } from './run';
import { registerSchedules } from './schedules';

runScript(async () => {
  const config = env();
  // Below the web process sharing the machine (WORKER_NICE): a desk request waits for no re-evaluation.
  if (config.WORKER_NICE > 0) setPriority(config.WORKER_NICE);
  const missing = await checkServices({ postgres: config.DATABASE_URL, redis: redisAddresses(config) });
  if (missing.length > 0) {
    missing.forEach((line) => console.error(line));
    return 3;
  }
  await registerSchedules();
  const workers = startWorkers(processors);
  // Redis found empty (restarted without persistence, flushed): schedules and timers put back.
  const redisWatch = watchRedisContents();
  logger.info({ queues: workers.map((w) => w.name) }, 'worker started');

  // SIGTERM/SIGINT: stop taking jobs, let in-flight ones finish, then exit.
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'worker stopping: finishing in-flight jobs');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  redisWatch.stop();
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  logger.info('worker stopped');
});
