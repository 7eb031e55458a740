import { NotFoundError } from '@/lib/platform/core/errors';
import { appDb } from '@/lib/platform/db';
import { evaluateOpenSpotChecks, evaluateSpotCheckItem } from '@/lib/spot-checks/evaluate';
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
  'spotChecks.catchUp': Processor<'spotChecks.catchUp'>;
} = {
  'spotChecks.daily': async () => {
    const selection = await selectTodaysSpotChecks(appDb(), new Date());
    return selection ? { day: selection.day, created: selection.created } : { skipped: 'not a working day' };
  },
  'spotChecks.select': async (payload) => {
    const selection = await selectSpotChecks(appDb(), { day: payload.day });
    return { day: selection.day, created: selection.created };
  },
  'spotChecks.evaluate': async (payload) => {
    // A dispute's decision asks with `dispute-<id>-<state>`: its ledger entries name the dispute.
    const disputeId = /^dispute-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(-|$)/i.exec(payload.event)?.[1];
    // A well-formed job naming an item that is gone completes, saying so (it would fail the same way every time).
    const r = await evaluateSpotCheckItem(appDb(), { spotCheckItemId: payload.spotCheckItemId, event: payload.event, disputeId }).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (!r) return { skipped: 'spot-check item not found' };
    return { spotCheckId: r.spotCheckId, result: r.result, penaltyYuan: r.penaltyYuan, ledgerEntries: r.ledgerEntries, flagRaised: r.flagRaised };
  },
  'spotChecks.catchUp': () => evaluateOpenSpotChecks(appDb(), new Date()),
};
