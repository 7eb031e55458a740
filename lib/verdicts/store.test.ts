import { describe, expect, it } from 'vitest';
import { verdictKey } from './load';
import { verdictChanged } from './store';

const latest = { version: 1, key: 'invalid|true|[{"code": "scoreBelow", "params": {"score": 45, "threshold": 60}}]' };

describe('a new verdict version only when it changed', () => {
  it('reads a verdict as the database prints it', () => {
    expect(verdictKey({ status: 'invalid', final: true, reasons: [{ code: 'scoreBelow', params: { threshold: 60, score: 45 } }] })).toBe(latest.key);
  });
  it.each([
    ['the same verdict (parameters in another key order)', { status: 'invalid', final: true, reasons: [{ params: { threshold: 60, score: 45 }, code: 'scoreBelow' }] }, false],
    ['another score', { status: 'invalid', final: true, reasons: [{ code: 'scoreBelow', params: { score: 40, threshold: 60 } }] }, true],
    ['another status', { status: 'valid', final: true, reasons: [{ code: 'scoreAtLeast', params: { score: 75, threshold: 60 } }] }, true],
    ['no longer final', { status: 'invalid', final: false, reasons: [{ code: 'scoreBelow', params: { score: 45, threshold: 60 } }] }, true],
  ] as const)('%s → %s', (_label, next, changed) => {
    expect(verdictChanged(latest, next as never)).toBe(changed);
  });
  it('the first verdict of a visit is always new', () => {
    expect(verdictChanged(undefined, { status: 'pending', final: false, reasons: [] })).toBe(true);
  });
});
