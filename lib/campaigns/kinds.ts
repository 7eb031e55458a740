/**
 * The campaign kinds the callback engine serves (docs/CAMPAIGNS.md). Every kind shares the queue,
 * leases, retries, calling hours, call-rate limits and the evidence rules; a kind owns what
 * creates its callbacks, its script, its place in the queue, and where its results go.
 *
 * - verification (回访核实): a sampled reported visit; its result is the visit's verdict.
 * - spot_check (电话抽查): one customer a manager planned to visit that day; its result is a
 *   finding on the manager-day (拜访到位率), with penalties in yuan.
 */
export const CAMPAIGN_KINDS = ['verification', 'spot_check'] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export interface CampaignKindRules {
  /**
   * Place in the shared queue after appointments and boosted re-callbacks: a lower number is
   * offered first. null: by customer class (A, B, C/D). The database derives the same order in
   * callback_tasks.dispatch_rank; an integration test holds the two together.
   */
  queueRank: number | null;
  /** Where the outcome of an ended callback goes: the visit's verdict job or the spot check's evaluation. */
  followUp: 'verdicts.visit' | 'spotChecks.evaluate';
}

export const CAMPAIGN_KIND_RULES: Record<CampaignKind, CampaignKindRules> = {
  // A spot check's finding is only fair on the day it asks about, so it goes ahead of verifications.
  spot_check: { queueRank: 2, followUp: 'spotChecks.evaluate' },
  verification: { queueRank: null, followUp: 'verdicts.visit' },
};

/** The rank callback_tasks.dispatch_rank gives a ready task (mirrors the generated column's SQL). */
export function dispatchRankOf(task: { kind: CampaignKind; appointmentAt: Date | null; boosted: boolean; customerClass: 'A' | 'B' | 'C' | 'D' }): number {
  if (task.appointmentAt) return 0;
  if (task.boosted) return 1;
  const kindRank = CAMPAIGN_KIND_RULES[task.kind].queueRank;
  if (kindRank !== null) return kindRank;
  return task.customerClass === 'A' ? 3 : task.customerClass === 'B' ? 4 : 5;
}

/** What a callback is about, by kind: the visit it verifies or the spot-check item it asks. */
export type CallbackSubject = { kind: 'verification'; visitId: string } | { kind: 'spot_check'; spotCheckItemId: string };

/** A task row's subject; the database's check (callback_tasks_kind_subject) guarantees the ids. */
export function subjectOf(task: { kind: CampaignKind; visitId: string | null; spotCheckItemId: string | null }): CallbackSubject {
  if (task.kind === 'spot_check') {
    if (!task.spotCheckItemId) throw new Error('spot-check callback without its item');
    return { kind: 'spot_check', spotCheckItemId: task.spotCheckItemId };
  }
  if (!task.visitId) throw new Error('verification callback without its visit');
  return { kind: 'verification', visitId: task.visitId };
}
