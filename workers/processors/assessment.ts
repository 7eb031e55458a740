import { closeMonth, evaluateMonth } from '@/lib/assessment/close';
import { evaluateForVisit } from '@/lib/assessment/evaluate';
import { closeDueMonth, requestDailyEvaluation } from '@/lib/assessment/schedule';
import { appDb } from '@/lib/platform/db';
import { announceVisitEvaluated } from '@/lib/live/announce';
import { systemActor } from '@/lib/users/system-user';
import type { Processor } from './types';

/**
 * Assessment jobs. Each is safe to repeat: an evaluation writes only differences (nothing when
 * nothing changed), and a close of an unchanged month gives the same figures.
 */
export const assessmentProcessors: {
  'verdicts.visit': Processor<'verdicts.visit'>;
  'verdicts.month': Processor<'verdicts.month'>;
  'verdicts.daily': Processor<'verdicts.daily'>;
  'month.close': Processor<'month.close'>;
  'month.closeDaily': Processor<'month.closeDaily'>;
} = {
  'verdicts.visit': async (payload) => {
    const results = await evaluateForVisit(appDb(), payload.visitId, { cause: payload.event?.startsWith('callback') ? 'callback' : 'evaluation', causeId: payload.event ?? null });
    // Committed: the visit's page (the manager's, staff's) shows the verdict without a reload.
    if (results?.length) await announceVisitEvaluated(appDb(), payload.visitId, results);
    return results?.map(({ managerId, month, findings, verdicts, ledgerEntries }) => ({ managerId, month, findings, verdicts, ledgerEntries })) ?? { skipped: 'visit not found' };
  },
  'verdicts.month': async (payload, job) => {
    const r = await evaluateMonth(appDb(), payload.month, { onChunk: ({ chunk, chunks }) => void job.updateProgress(Math.round((chunk / chunks) * 100)).catch(() => {}) });
    return { month: r.month, managers: r.managers, written: r.written };
  },
  'verdicts.daily': async () => ({ months: await requestDailyEvaluation() }),
  'month.close': async (payload, job) => {
    const db = appDb();
    const actor = await systemActor(db);
    const result = await closeMonth({
      ctx: { db, actor, now: () => new Date() },
      input: { month: payload.month },
      options: { onChunk: ({ chunk, chunks }) => void job.updateProgress(Math.round((chunk / chunks) * 100)).catch(() => {}) },
    });
    return { month: result.month, version: result.version, managers: result.managers, changes: result.changes };
  },
  'month.closeDaily': async () => {
    const r = await closeDueMonth(appDb());
    return r.closed ? { month: r.month, closed: true, version: r.result.version } : r;
  },
};
