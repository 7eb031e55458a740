import { describe, expect, it } from 'vitest';
import {
  checkCheckInDistance,
  checkCollusion,
  checkContactDepth,
  checkDuplicate,
  checkLateReport,
  checkNotClaimant,
  checkOddHours,
  checkSameContactTwoMonths,
  distanceMeters,
  evaluateVisit,
  hasInvalidating,
  type CheckPolicy,
  type VisitFacts,
} from './rules';

const SH = 'Asia/Shanghai';
const policy: CheckPolicy = { reportDeadlineHours: 24, minContactsAB: 3, maxCheckInMeters: 500, normalHoursStart: '07:00', normalHoursEnd: '22:00' };

function visit(over: Partial<VisitFacts> = {}): VisitFacts {
  return {
    id: 'v1',
    managerId: 'm1',
    customerClass: 'A',
    type: 'on_site',
    visitedAt: new Date('2026-11-03T02:00:00Z'), // 10:00 in Shanghai
    reportedAt: new Date('2026-11-03T06:00:00Z'),
    checkInMethod: 'none',
    checkInLatitude: null,
    checkInLongitude: null,
    customerLatitude: 22.54,
    customerLongitude: 114.05,
    contactPhones: ['+8613800000001'],
    claimedByManagerAtVisit: true,
    customerContactCount: 3,
    sameDayReports: 0,
    contactsThisMonth: new Set(['c1']),
    contactsLastMonth: undefined,
    ...over,
  };
}

describe('late report', () => {
  it.each([
    ['exactly 24 h', '2026-11-04T02:00:00.000Z', false],
    ['24 h and 1 ms', '2026-11-04T02:00:00.001Z', true],
    ['an hour', '2026-11-03T03:00:00.000Z', false],
  ])('%s after the visit → late: %s', (_label, reported, late) => {
    expect(checkLateReport(visit({ reportedAt: new Date(reported) }), policy) !== null).toBe(late);
  });
  it('follows the deadline in the policy', () => {
    expect(checkLateReport(visit({ reportedAt: new Date('2026-11-04T12:00:00Z') }), { ...policy, reportDeadlineHours: 48 })).toBeNull();
  });
});

describe('same contact two months running (class A/B)', () => {
  it.each([
    ['A', ['c1'], ['c1'], true],
    ['B', ['c1'], ['c1'], true],
    ['C', ['c1'], ['c1'], false],
    ['A', ['c1'], ['c2'], false],
    ['A', ['c1', 'c2'], ['c1'], false],
    ['A', ['c1'], ['c1', 'c2'], false],
    ['A', ['c1'], undefined, false],
  ] as const)('class %s, this month %j, last month %j → invalid: %s', (cls, now, before, hit) => {
    const f = checkSameContactTwoMonths(visit({ customerClass: cls, contactsThisMonth: new Set(now), contactsLastMonth: before ? new Set(before) : undefined }));
    expect(f !== null).toBe(hit);
    if (f) expect(f.severity).toBe('invalidating');
  });
});

describe('contact depth', () => {
  it.each([
    ['A', 2, true],
    ['A', 3, false],
    ['B', 0, true],
    ['C', 1, false],
    ['D', 0, false],
  ] as const)('class %s with %d contacts → flag: %s', (cls, count, hit) => {
    expect(checkContactDepth(visit({ customerClass: cls, customerContactCount: count }), policy) !== null).toBe(hit);
  });
});

describe('check-in distance', () => {
  const near = { checkInLatitude: 22.5440, checkInLongitude: 114.05 }; // ~445 m north
  const far = { checkInLatitude: 22.5460, checkInLongitude: 114.05 }; // ~667 m north
  it('measures metres on the ground', () => {
    expect(Math.round(distanceMeters(22.54, 114.05, 22.544, 114.05))).toBe(445);
  });
  it.each([
    ['GPS within 500 m', { checkInMethod: 'gps' as const, ...near }, false],
    ['GPS beyond 500 m', { checkInMethod: 'gps' as const, ...far }, true],
    ['QR beyond 500 m (QR proves presence)', { checkInMethod: 'qr' as const, ...far }, false],
    ['no check-in', { checkInMethod: 'none' as const }, false],
    ['customer without coordinates', { checkInMethod: 'gps' as const, ...far, customerLatitude: null, customerLongitude: null }, false],
  ])('%s → flag: %s', (_label, over, hit) => {
    expect(checkCheckInDistance(visit(over), policy) !== null).toBe(hit);
  });
});

describe('odd hours in Asia/Shanghai', () => {
  it.each([
    ['06:59', '2026-11-02T22:59:00Z', true],
    ['07:00', '2026-11-02T23:00:00Z', false],
    ['22:00', '2026-11-03T14:00:00Z', false],
    ['22:01', '2026-11-03T14:01:00Z', true],
    ['23:59 on the last day of the month', '2026-11-30T15:59:00Z', true],
  ])('%s → flag: %s', (_label, iso, hit) => {
    expect(checkOddHours(visit({ visitedAt: new Date(iso), reportedAt: new Date(iso) }), policy, SH) !== null).toBe(hit);
  });
  it('takes the local time from the caller when it has it (a month close reads it in bulk), with the same answer', () => {
    for (const [iso, minutes] of [['2026-11-02T22:59:00Z', 6 * 60 + 59], ['2026-11-02T23:00:00Z', 7 * 60], ['2026-11-03T14:01:00Z', 22 * 60 + 1]] as const) {
      const v = visit({ visitedAt: new Date(iso), reportedAt: new Date(iso) });
      expect(checkOddHours({ ...v, localMinutes: minutes }, policy, SH)).toEqual(checkOddHours(v, policy, SH));
    }
  });
});

describe('duplicate, claimant, collusion', () => {
  it('flags a second report for the same customer on the same day', () => {
    expect(checkDuplicate(visit({ sameDayReports: 1 }))).not.toBeNull();
    expect(checkDuplicate(visit())).toBeNull();
  });
  it('invalidates a visit to a customer the manager did not claim', () => {
    expect(checkNotClaimant(visit({ claimedByManagerAtVisit: false }))?.severity).toBe('invalidating');
    expect(checkNotClaimant(visit())).toBeNull();
  });
  it("flags a contact whose phone is an insider's", () => {
    expect(checkCollusion(visit(), new Set(['+8613800000001']))).not.toBeNull();
    expect(checkCollusion(visit(), new Set(['+8613900000000']))).toBeNull();
  });
});

describe('evaluateVisit', () => {
  it('finds nothing on a clean visit', () => {
    expect(evaluateVisit(visit(), policy, SH, new Set())).toEqual([]);
  });
  it('lists every finding, invalidating ones first, and says whether any invalidates', () => {
    const findings = evaluateVisit(
      visit({ claimedByManagerAtVisit: false, customerContactCount: 1, reportedAt: new Date('2026-11-05T00:00:00Z') }),
      policy,
      SH,
      new Set(),
    );
    expect(findings.map((f) => f.code)).toEqual(['not_claimant', 'late_report', 'contact_depth']);
    expect(hasInvalidating(findings)).toBe(true);
    expect(hasInvalidating(findings.slice(1))).toBe(false);
  });
});
