import { TZDate } from '@date-fns/tz';
import { inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { contacts, customers, type users } from '@/db/schema';
import { claimantAt } from '@/lib/claims/queries';
import { dayOf, monthOf, monthRange, parseLocalDateTime, shiftMonth } from '@/lib/platform/time/zone';
import { normalizePhone } from '@/lib/users/phone';
import type { VisitReportInput } from '@/lib/visits/schemas';
import { createVisitReport } from '@/lib/visits/visits';
import { CARELESS_MANAGERS } from './accounts';
import { demoVisits, prng, visitSummary, type DemoCustomer } from './data';
import { actorOf } from '@/lib/auth/actor';

/** Working days (Mon–Fri) of a month, 'YYYY-MM-DD', that are over by `now`. */
export function pastWorkingDays(month: string, tz: string, now: Date): string[] {
  const { start, end } = monthRange(month, tz);
  const days: string[] = [];
  for (let d = new TZDate(start.getTime(), tz); d.getTime() < end.getTime(); d = new TZDate(d.getFullYear(), d.getMonth(), d.getDate() + 1, tz)) {
    const weekday = d.getDay();
    if (weekday === 0 || weekday === 6) continue;
    if (d.getTime() + 18 * 3600_000 > now.getTime()) break;
    days.push(dayOf(new Date(d.getTime()), tz));
  }
  return days;
}

/** One visit report as its manager files it: who, when (the clock of the filing), what the form holds. */
export interface VisitFiling {
  managerId: string;
  month: string;
  /** ISO instant: when the manager files it (the verb's clock). */
  reportedAt: string;
  input: VisitReportInput;
}

/**
 * The demo's visit reports of last month and this month, as their managers file them: whoever
 * claimed the customer at the visit (one customer changes hands mid-month), the report filed
 * some hours later (some late), GPS check-ins near the customer and now and then far away (a
 * data-check finding later). Reads the claims; writes nothing. Deterministic (fixed draws).
 *
 * Last month's reports are all in by the 1st, 12:00 — their callbacks are worked before the
 * department closes the month on the 2nd; a later one would be a 超期补报 for a closed month.
 */
export async function planDemoVisits(
  db: Db,
  demo: DemoCustomer[],
  o: { now: Date; tz: string; month: string; byName: Map<string, typeof users.$inferSelect> },
): Promise<VisitFiling[]> {
  const rng = prng(4242);
  const lastMonth = shiftMonth(o.month, -1);
  const visits = demoVisits(demo, [pastWorkingDays(lastMonth, o.tz, o.now), pastWorkingDays(o.month, o.tz, o.now)], rng, 'mgr03', CARELESS_MANAGERS);
  const customerRows = await db.select().from(customers).where(inArray(customers.groupCode, demo.map((c) => c.groupCode)));
  const customerByCode = new Map(customerRows.map((c) => [c.groupCode, c]));
  const contactRows = await db.select().from(contacts).where(inArray(contacts.customerId, customerRows.map((c) => c.id)));
  const contactId = new Map(contactRows.map((c) => [`${c.customerId}|${c.name}|${c.phone}`, c.id]));
  const demoByCode = new Map(demo.map((c) => [c.groupCode, c]));
  const lastMonthInBy = parseLocalDateTime(`${o.month}-01 12:00`, o.tz)!.getTime();
  const filings: VisitFiling[] = [];
  for (const v of visits) {
    const customer = customerByCode.get(v.groupCode)!;
    const visitedAt = parseLocalDateTime(v.visitedAt, o.tz)!;
    const managerId = await claimantAt(db, customer.id, visitedAt);
    if (!managerId) continue;
    const month = monthOf(visitedAt, o.tz);
    const due = visitedAt.getTime() + v.reportAfterHours * 3600_000;
    const reportedAt = new Date(Math.min(month === lastMonth ? Math.min(due, lastMonthInBy) : due, o.now.getTime() - 60_000));
    const people = demoByCode.get(v.groupCode)!.contacts;
    const far = rng.chance(0.1) ? 0.02 : 0.001;
    filings.push({
      managerId,
      month,
      reportedAt: reportedAt.toISOString(),
      input: {
        customerId: customer.id,
        contactIds: v.contactIndexes.map((i) => contactId.get(`${customer.id}|${people[i].name}|${normalizePhone(people[i].phone)}`)!),
        newContacts: [],
        type: v.type,
        visitedAt: v.visitedAt,
        checkInMethod: v.checkIn,
        checkInLatitude: v.checkIn === 'gps' ? (customer.latitude ?? 22.6) + (rng.next() - 0.5) * far : null,
        checkInLongitude: v.checkIn === 'gps' ? (customer.longitude ?? 114) + (rng.next() - 0.5) * far : null,
        purpose: v.purpose,
        summary: visitSummary(rng),
      },
    });
  }
  return filings;
}

/** Files one report through the report form's verb, with the clock at its filing. */
export async function fileDemoVisit(db: Db, filing: VisitFiling, usersById: Map<string, typeof users.$inferSelect>) {
  const reportedAt = new Date(filing.reportedAt);
  return createVisitReport({ ctx: { db, actor: actorOf(usersById.get(filing.managerId)!), now: () => reportedAt }, input: filing.input });
}

