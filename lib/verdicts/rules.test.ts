import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/checks/rules';
import { decideVerdict, type CallbackFacts } from './rules';

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
