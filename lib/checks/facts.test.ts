import { describe, expect, it } from 'vitest';
import { buildVisitFacts, claimedAt, type MonthVisit } from './facts';

const visit = (id: string, customerId: string, day: string, contactIds: string[], managerId = 'm'): MonthVisit => ({
  id,
  managerId,
  customerId,
  type: 'on_site',
  visitedAt: new Date(`${day}T02:00:00Z`),
  reportedAt: new Date(`${day}T04:00:00Z`),
  day,
  localMinutes: 600,
  checkInMethod: 'none',
  checkInLatitude: null,
  checkInLongitude: null,
  contactIds,
  contactPhones: contactIds.map((k) => (k === 'k1' ? '+861' : '+862')),
});
const chunk = new Map([['c', { id: 'c', customerClass: 'A' as const, latitude: 22.5, longitude: 114, activeContacts: 2 }]]);

describe('visit facts for the checks', () => {
  it('counts same-day reports, gathers the month’s contacts and phones, and reads the claim at the visit', () => {
    const claims = [{ customerId: 'c', from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') }];
    const facts = buildVisitFacts(
      [visit('a', 'c', '2026-11-05', ['k1']), visit('b', 'c', '2026-11-05', ['k2']), visit('d', 'c', '2026-11-25', ['k1'])],
      chunk,
      new Map([['m|c', new Set(['k1'])]]),
      claims,
    );
    expect(facts.map((f) => f.sameDayReports)).toEqual([1, 1, 0]);
    expect([...facts[0].contactsThisMonth].sort()).toEqual(['k1', 'k2']);
    expect([...facts[0].contactsLastMonth!]).toEqual(['k1']);
    expect(facts[1].contactPhones).toEqual(['+862']);
    expect(facts.map((f) => f.claimedByManagerAtVisit)).toEqual([true, true, false]);
    expect(facts[0]).toMatchObject({ customerClass: 'A', customerContactCount: 2, customerLatitude: 22.5, localMinutes: 600 });
  });
  it('claims are [from, to): the first instant counts, the end does not', () => {
    const p = [{ customerId: 'c', from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') }];
    expect(claimedAt(p, 'c', new Date('2026-11-16T00:00:00Z'))).toBe(true);
    expect(claimedAt(p, 'c', new Date('2026-11-20T00:00:00Z'))).toBe(false);
    expect(claimedAt(p, 'other', new Date('2026-11-17T00:00:00Z'))).toBe(false);
  });
});
