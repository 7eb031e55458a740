import { describe, expect, it } from 'vitest';
import { planClaim, type LatestClaim } from './claim-rules';

const d = (iso: string) => new Date(`${iso}T00:00:00+08:00`);
const claim = (managerId: string, from: string, to: string | null = null): LatestClaim => ({
  id: 'c1',
  managerId,
  effectiveFrom: d(from),
  effectiveTo: to ? d(to) : null,
});

describe('planClaim', () => {
  it.each([
    ['no claim yet', null, 'm1', '2026-03-01', 'create'],
    ['same open claimant', claim('m1', '2026-01-01'), 'm1', '2026-03-01', 'unchanged'],
    ['same open claimant, earlier from', claim('m1', '2026-01-01'), 'm1', '2025-06-01', 'unchanged'],
    ['other open claimant, later from', claim('m1', '2026-01-01'), 'm2', '2026-03-01', 'reassign'],
    ['other open claimant, same instant', claim('m1', '2026-01-01'), 'm2', '2026-01-01', 'refused'],
    ['other open claimant, earlier from', claim('m1', '2026-01-01'), 'm2', '2025-12-31', 'refused'],
    ['closed claim, from at its end', claim('m1', '2026-01-01', '2026-02-01'), 'm2', '2026-02-01', 'create'],
    ['closed claim, from after its end', claim('m1', '2026-01-01', '2026-02-01'), 'm1', '2026-05-01', 'create'],
    ['closed claim, same manager inside it', claim('m1', '2026-01-01', '2026-12-01'), 'm1', '2026-03-01', 'unchanged'],
    ['closed claim, other manager inside it', claim('m1', '2026-01-01', '2026-12-01'), 'm2', '2026-03-01', 'refused'],
    ['closed claim, same manager before it', claim('m1', '2026-01-01', '2026-12-01'), 'm1', '2025-03-01', 'refused'],
  ] as const)('%s → %s', (_name, latest, managerId, from, kind) => {
    expect(planClaim(latest, managerId, d(from)).kind).toBe(kind);
  });

  it('names the claim to close on reassignment', () => {
    const latest = claim('m1', '2026-01-01');
    expect(planClaim(latest, 'm2', d('2026-03-01'))).toEqual({ kind: 'reassign', close: latest });
  });

  it('says why it refuses', () => {
    expect(planClaim(claim('m1', '2026-01-01'), 'm2', d('2025-01-01'))).toEqual({
      kind: 'refused',
      code: 'startsBeforeCurrent',
      params: { from: d('2026-01-01') },
    });
    expect(planClaim(claim('m1', '2026-01-01', '2026-06-01'), 'm2', d('2026-02-01'))).toEqual({
      kind: 'refused',
      code: 'overlapsPrevious',
      params: { from: d('2026-06-01') },
    });
  });
});
