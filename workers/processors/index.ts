import type { ProcessorMap } from './types';
import { callbackProcessors } from './callbacks';
import { importProcessors } from './imports';
import { samplingProcessors } from './sampling';
import { assessmentProcessors } from './assessment';
import { integrityProcessors } from './integrity';
import { indicatorProcessors } from './indicators';
import { spotCheckProcessors } from './spot-checks';

/** Every job name in lib/platform/jobs/registry.ts has exactly one processor (the type enforces it). */
export const processors: ProcessorMap = {
  ...importProcessors,
  ...samplingProcessors,
  ...callbackProcessors,
  ...assessmentProcessors,
  ...integrityProcessors,
  ...indicatorProcessors,
  ...spotCheckProcessors,
};
