import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rows, uuidArray } from '@/lib/assessment/sql';
import type { LocalClock, MonthWindow } from '@/lib/assessment/window';
import { classForMonth, type ClaimPeriod, type ClassChange, type CustomerClass } from '@/lib/coverage/rules';
import type { VisitFacts } from './rules';

/**
 * What the data checks read, gathered in bulk for some managers' month: a few set-based queries
 * per chunk of managers (a month close reads a million visits), never one query per visit.
 */

export interface CustomerFacts {
  id: string;
  /** The class the month is assessed with (`classForMonth`: the class when the month began). */
  customerClass: CustomerClass;
  latitude: number | null;
  longitude: number | null;
  /** Active contacts on file now. */
  activeContacts: number;
}

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
}

const range = (from: Date, to: Date) => sql`v.visited_at >= ${from.toISOString()}::timestamptz and v.visited_at < ${to.toISOString()}::timestamptz`;

/**
 * The managers' visits of the month with the contacts visited. Two plain queries (visits, and
 * their contacts by join) rather than a subquery per visit: a month close reads a million.
 */
export async function loadMonthVisits(db: DbOrTx, w: MonthWindow, managerIds: readonly string[], clock: LocalClock): Promise<MonthVisit[]> {
  if (managerIds.length === 0) return [];
  const managers = uuidArray(managerIds);
  const [found, links] = await Promise.all([
    rows<{ id: string; m: string; c: string; type: 'on_site' | 'phone'; at: number; rep: number; ci: 'gps' | 'qr' | 'none'; lat: number | null; lng: number | null }>(
      db,
      sql`
        select v.id, v.manager_id as m, v.customer_id as c, v.type,
               (extract(epoch from v.visited_at) * 1000)::float8 as at, (extract(epoch from v.reported_at) * 1000)::float8 as rep,
               v.check_in_method as ci, v.check_in_latitude as lat, v.check_in_longitude as lng
          from visit_reports v
         where v.manager_id = any(${managers}) and ${range(w.start, w.end)}`,
    ),
    rows<{ v: string; k: string }>(
      db,
      sql`
        select vc.visit_id as v, vc.contact_id as k
          from visit_reports v join visit_report_contacts vc on vc.visit_id = v.id
         where v.manager_id = any(${managers}) and ${range(w.start, w.end)}`,
    ),
  ]);
  const contactsOf = new Map<string, string[]>();
  for (const l of links) {
    const list = contactsOf.get(l.v);
    if (list) list.push(l.k);
    else contactsOf.set(l.v, [l.k]);
  }
  return found.map((r) => {
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
      contactIds: contactsOf.get(r.id) ?? [],
    };
  });
}

export interface CustomersOfChunk {
  customers: Map<string, CustomerFacts>;
  /** Phone of every contact of those customers (active or not), by contact id. */
  contactPhones: Map<string, string>;
}

/**
 * The customers the managers claim during the month or visited in it, with their class for the
 * month, coordinates and contacts on file. Class changes come from the audit log (every change of
 * a customer's class is audited with its old value), so a month closed again later is assessed
 * with the same classes.
 */
export async function loadCustomerFacts(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<CustomersOfChunk> {
  if (managerIds.length === 0) return { customers: new Map(), contactPhones: new Map() };
  const managers = uuidArray(managerIds);
  const ids = sql`
    select customer_id from claims
     where manager_id = any(${managers}) and effective_from < ${w.end.toISOString()}::timestamptz
       and (effective_to is null or effective_to > ${w.start.toISOString()}::timestamptz)
    union
    select v.customer_id from visit_reports v where v.manager_id = any(${managers}) and ${range(w.start, w.end)}`;
  const [customers, contacts, changes] = await Promise.all([
    rows<{ id: string; class: CustomerClass; lat: number | null; lng: number | null }>(
      db,
      sql`select c.id, c.class, c.latitude as lat, c.longitude as lng from customers c where c.id in (${ids})`,
    ),
    rows<{ id: string; c: string; phone: string; active: boolean }>(
      db,
      sql`select k.id, k.customer_id as c, k.phone, k.active from contacts k where k.customer_id in (${ids})`,
    ),
    rows<{ id: string; at: Date | string; from: CustomerClass; to: CustomerClass }>(
      db,
      sql`
        select a.entity_id as id, a.at, a.before->>'class' as "from", a.after->>'class' as "to"
          from audit_log a
         where a.entity_type = 'customer' and a.action = 'customer.updated' and a.before ? 'class'
           and a.at >= ${w.start.toISOString()}::timestamptz and a.entity_id in (select id::text from (${ids}) x(id))`,
    ),
  ]);
  const changesOf = new Map<string, ClassChange[]>();
  for (const c of changes) {
    const list = changesOf.get(c.id) ?? [];
    list.push({ at: new Date(c.at), from: c.from, to: c.to });
    changesOf.set(c.id, list);
  }
  const active = new Map<string, number>();
  const contactPhones = new Map<string, string>();
  for (const k of contacts) {
    contactPhones.set(k.id, k.phone);
    if (k.active) active.set(k.c, (active.get(k.c) ?? 0) + 1);
  }
  const out = new Map<string, CustomerFacts>();
  for (const c of customers) {
    out.set(c.id, {
      id: c.id,
      customerClass: classForMonth(c.class, changesOf.get(c.id) ?? [], w.month, w.timeZone),
      latitude: c.lat,
      longitude: c.lng,
      activeContacts: active.get(c.id) ?? 0,
    });
  }
  return { customers: out, contactPhones };
}

/** Contacts each manager reached at each customer in the month before (key `manager|customer`). */
export async function loadContactsLastMonth(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<Map<string, Set<string>>> {
  if (managerIds.length === 0) return new Map();
  const found = await rows<{ m: string; c: string; contacts: string }>(
    db,
    sql`
      select v.manager_id as m, v.customer_id as c, string_agg(distinct vc.contact_id::text, ',') as contacts
        from visit_reports v join visit_report_contacts vc on vc.visit_id = v.id
       where v.manager_id = any(${uuidArray(managerIds)}) and ${range(w.prevStart, w.start)}
       group by 1, 2`,
  );
  return new Map(found.map((r) => [`${r.m}|${r.c}`, new Set(r.contacts.split(','))]));
}

/** Phones of staff and managers: a visited contact with one of them is a collusion flag. */
export async function insiderPhones(db: DbOrTx): Promise<Set<string>> {
  const found = await rows<{ phone: string }>(db, sql`select distinct phone from users where role in ('staff', 'manager') and phone is not null and phone <> ''`);
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
  chunk: CustomersOfChunk,
  contactsLastMonth: ReadonlyMap<string, ReadonlySet<string>>,
  claims: readonly ClaimPeriod[],
): VisitFacts[] {
  const thisMonth = new Map<string, Set<string>>();
  const sameDay = new Map<string, number>();
  for (const v of visits) {
    const key = `${v.managerId}|${v.customerId}`;
    let set = thisMonth.get(key);
    if (!set) thisMonth.set(key, (set = new Set()));
    for (const id of v.contactIds) set.add(id);
    const dayKey = `${key}|${v.day}`;
    sameDay.set(dayKey, (sameDay.get(dayKey) ?? 0) + 1);
  }
  return visits.map((v) => {
    const key = `${v.managerId}|${v.customerId}`;
    const customer = chunk.customers.get(v.customerId);
    const phones: string[] = [];
    for (const id of v.contactIds) {
      const phone = chunk.contactPhones.get(id);
      if (phone) phones.push(phone);
    }
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
      contactPhones: phones,
      claimedByManagerAtVisit: claimedAt(claims, v.customerId, v.visitedAt),
      customerContactCount: customer?.activeContacts ?? 0,
      sameDayReports: (sameDay.get(`${key}|${v.day}`) ?? 1) - 1,
      contactsThisMonth: thisMonth.get(key) ?? new Set(),
      contactsLastMonth: contactsLastMonth.get(key),
      localMinutes: v.localMinutes,
    };
  });
}
