import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { checkInMethodEnum, visitTypeEnum } from '@/db/schema';
import { decodedReader, decodedRows, uuidArray, type ReadOptions } from '@/lib/platform/core/sql';
import type { LocalClock, MonthWindow } from '@/lib/platform/time/month-window';
import type { CustomerFacts } from '@/lib/coverage/customer-facts';
import type { ClaimPeriod } from '@/lib/coverage/rules';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import type { VisitFacts } from './rules';

/**
 * What the data checks read, gathered in bulk for some managers' month: a few set-based queries
 * per chunk of managers (a month close reads a million visits), never one query per visit.
 */

export interface MonthVisit {
  id: string;
  managerId: string;
  customerId: string;
  type: 'on_site' | 'phone';
  visitedAt: Date;
  reportedAt: Date;
  /** Local day 'YYYY-MM-DD' and wall-clock minutes after midnight, in the window's time zone. */
  day: string;
  localMinutes: number;
  checkInMethod: 'gps' | 'qr' | 'none';
  checkInLatitude: number | null;
  checkInLongitude: number | null;
  contactIds: string[];
  /** The phones of those contacts, in the same order. */
  contactPhones: string[];
}

const range = (from: Date, to: Date) => sql`v.visited_at >= ${from.toISOString()}::timestamptz and v.visited_at < ${to.toISOString()}::timestamptz`;

/** "id phone,id phone" (as the queries aggregate a visit's contacts) to two parallel lists. */
export function splitContacts(pairs: string | null): { contactIds: string[]; contactPhones: string[] } {
  const contactIds: string[] = [];
  const contactPhones: string[] = [];
  if (pairs) {
    for (const pair of pairs.split(',')) {
      const space = pair.indexOf(' ');
      contactIds.push(pair.slice(0, space));
      contactPhones.push(pair.slice(space + 1));
    }
  }
  return { contactIds, contactPhones };
}

/** A visit as the queries read it: times in epoch milliseconds, its contacts as "id phone" pairs. */
export const visitRow = z.object({
  id: z.string(),
  m: z.string(),
  c: z.string(),
  type: z.enum(visitTypeEnum.enumValues),
  at: z.number(),
  rep: z.number(),
  ci: z.enum(checkInMethodEnum.enumValues),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  contacts: z.string().nullable(),
});
export type VisitRow = z.infer<typeof visitRow>;

// Built once: zod compiles each schema's parser on its first use.
const visitWithoutContactsRow = visitRow.omit({ contacts: true });
const contactPairRow = z.object({ v: z.string(), pair: z.string() });

/** A visit row as read (epoch milliseconds, contact pairs) to what the checks take. */
export function toMonthVisit(r: VisitRow, clock: LocalClock): MonthVisit {
  const visitedAt = new Date(Number(r.at));
  const local = clock.at(visitedAt);
  return {
    id: r.id,
    managerId: r.m,
    customerId: r.c,
    type: r.type,
    visitedAt,
    reportedAt: new Date(Number(r.rep)),
    day: local.day,
    localMinutes: local.minutes,
    checkInMethod: r.ci,
    checkInLatitude: r.lat,
    checkInLongitude: r.lng,
    ...splitContacts(r.contacts),
  };
}

/**
 * The managers' visits of the month with the contacts visited (for one manager-month; a month
 * close reads them from its staged copy of the month, see lib/assessment/stage.ts). Two plain
 * queries — visits, and their contacts by join — rather than a subquery per visit.
 */
export async function loadMonthVisits(db: DbOrTx, w: MonthWindow, managerIds: readonly string[], clock: LocalClock, options: ReadOptions = {}): Promise<MonthVisit[]> {
  if (managerIds.length === 0) return [];
  const managers = uuidArray(managerIds);
  const read = decodedReader(options);
  const [found, links] = await Promise.all([
    read(
      db,
      visitWithoutContactsRow,
      sql`
        select v.id, v.manager_id as m, v.customer_id as c, v.type,
               (extract(epoch from v.visited_at) * 1000)::float8 as at, (extract(epoch from v.reported_at) * 1000)::float8 as rep,
               v.check_in_method as ci, v.check_in_latitude as lat, v.check_in_longitude as lng
          from visit_reports v
         where v.manager_id = any(${managers}) and ${range(w.start, w.end)}`,
    ),
    read(
      db,
      contactPairRow,
      sql`
        select vc.visit_id as v, vc.contact_id::text || ' ' || k.phone as pair
          from visit_reports v join visit_report_contacts vc on vc.visit_id = v.id join contacts k on k.id = vc.contact_id
         where v.manager_id = any(${managers}) and ${range(w.start, w.end)}`,
    ),
  ]);
  const contactsOf = new Map<string, string>();
  for (const l of links) contactsOf.set(l.v, contactsOf.has(l.v) ? `${contactsOf.get(l.v)},${l.pair}` : l.pair);
  return found.map((r) => toMonthVisit({ ...r, contacts: contactsOf.get(r.id) ?? null }, clock));
}

/** The contacts a manager reached at a customer, as the queries read them ("id,id"). */
export const contactsRow = z.object({ m: z.string(), c: z.string(), contacts: z.string() });

/** Contacts each manager reached at each customer in the month before (key `manager|customer`). */
export async function loadContactsLastMonth(db: DbOrTx, w: MonthWindow, managerIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, Set<string>>> {
  if (managerIds.length === 0) return new Map();
  const found = await decodedReader(options)(
    db,
    contactsRow,
    sql`
      select v.manager_id as m, v.customer_id as c, string_agg(distinct vc.contact_id::text, ',') as contacts
        from visit_reports v join visit_report_contacts vc on vc.visit_id = v.id
       where v.manager_id = any(${uuidArray(managerIds)}) and ${range(w.prevStart, w.start)} and ${sql.raw(COUNTING_VISIT_SQL)}
       group by 1, 2`,
  );
  return contactsByKey(found);
}

/** Contact rows as read to their sets by `manager|customer` (also of the close's staged copy). */
export function contactsByKey(found: readonly z.infer<typeof contactsRow>[]): Map<string, Set<string>> {
  return new Map(found.map((r) => [`${r.m}|${r.c}`, new Set(r.contacts.split(','))]));
}

/** The users whose phones are insiders' (column `phone`): staff and managers with a phone. */
export const INSIDER_PHONES_SQL = sql`select distinct phone from users where role in ('staff', 'manager') and phone is not null and phone <> ''`;

/** Phones of staff and managers: a visited contact with one of them is a collusion flag. */
export async function insiderPhones(db: DbOrTx): Promise<Set<string>> {
  const found = await decodedRows(db, z.object({ phone: z.string() }), INSIDER_PHONES_SQL);
  return new Set(found.map((r) => r.phone));
}

/** Was the customer claimed by the manager at the instant (claims are [from, to)). */
export function claimedAt(periods: readonly ClaimPeriod[], customerId: string, at: Date): boolean {
  const t = at.getTime();
  return periods.some((p) => p.customerId === customerId && p.from.getTime() <= t && (p.to === null || p.to.getTime() > t));
}

/**
 * The facts of each of one manager's visits of the month, as the pure checks take them: whether
 * the manager claimed the customer at the visit, which contacts they reached at the customer this
 * month and last, and how many other reports they filed for the same customer on the same day.
 */
export function buildVisitFacts(
  visits: readonly MonthVisit[],
  customers: ReadonlyMap<string, CustomerFacts>,
  contactsLastMonth: ReadonlyMap<string, ReadonlySet<string>>,
  claims: readonly ClaimPeriod[],
): VisitFacts[] {
  const thisMonth = new Map<string, Set<string>>();
  const sameDay = new Map<string, number>();
  // Each visit's keys built once (a close builds them for a million visits).
  const keys: string[] = new Array(visits.length);
  const dayKeys: string[] = new Array(visits.length);
  for (let i = 0; i < visits.length; i++) {
    const v = visits[i];
    const key = (keys[i] = `${v.managerId}|${v.customerId}`);
    let set = thisMonth.get(key);
    if (!set) thisMonth.set(key, (set = new Set()));
    for (const id of v.contactIds) set.add(id);
    const dayKey = (dayKeys[i] = `${key}|${v.day}`);
    sameDay.set(dayKey, (sameDay.get(dayKey) ?? 0) + 1);
  }
  return visits.map((v, i) => {
    const key = keys[i];
    const customer = customers.get(v.customerId);
    return {
      id: v.id,
      managerId: v.managerId,
      // A customer is always loaded with its visits; the fallback only keeps the type total.
      customerClass: customer?.customerClass ?? 'D',
      type: v.type,
      visitedAt: v.visitedAt,
      reportedAt: v.reportedAt,
      checkInMethod: v.checkInMethod,
      checkInLatitude: v.checkInLatitude,
      checkInLongitude: v.checkInLongitude,
      customerLatitude: customer?.latitude ?? null,
      customerLongitude: customer?.longitude ?? null,
      contactPhones: v.contactPhones,
      claimedByManagerAtVisit: claimedAt(claims, v.customerId, v.visitedAt),
      customerContactCount: customer?.activeContacts ?? 0,
      sameDayReports: (sameDay.get(dayKeys[i]) ?? 1) - 1,
      contactsThisMonth: thisMonth.get(key) ?? new Set(),
      contactsLastMonth: contactsLastMonth.get(key),
      localMinutes: v.localMinutes,
    };
  });
}
