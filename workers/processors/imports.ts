import { commitImportJob, validateImportJob } from '@/lib/imports/imports';
import { appDb } from '@/lib/platform/db';
import type { Processor } from './types';

export const importProcessors: { 'import.validate': Processor<'import.validate'>; 'import.commit': Processor<'import.commit'> } = {
  'import.validate': (payload, job) => validateImportJob(appDb(), payload.importId, (p) => job.updateProgress(p)),
  'import.commit': (payload, job) => commitImportJob(appDb(), payload, (p) => job.updateProgress(p)),
};
