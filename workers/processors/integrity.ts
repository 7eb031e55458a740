import { appDb } from '@/lib/platform/db';
import { requestNightlyAudit, runScheduledAudit } from '@/lib/integrity/schedule';
import type { Processor } from './types';

/** 数据完整性核查: read-only, so a repeated job only stores one more run. */
export const integrityProcessors: {
  'integrity.nightly': Processor<'integrity.nightly'>;
  'integrity.audit': Processor<'integrity.audit'>;
} = {
  'integrity.nightly': async () => ({ runKey: await requestNightlyAudit() }),
  'integrity.audit': async (payload) => {
    const r = await runScheduledAudit(appDb(), { requestedBy: payload.requestedBy });
    return { runId: r.runId, clean: r.clean, problemCount: r.problemCount, counts: r.counts };
  },
};
