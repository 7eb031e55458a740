import type { Job } from 'bullmq';
import type { JobName, JobPayload } from '@/lib/platform/jobs/registry';

export type Processor<N extends JobName> = (payload: JobPayload<N>, job: Job) => Promise<unknown>;
export type ProcessorMap = { [N in JobName]: Processor<N> };
