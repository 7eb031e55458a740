import type { Finding } from '@/lib/checks/rules';
import type { VerdictStatus } from '@/lib/visits/verdict-status';

/**
 * 真实有效 / 无效拜访: the verdict on one visit, from its sampling decision, its callback and its
 * data-check findings. Pure; every verdict carries the reasons a manager can read.
 */
export interface VerdictReason {
  /** Catalogue key under `verdicts.reason.*`. */
  code: string;
  params: Record<string, string | number>;
}

export interface Verdict {
  status: VerdictStatus;
  /** Final verdicts are published to the manager; pending ones wait for the callback. */
  final: boolean;
  reasons: VerdictReason[];
}

export interface CallbackFacts {
  state: 'waiting' | 'ready' | 'held' | 'closed' | 'unreachable' | 'cancelled';
  outcome: string | null;
  score: number | null;
  /** Text (or number) of the question whose knock-out answer was given, if any. */
  knockedOut: string | null;
}

export interface VerdictInput {
  /** undefined: sampling has not decided yet. */
  sampled: boolean | undefined;
  callback: CallbackFacts | undefined;
  findings: readonly Finding[];
  threshold: number;
  /** An overturned dispute of this verdict (its id): the department's decision stands over the facts. */
  overturnedBy?: string | null;
  /** 超期补报 state of the report: pending and rejected ones count for nothing (lib/visits/backfill-rules.ts). */
  backfill?: 'pending' | 'approved' | 'rejected' | null;
  /**
   * Why sampling excluded the visit, when it did (sampling.reason.excludedOld / excludedNoPhone):
   * such a visit was never eligible for a callback, and its verdict says so, not "not drawn".
   */
  exclusion?: SamplingExclusion | null;
}

export type SamplingExclusion = { code: 'excludedOld'; days: number } | { code: 'excludedNoPhone' };

/** The stored sampling reason code of an exclusion (and its look-back) as the verdict reads it. */
export function samplingExclusion(reasonCode: string | null | undefined, days: number | null | undefined): SamplingExclusion | null {
  if (reasonCode === 'sampling.reason.excludedOld') return { code: 'excludedOld', days: days ?? 0 };
  if (reasonCode === 'sampling.reason.excludedNoPhone') return { code: 'excludedNoPhone' };
  return null;
}

/** The verdict of a 超期补报 held back (pending or rejected): it changes none of the month's figures. */
export function isHeldBackfillVerdict(verdict: Verdict): boolean {
  return verdict.reasons.length === 1 && (verdict.reasons[0].code === 'backfillPending' || verdict.reasons[0].code === 'backfillRejected');
}

function notSampled(exclusion: SamplingExclusion | null | undefined): Verdict {
  if (exclusion?.code === 'excludedOld') return { status: 'unverified', final: true, reasons: [{ code: 'excludedOld', params: { days: exclusion.days } }] };
  if (exclusion?.code === 'excludedNoPhone') return { status: 'unverified', final: true, reasons: [{ code: 'excludedNoPhone', params: {} }] };
  return { status: 'unverified', final: true, reasons: [{ code: 'notSampled', params: {} }] };
}

export function decideVerdict(input: VerdictInput): Verdict {
  // A 超期补报 waiting for staff, or refused by them, is judged on nothing: no finding, sample or callback.
  if (input.backfill === 'pending') return { status: 'pending', final: false, reasons: [{ code: 'backfillPending', params: {} }] };
  if (input.backfill === 'rejected') return { status: 'unverified', final: true, reasons: [{ code: 'backfillRejected', params: {} }] };
  if (input.overturnedBy) return { status: 'valid', final: true, reasons: [{ code: 'disputeOverturned', params: {} }] };
  const invalidating = input.findings.filter((f) => f.severity === 'invalidating');
  // A finding that invalidates decides alone: no callback answer can make such a visit valid.
  if (invalidating.length > 0) {
    return { status: 'invalid', final: true, reasons: invalidating.map((f) => ({ code: `finding.${f.code}`, params: f.params })) };
  }
  if (input.sampled === undefined) return { status: 'pending', final: false, reasons: [{ code: 'notYetSampled', params: {} }] };
  if (!input.sampled) return notSampled(input.exclusion);
  const cb = input.callback;
  if (!cb || cb.state === 'waiting' || cb.state === 'ready' || cb.state === 'held') {
    return { status: 'pending', final: false, reasons: [{ code: 'callbackPending', params: {} }] };
  }
  if (cb.state === 'unreachable') return { status: 'unverified', final: true, reasons: [{ code: 'unreachable', params: {} }] };
  if (cb.state === 'cancelled') return { status: 'unverified', final: true, reasons: [{ code: 'callbackCancelled', params: {} }] };
  if (cb.outcome !== 'completed' || cb.score === null) {
    // Refused, wrong person, number invalid, partial: no verification happened — never against the manager.
    return { status: 'unverified', final: true, reasons: [{ code: 'notVerified', params: { outcome: cb.outcome ?? 'unknown' } }] };
  }
  if (cb.knockedOut) return { status: 'invalid', final: true, reasons: [{ code: 'knockOut', params: { question: cb.knockedOut } }] };
  if (cb.score < input.threshold) return { status: 'invalid', final: true, reasons: [{ code: 'scoreBelow', params: { score: cb.score, threshold: input.threshold } }] };
  return { status: 'valid', final: true, reasons: [{ code: 'scoreAtLeast', params: { score: cb.score, threshold: input.threshold } }] };
}
