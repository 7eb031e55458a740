import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/checks/rules';
import { decideVerdict, isHeldBackfillVerdict, samplingExclusion, type CallbackFacts } from './rules';

const done = (score: number, knockedOut: string | null = null): CallbackFacts => ({ state: 'closed', outcome: 'completed', score, knockedOut });
const invalidating: Finding = { code: 'same_contact_two_months', severity: 'invalidating', params: {} };
const flag: Finding = { code: 'late_report', severity: 'flag', params: { hours: 30, deadline: 24 } };

describe('decideVerdict', () => {
  it.each([
    ['score exactly 60', { sampled: true, callback: done(60) }, 'valid', 'scoreAtLeast'],
    ['score 59', { sampled: true, callback: done(59) }, 'invalid', 'scoreBelow'],
    ['score 100', { sampled: true, callback: done(100) }, 'valid', 'scoreAtLeast'],
    ['knock-out with a high score', { sampled: true, callback: done(90, '第2题') }, 'invalid', 'knockOut'],
    ['unreachable after all attempts', { sampled: true, callback: { state: 'unreachable', outcome: 'no_answer', score: null, knockedOut: null } }, 'unverified', 'unreachable'],
    ['refused', { sampled: true, callback: { state: 'closed', outcome: 'refused', score: null, knockedOut: null } }, 'unverified', 'notVerified'],
    ['wrong person', { sampled: true, callback: { state: 'closed', outcome: 'wrong_person', score: null, knockedOut: null } }, 'unverified', 'notVerified'],
    ['not sampled', { sampled: false, callback: undefined }, 'unverified', 'notSampled'],
    ['sampling not decided', { sampled: undefined, callback: undefined }, 'pending', 'notYetSampled'],
    ['callback still queued', { sampled: true, callback: { state: 'ready', outcome: null, score: null, knockedOut: null } }, 'pending', 'callbackPending'],
    ['callback held', { sampled: true, callback: { state: 'held', outcome: null, score: null, knockedOut: null } }, 'pending', 'callbackPending'],
  ] as const)('%s → %s', (_label, over, status, reason) => {
    const v = decideVerdict({ findings: [], threshold: 60, ...over });
    expect(v.status).toBe(status);
    expect(v.reasons[0].code).toBe(reason);
    expect(v.final).toBe(status !== 'pending');
  });

  it.each([
    ['too old for sampling', { code: 'excludedOld', days: 45 }, { code: 'excludedOld', params: { days: 45 } }],
    ['no contact phone to call', { code: 'excludedNoPhone' }, { code: 'excludedNoPhone', params: {} }],
    ['drawn out (no exclusion)', null, { code: 'notSampled', params: {} }],
  ] as const)('a visit not sampled because %s says so', (_label, exclusion, reason) => {
    expect(decideVerdict({ sampled: false, callback: undefined, findings: [], threshold: 60, exclusion })).toEqual({ status: 'unverified', final: true, reasons: [reason] });
  });

  it.each([
    ['sampling.reason.excludedOld', 45, { code: 'excludedOld', days: 45 }],
    ['sampling.reason.excludedNoPhone', null, { code: 'excludedNoPhone' }],
    ['sampling.reason.notDrawn', null, null],
    [null, null, null],
  ] as const)('reads the stored sampling reason %s', (code, days, exclusion) => {
    expect(samplingExclusion(code, days)).toEqual(exclusion);
  });

  it.each([
    ['a pending 超期补报', 'pending', { status: 'pending', final: false, reasons: [{ code: 'backfillPending', params: {} }] }],
    ['a rejected 超期补报', 'rejected', { status: 'unverified', final: true, reasons: [{ code: 'backfillRejected', params: {} }] }],
  ] as const)('%s is judged on nothing else, even an invalidating finding or a callback', (_label, backfill, verdict) => {
    expect(decideVerdict({ sampled: true, callback: done(30), findings: [invalidating], threshold: 60, backfill })).toEqual(verdict);
    expect(decideVerdict({ sampled: undefined, callback: undefined, findings: [], threshold: 60, backfill })).toEqual(verdict);
  });

  it('tells a held 超期补报 verdict from any other', () => {
    expect(isHeldBackfillVerdict(decideVerdict({ sampled: undefined, callback: undefined, findings: [], threshold: 60, backfill: 'pending' }))).toBe(true);
    expect(isHeldBackfillVerdict(decideVerdict({ sampled: undefined, callback: undefined, findings: [], threshold: 60, backfill: 'rejected' }))).toBe(true);
    expect(isHeldBackfillVerdict(decideVerdict({ sampled: false, callback: undefined, findings: [], threshold: 60, backfill: 'approved' }))).toBe(false);
  });

  it('an approved 超期补报 is judged like any visit', () => {
    expect(decideVerdict({ sampled: true, callback: done(80), findings: [], threshold: 60, backfill: 'approved' }).status).toBe('valid');
    expect(decideVerdict({ sampled: false, callback: undefined, findings: [], threshold: 60, backfill: 'approved', exclusion: { code: 'excludedOld', days: 45 } }).reasons).toEqual([
      { code: 'excludedOld', params: { days: 45 } },
    ]);
  });

  it('an invalidating finding makes the visit invalid whatever the callback said', () => {
    const v = decideVerdict({ sampled: true, callback: done(95), findings: [flag, invalidating], threshold: 60 });
    expect(v).toEqual({ status: 'invalid', final: true, reasons: [{ code: 'finding.same_contact_two_months', params: {} }] });
  });

  it('an invalidating finding decides even before sampling or when not sampled', () => {
    expect(decideVerdict({ sampled: false, callback: undefined, findings: [invalidating], threshold: 60 }).status).toBe('invalid');
    expect(decideVerdict({ sampled: undefined, callback: undefined, findings: [invalidating], threshold: 60 }).status).toBe('invalid');
  });

  it('a flag alone changes nothing', () => {
    expect(decideVerdict({ sampled: true, callback: done(80), findings: [flag], threshold: 60 }).status).toBe('valid');
  });

  it('follows the threshold in the policy', () => {
    expect(decideVerdict({ sampled: true, callback: done(65), findings: [], threshold: 70 }).status).toBe('invalid');
  });

  it('explains the score to the manager', () => {
    expect(decideVerdict({ sampled: true, callback: done(45), findings: [], threshold: 60 }).reasons).toEqual([{ code: 'scoreBelow', params: { score: 45, threshold: 60 } }]);
  });

  it.each([
    ['a score below the threshold', { sampled: true, callback: done(40) }],
    ['a knock-out', { sampled: true, callback: done(90, '2') }],
    ['an invalidating finding', { sampled: true, callback: done(90), findings: [invalidating] }],
    ['a visit never sampled', { sampled: false, callback: undefined }],
  ] as const)('an overturned dispute stands over %s: valid, saying why', (_label, over) => {
    const v = decideVerdict({ findings: [], threshold: 60, ...over, overturnedBy: 'd1' });
    expect(v).toEqual({ status: 'valid', final: true, reasons: [{ code: 'disputeOverturned', params: {} }] });
  });
});
