import { TZDate } from '@date-fns/tz';
import { isLateReport } from '@/lib/visits/rules';

/**
 * 数据核查: automatic consistency checks on reported visits. Pure: every number comes from the
 * policy in force and every fact from the caller, so the same rules run when a visit is reported
 * and again at month close, and a person can recompute each finding by hand.
 */
export type FindingSeverity = 'flag' | 'invalidating';

export const CHECK_CODES = [
  'late_report',
  'same_contact_two_months',
  'contact_depth',
  'check_in_distance',
  'duplicate',
  'not_claimant',
  'odd_hours',
  'collusion',
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export const SEVERITY: Record<CheckCode, FindingSeverity> = {
  late_report: 'flag',
  same_contact_two_months: 'invalidating',
  contact_depth: 'flag',
  check_in_distance: 'flag',
  duplicate: 'flag',
  not_claimant: 'invalidating',
  odd_hours: 'flag',
  collusion: 'flag',
};

export interface Finding {
  code: CheckCode;
  severity: FindingSeverity;
  /** Fill the catalogue message `checks.message.<code>`. */
  params: Record<string, string | number>;
}

export interface CheckPolicy {
  reportDeadlineHours: number;
  minContactsAB: number;
  maxCheckInMeters: number;
  /** Local 'HH:mm'; a visit outside [start, end] is at odd hours. */
  normalHoursStart: string;
  normalHoursEnd: string;
}

export interface VisitFacts {
  id: string;
  managerId: string;
  customerClass: 'A' | 'B' | 'C' | 'D';
  type: 'on_site' | 'phone';
  visitedAt: Date;
  reportedAt: Date;
  checkInMethod: 'gps' | 'qr' | 'none';
  checkInLatitude: number | null;
  checkInLongitude: number | null;
  customerLatitude: number | null;
  customerLongitude: number | null;
  /** Phones (E.164) of the contacts visited. */
  contactPhones: string[];
  claimedByManagerAtVisit: boolean;
  /** Active contacts the customer has on file. */
  customerContactCount: number;
  /** Other reports by the same manager for the same customer on the same local day. */
  sameDayReports: number;
  /**
   * The contacts the manager reached at this customer in the visit's month and in the month
   * before (all their visits there); undefined when there were no visits that month.
   */
  contactsThisMonth: ReadonlySet<string>;
  contactsLastMonth?: ReadonlySet<string>;
  /**
   * The visit's local wall-clock time in minutes after midnight, when the caller already has it (a
   * month close reads it from the database for a million visits); else it is computed here.
   */
  localMinutes?: number;
}

const isAB = (c: VisitFacts['customerClass']) => c === 'A' || c === 'B';

function finding(code: CheckCode, params: Finding['params'] = {}): Finding {
  return { code, severity: SEVERITY[code], params };
}

/** Great-circle distance in metres (haversine; the earth as a sphere is precise enough for 500 m). */
export function distanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const R = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

function localMinutes(instant: Date, timeZone: string): number {
  const local = new TZDate(instant.getTime(), timeZone);
  return local.getHours() * 60 + local.getMinutes();
}

const parsedTimes = new Map<string, number>();
function minutesOf(hhmm: string): number {
  // Read once per distinct setting: a month close asks twice per visit.
  let minutes = parsedTimes.get(hhmm);
  if (minutes === undefined) {
    const [h, m] = hhmm.split(':').map(Number);
    parsedTimes.set(hhmm, (minutes = h * 60 + m));
  }
  return minutes;
}

export function checkLateReport(v: VisitFacts, p: CheckPolicy): Finding | null {
  if (!isLateReport(v.visitedAt, v.reportedAt, p.reportDeadlineHours)) return null;
  const hours = Math.floor((v.reportedAt.getTime() - v.visitedAt.getTime()) / 3_600_000);
  return finding('late_report', { hours, deadline: p.reportDeadlineHours });
}

/**
 * DOMAIN rule 6: a class A/B customer where the manager reached only one and the same contact in
 * this month and the month before — this month's visits there are invalid.
 */
export function checkSameContactTwoMonths(v: VisitFacts): Finding | null {
  if (!isAB(v.customerClass) || !v.contactsLastMonth) return null;
  if (v.contactsThisMonth.size !== 1 || v.contactsLastMonth.size !== 1) return null;
  const [only] = v.contactsThisMonth;
  return v.contactsLastMonth.has(only) ? finding('same_contact_two_months') : null;
}

export function checkContactDepth(v: VisitFacts, p: CheckPolicy): Finding | null {
  if (!isAB(v.customerClass) || v.customerContactCount >= p.minContactsAB) return null;
  return finding('contact_depth', { count: v.customerContactCount, minimum: p.minContactsAB, class: v.customerClass });
}

/** A GPS check-in far from the customer's address; a QR check-in proves presence by itself. */
export function checkCheckInDistance(v: VisitFacts, p: CheckPolicy): Finding | null {
  if (v.checkInMethod !== 'gps' || v.checkInLatitude === null || v.checkInLongitude === null) return null;
  if (v.customerLatitude === null || v.customerLongitude === null) return null;
  const meters = distanceMeters(v.checkInLatitude, v.checkInLongitude, v.customerLatitude, v.customerLongitude);
  return meters > p.maxCheckInMeters ? finding('check_in_distance', { meters: Math.round(meters), maximum: p.maxCheckInMeters }) : null;
}

export function checkDuplicate(v: VisitFacts): Finding | null {
  return v.sameDayReports > 0 ? finding('duplicate', { others: v.sameDayReports }) : null;
}

export function checkNotClaimant(v: VisitFacts): Finding | null {
  return v.claimedByManagerAtVisit ? null : finding('not_claimant');
}

export function checkOddHours(v: VisitFacts, p: CheckPolicy, timeZone: string): Finding | null {
  const at = v.localMinutes ?? localMinutes(v.visitedAt, timeZone);
  if (at >= minutesOf(p.normalHoursStart) && at <= minutesOf(p.normalHoursEnd)) return null;
  const hh = String(Math.floor(at / 60)).padStart(2, '0');
  const mm = String(at % 60).padStart(2, '0');
  return finding('odd_hours', { time: `${hh}:${mm}`, start: p.normalHoursStart, end: p.normalHoursEnd });
}

/** A visited contact's phone that is also a staff member's or manager's phone. */
export function checkCollusion(v: VisitFacts, insiderPhones: ReadonlySet<string>): Finding | null {
  const hit = v.contactPhones.find((phone) => insiderPhones.has(phone));
  return hit ? finding('collusion') : null;
}

/** Every check on one visit, in a stable order. */
export function evaluateVisit(v: VisitFacts, p: CheckPolicy, timeZone: string, insiderPhones: ReadonlySet<string>): Finding[] {
  return [
    checkNotClaimant(v),
    checkSameContactTwoMonths(v),
    checkLateReport(v, p),
    checkContactDepth(v, p),
    checkCheckInDistance(v, p),
    checkDuplicate(v),
    checkOddHours(v, p, timeZone),
    checkCollusion(v, insiderPhones),
  ].filter((f): f is Finding => f !== null);
}

export function hasInvalidating(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'invalidating');
}
