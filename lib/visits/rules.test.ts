import { describe, expect, it } from 'vitest';
import { checkInIssues, isInFuture, isLateReport, isReportedBeforeVisit, type CheckInMethod } from './rules';

const visit = new Date('2026-10-31T15:30:00.000Z');
const after = (ms: number) => new Date(visit.getTime() + ms);
const H = 60 * 60 * 1000;

describe('isLateReport', () => {
  it.each([
    { case: 'filed at the visit', reported: after(0), hours: 24, late: false },
    { case: 'one hour later', reported: after(H), hours: 24, late: false },
    { case: 'exactly at the deadline', reported: after(24 * H), hours: 24, late: false },
    { case: 'one millisecond past the deadline', reported: after(24 * H + 1), hours: 24, late: true },
    { case: 'one minute past the deadline', reported: after(24 * H + 60_000), hours: 24, late: true },
    { case: 'a day and more under a 48 h policy', reported: after(30 * H), hours: 48, late: false },
    { case: 'exactly 48 h under a 48 h policy', reported: after(48 * H), hours: 48, late: false },
    { case: 'past 48 h under a 48 h policy', reported: after(48 * H + 1), hours: 48, late: true },
    { case: 'a 1 h policy', reported: after(H + 1), hours: 1, late: true },
  ])('$case → late=$late', ({ reported, hours, late }) => {
    expect(isLateReport(visit, reported, hours)).toBe(late);
  });
});

describe('isInFuture', () => {
  it.each([
    { case: 'now', at: visit, future: false },
    { case: 'a minute ago', at: after(-60_000), future: false },
    { case: 'one millisecond ahead', at: after(1), future: true },
    { case: 'tomorrow', at: after(24 * H), future: true },
  ])('$case → $future', ({ at, future }) => {
    expect(isInFuture(at, visit)).toBe(future);
  });
});

describe('isReportedBeforeVisit', () => {
  it.each([
    { reported: after(-1), before: true },
    { reported: after(0), before: false },
    { reported: after(1), before: false },
  ])('reported at visit %# → $before', ({ reported, before }) => {
    expect(isReportedBeforeVisit(visit, reported)).toBe(before);
  });
});

describe('checkInIssues', () => {
  it.each<{ method: CheckInMethod; lat: number | null; lng: number | null; issues: string[] }>([
    { method: 'gps', lat: 22.54, lng: 114.06, issues: [] },
    { method: 'gps', lat: null, lng: null, issues: ['checkInLatitude:coordinatesRequired', 'checkInLongitude:coordinatesRequired'] },
    { method: 'gps', lat: 22.54, lng: null, issues: ['checkInLongitude:coordinatesRequired'] },
    { method: 'gps', lat: 0, lng: 0, issues: [] },
    { method: 'gps', lat: 91, lng: 114, issues: ['checkInLatitude:latitudeRange'] },
    { method: 'gps', lat: 22, lng: -181, issues: ['checkInLongitude:longitudeRange'] },
    { method: 'gps', lat: Number.NaN, lng: 114, issues: ['checkInLatitude:latitudeRange'] },
    { method: 'qr', lat: null, lng: null, issues: [] },
    { method: 'qr', lat: 22.54, lng: 114.06, issues: [] },
    { method: 'qr', lat: 22.54, lng: null, issues: ['checkInLongitude:coordinatesIncomplete'] },
    { method: 'qr', lat: null, lng: 114.06, issues: ['checkInLatitude:coordinatesIncomplete'] },
    { method: 'none', lat: null, lng: null, issues: [] },
    { method: 'none', lat: 22.54, lng: null, issues: ['checkInLatitude:coordinatesWithoutCheckIn'] },
  ])('$method ($lat, $lng) → $issues', ({ method, lat, lng, issues }) => {
    expect(checkInIssues(method, lat, lng).map((i) => `${i.field}:${i.code}`)).toEqual(issues);
  });

  it('treats undefined as absent', () => {
    expect(checkInIssues('none', undefined, undefined)).toEqual([]);
    expect(checkInIssues('gps', undefined, 1)).toEqual([{ field: 'checkInLatitude', code: 'coordinatesRequired' }]);
  });
});
