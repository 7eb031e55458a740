import { describe, expect, it } from 'vitest';
import type { NewVerdictVersion } from './store';
import { verdictPublications } from './publications';

const version = (managerId: string, status: 'valid' | 'invalid' | 'pending', month = '2026-11'): NewVerdictVersion => ({
  visitId: `v-${Math.random()}`,
  managerId,
  month,
  version: 1,
  verdict: { status, final: status !== 'pending', reasons: [] },
  findings: [],
  cause: 'evaluation',
  causeId: null,
});

describe('verdictPublications', () => {
  it('one notification per manager and month, counting the published and the invalid', () => {
    const out = verdictPublications([version('m1', 'valid'), version('m1', 'invalid'), version('m2', 'valid'), version('m1', 'valid', '2026-10')], 'close');
    expect(out).toEqual([
      { userId: 'm1', kind: 'verdicts_published', params: { month: '2026-11', count: 2, invalid: 1 }, link: '/my-month?month=2026-11' },
      { userId: 'm2', kind: 'verdicts_published', params: { month: '2026-11', count: 1, invalid: 0 }, link: '/my-month?month=2026-11' },
      { userId: 'm1', kind: 'verdicts_published', params: { month: '2026-10', count: 1, invalid: 0 }, link: '/my-month?month=2026-10' },
    ]);
  });

  it('a pending verdict is not published; nothing to announce', () => {
    expect(verdictPublications([version('m1', 'pending')], 'evaluation')).toEqual([]);
  });

  it("a dispute's new verdict is announced by the dispute decision, not twice", () => {
    expect(verdictPublications([version('m1', 'valid')], 'dispute')).toEqual([]);
  });
});
