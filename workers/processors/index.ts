import type { ProcessorMap } from './types';
import { importProcessors } from './imports';

/** Every job name in lib/jobs/registry.ts has exactly one processor (the type enforces it). */
export const processors: ProcessorMap = {
  ...importProcessors,
};
