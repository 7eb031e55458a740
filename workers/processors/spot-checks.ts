import { appDb } from '@/lib/platform/db';
import { evaluateSpotCheckItem } from '@/lib/spot-checks/evaluate';
import { selectSpotChecks, selectTodaysSpotChecks } from '@/lib/spot-checks/select';
import type { Processor } from './types';

/**
 * 电话抽查 jobs (payloads validated by run.ts). Idempotent: a manager-day is decided once and its
 * callbacks created once (unique keys); an evaluation derives everything from the callbacks again.
 */
export const spotCheckProcessors: {
  'spotChecks.daily': Processor<'spotChecks.daily'>;
  'spotChecks.select': Processor<'spotChecks.select'>;
  'spotChecks.evaluate': Processor<'spotChecks.evaluate'>;
} = {
  'spotChecks.daily': async () => {
    const selection = await selectTodaysSpotChecks(appDb(), new Date());
    return selection ? { day: selection.day, created: selection.created } : { skipped: 'not a working day' };
  },
  'spotChecks.select': async (payload) => {
    const selection = await selectSpotChecks(appDb(), { day: payload.day });
    return { day: selection.day, created: selection.created };
  },
  'spotChecks.evaluate': (payload) => evaluateSpotCheckItem(appDb(), { spotCheckItemId: payload.spotCheckItemId }),
};
