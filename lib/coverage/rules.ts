import { monthRange, shiftMonth, type Month } from '@/lib/platform/time/zone';

/**
 * 考核内容 1 — coverage. Per manager, for each customer they claim in the month:
 * class A/B: on site at least once in the month; class C/D: in contact at least once in the month
 * (a phone visit, or an on-site one, which is the stronger contact) and on site at least once in
 * the rolling 3 months ending with this one. Pure: claims, classes and visits come in.
 */
export type CustomerClass = 'A' | 'B' | 'C' | 'D';
export type Requirement = 'on_site_month' | 'contact_month' | 'on_site_quarter';

export interface ClaimPeriod {
  customerId: string;
  from: Date;
  to: Date | null;
}

export interface CountedVisit {
  customerId: string;
  type: 'on_site' | 'phone';
  visitedAt: Date;
  /** Only valid and unverified visits count; invalid ones do not (pending ones count until decided). */
  counts: boolean;
}

export interface CustomerCoverage {
  customerId: string;
  customerClass: CustomerClass;
  required: Requirement[];
  met: Requirement[];
  gaps: Requirement[];
}

export interface CoverageResult {
  customers: CustomerCoverage[];
  required: number;
  done: number;
  /** done / required, 1 when nothing was required. */
  rate: number;
  /** Below the required count or frequency: DOMAIN rule 7 zeroes the month's points. */
  failed: boolean;
}

const DAY_MS = 86_400_000;

// Month boundaries in a time zone never change; a close asks for them per manager and customer,
// and computing them is the costly part of these rules (time-zone arithmetic).
const ranges = new Map<string, { start: Date; end: Date }>();
/** monthRange, remembered (its instants are never changed by a caller). */
export function rangeOf(month: Month, timeZone: string): { start: Date; end: Date } {
  const key = `${month}|${timeZone}`;
  let r = ranges.get(key);
  if (!r) ranges.set(key, (r = monthRange(month, timeZone)));
  return r;
}

/** Days of the month a customer was claimed by the manager (claims may be several periods). */
export function claimedDaysInMonth(periods: readonly ClaimPeriod[], month: Month, timeZone: string): number {
  const { start, end } = rangeOf(month, timeZone);
  let ms = 0;
  for (const p of periods) {
    const from = Math.max(p.from.getTime(), start.getTime());
    const to = Math.min(p.to?.getTime() ?? Infinity, end.getTime());
    if (to > from) ms += to - from;
  }
  return ms / DAY_MS;
}

/**
 * Customers that count for the manager this month: claimed for at least `minDays` days of it
 * (DOMAIN rule 4: assessment follows the claims from their effective date).
 *
 * The threshold is never more than half the month, so a customer handed over once is always
 * someone's: whoever held it at least half the month counts. A handover on the 15th leaves the old
 * manager 14 days; in a 30- or 31-day month only the new one counts, and in a 28-day February both
 * hold exactly half (14 days) and both count — as both do after a handover on the 16th of a 30-day
 * month — rather than nobody.
 */
export function countedCustomers(periods: readonly ClaimPeriod[], month: Month, timeZone: string, minDays: number): string[] {
  const byCustomer = new Map<string, ClaimPeriod[]>();
  for (const p of periods) byCustomer.set(p.customerId, [...(byCustomer.get(p.customerId) ?? []), p]);
  const { start, end } = rangeOf(month, timeZone);
  const daysInMonth = (end.getTime() - start.getTime()) / DAY_MS;
  const threshold = Math.min(minDays, daysInMonth / 2);
  return [...byCustomer.entries()].filter(([, ps]) => claimedDaysInMonth(ps, month, timeZone) >= threshold).map(([id]) => id).sort();
}

export interface ClassChange {
  at: Date;
  from: CustomerClass;
  to: CustomerClass;
}

/**
 * The class a customer is assessed with for a month: the class it had when the month began (or
 * when it came on file, if later). A class change during the month applies from the next month:
 * the month's plan (DOMAIN rule 2) was made with the old class, so what is required of the manager,
 * and the points the customer accrues, do not move under them halfway through. `changes` are the
 * customer's recorded class changes; `current` is its class now.
 */
export function classForMonth(current: CustomerClass, changes: readonly ClassChange[], month: Month, timeZone: string): CustomerClass {
  const { start } = rangeOf(month, timeZone);
  let first: ClassChange | undefined;
  for (const c of changes) if (c.at >= start && (!first || c.at < first.at)) first = c;
  return first ? first.from : current;
}

export function requirementsFor(customerClass: CustomerClass): Requirement[] {
  return customerClass === 'A' || customerClass === 'B' ? ['on_site_month'] : ['contact_month', 'on_site_quarter'];
}

export function evaluateCoverage(input: {
  month: Month;
  timeZone: string;
  customers: { customerId: string; customerClass: CustomerClass }[];
  /** The manager's visits from the start of the 3-month window to the end of the month. */
  visits: readonly CountedVisit[];
}): CoverageResult {
  const { start: monthStart, end } = rangeOf(input.month, input.timeZone);
  const quarterStart = rangeOf(shiftMonth(input.month, -2), input.timeZone).start;
  // The counted visits by customer, once (a unit's page evaluates 200 managers' 20 customers each).
  const counted = new Map<string, CountedVisit[]>();
  for (const v of input.visits) {
    if (!v.counts || v.visitedAt >= end) continue;
    let list = counted.get(v.customerId);
    if (!list) counted.set(v.customerId, (list = []));
    list.push(v);
  }
  const results: CustomerCoverage[] = input.customers.map(({ customerId, customerClass }) => {
    const mine = counted.get(customerId) ?? [];
    const inMonth = mine.filter((v) => v.visitedAt >= monthStart);
    const onSiteMonth = inMonth.some((v) => v.type === 'on_site');
    const contactMonth = inMonth.length > 0;
    const onSiteQuarter = mine.some((v) => v.type === 'on_site' && v.visitedAt >= quarterStart);
    const status: Record<Requirement, boolean> = { on_site_month: onSiteMonth, contact_month: contactMonth, on_site_quarter: onSiteQuarter };
    const required = requirementsFor(customerClass);
    return {
      customerId,
      customerClass,
      required,
      met: required.filter((r) => status[r]),
      gaps: required.filter((r) => !status[r]),
    };
  });
  const required = results.reduce((n, c) => n + c.required.length, 0);
  const done = results.reduce((n, c) => n + c.met.length, 0);
  return { customers: results, required, done, rate: required === 0 ? 1 : done / required, failed: done < required };
}
