import { appDb } from '@/lib/platform/db';
import { requestIndicatorDays, runIndicatorDay } from '@/lib/indicators/daily-schedule';
import type { Processor } from './types';

/** The indicators' pre-aggregates (docs/INDICATORS.md, "Pre-aggregation"): derived, so a repeated job only writes the same rows again. */
export const indicatorProcessors: {
  'indicators.catchUp': Processor<'indicators.catchUp'>;
  'indicators.day': Processor<'indicators.day'>;
} = {
  'indicators.catchUp': async () => {
    const r = await requestIndicatorDays(appDb());
    return { runKey: r.runKey, days: r.days };
  },
  'indicators.day': async (payload) => runIndicatorDay(appDb(), payload.day),
};
