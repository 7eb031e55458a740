import { describe, expect, it } from 'vitest';
import { withManualMark } from './manual';

const r = (code: string, params: Record<string, string | number> = {}) => ({ code, params });

describe('withManualMark', () => {
  it.each([
    ['a score from a manual call', [r('scoreAtLeast', { score: 80, threshold: 60 })], true, ['scoreAtLeast', 'manualCall']],
    ['a knock-out from a manual call', [r('knockOut', { question: 2 })], true, ['knockOut', 'manualCall']],
    ['an outcome without verification from a manual call', [r('notVerified', { outcome: 'refused' })], true, ['notVerified', 'manualCall']],
    ['unreachable, last attempt manual', [r('unreachable')], true, ['unreachable', 'manualCall']],
    ['a score from a placed call', [r('scoreAtLeast', { score: 80, threshold: 60 })], false, ['scoreAtLeast']],
    ['not sampled: no callback to mark', [r('notSampled')], true, ['notSampled']],
    ['an invalidating finding decides alone', [r('finding.duplicate')], true, ['finding.duplicate']],
    ['an overturned dispute decides alone', [r('disputeOverturned')], true, ['disputeOverturned']],
    ['marked once', [r('scoreBelow', { score: 40, threshold: 60 }), r('manualCall')], true, ['scoreBelow', 'manualCall']],
  ])('%s', (_name, reasons, manual, codes) => {
    expect(withManualMark(reasons, manual).map((x) => x.code)).toEqual(codes);
  });
});
