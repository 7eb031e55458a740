import { appDb } from '@/lib/platform/db';
import { publishQueueChanged } from '@/lib/live/publish';
import { sampleMonth, sampleVisit } from '@/lib/sampling/sample';
import { requestDailySampling } from '@/lib/sampling/triggers';
import type { Processor } from './types';

/**
 * Sampling jobs (payloads already validated by run.ts against the registry). Each is idempotent:
 * a decision is stored once per visit and a callback created once per visit, so a retried or
 * duplicated job changes nothing.
 */
export const samplingProcessors: {
  'sampling.visit': Processor<'sampling.visit'>;
  'sampling.month': Processor<'sampling.month'>;
  'sampling.daily': Processor<'sampling.daily'>;
} = {
  'sampling.visit': async (payload) => {
    const result = await sampleVisit(appDb(), payload.visitId);
    // Committed: a sampled visit adds a callback to the queue's counts.
    publishQueueChanged();
    return result;
  },
  'sampling.month': (payload, job) =>
    sampleMonth(appDb(), payload.month, {
      onChunk: ({ chunk, chunks }) => void job.updateProgress(Math.round((chunk / chunks) * 100)).catch(() => {}),
    }),
  'sampling.daily': async () => ({ months: await requestDailySampling() }),
};
