/**
 * Pure rules of a visit report (附件3《集团客户拜访记录》). No I/O: the numbers come from the
 * policy in force, the clock from the caller, so the same rules serve the form and the import.
 */

export const VISIT_TYPES = ['on_site', 'phone'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

export const CHECK_IN_METHODS = ['gps', 'qr', 'none'] as const;
export type CheckInMethod = (typeof CHECK_IN_METHODS)[number];

const HOUR_MS = 60 * 60 * 1000;

/**
 * DOMAIN rule 3: a report is due within `deadlineHours` of the visit. Filing at exactly the
 * deadline is on time; anything later, even by a millisecond, is late (accepted, but flagged).
 */
export function isLateReport(visitedAt: Date, reportedAt: Date, deadlineHours: number): boolean {
  return reportedAt.getTime() - visitedAt.getTime() > deadlineHours * HOUR_MS;
}

/** A visit is reported after it happened; a time after "now" is a typing error, not a plan. */
export function isInFuture(visitedAt: Date, now: Date): boolean {
  return visitedAt.getTime() > now.getTime();
}

/** The database refuses a report filed before its visit; callers say so in words first. */
export function isReportedBeforeVisit(visitedAt: Date, reportedAt: Date): boolean {
  return reportedAt.getTime() < visitedAt.getTime();
}

export type CheckInField = 'checkInLatitude' | 'checkInLongitude';
export type CheckInIssueCode =
  | 'coordinatesRequired'
  | 'coordinatesIncomplete'
  | 'coordinatesWithoutCheckIn'
  | 'latitudeRange'
  | 'longitudeRange';

export interface CheckInIssue {
  field: CheckInField;
  code: CheckInIssueCode;
}

/**
 * Which coordinates a check-in needs. GPS is a location proof, so both coordinates are required;
 * a QR check-in may carry the phone's location (both or neither); "no check-in" has no location,
 * and coordinates with it would be a contradiction the data check could not interpret.
 */
export function checkInIssues(
  method: CheckInMethod,
  latitude: number | null | undefined,
  longitude: number | null | undefined,
): CheckInIssue[] {
  const hasLat = latitude !== null && latitude !== undefined;
  const hasLng = longitude !== null && longitude !== undefined;
  const issues: CheckInIssue[] = [];
  if (method === 'none') {
    if (hasLat) issues.push({ field: 'checkInLatitude', code: 'coordinatesWithoutCheckIn' });
    if (hasLng) issues.push({ field: 'checkInLongitude', code: 'coordinatesWithoutCheckIn' });
    return issues;
  }
  if (method === 'gps') {
    if (!hasLat) issues.push({ field: 'checkInLatitude', code: 'coordinatesRequired' });
    if (!hasLng) issues.push({ field: 'checkInLongitude', code: 'coordinatesRequired' });
  } else if (hasLat !== hasLng) {
    issues.push({ field: hasLat ? 'checkInLongitude' : 'checkInLatitude', code: 'coordinatesIncomplete' });
  }
  if (hasLat && !(Number.isFinite(latitude) && latitude >= -90 && latitude <= 90)) {
    issues.push({ field: 'checkInLatitude', code: 'latitudeRange' });
  }
  if (hasLng && !(Number.isFinite(longitude) && longitude >= -180 && longitude <= 180)) {
    issues.push({ field: 'checkInLongitude', code: 'longitudeRange' });
  }
  return issues;
}
