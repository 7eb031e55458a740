import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rows, uuidArray } from '@/lib/assessment/sql';
import type { MonthWindow } from '@/lib/assessment/window';
import { classForMonth, type ClassChange, type CustomerClass } from '@/lib/coverage/rules';
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
  claimedAtVisit: boolean;
  contactIds: string[];
  contactPhones: string[];
}

const range = (from: Date, to: Date) => sql`v.visited_at >= ${from.toISOString()}::timestamptz and v.visited_at < ${to.toISOString()}::timestamptz`;

/** The managers' visits of the month with what the checks need about each. */
export async function loadMonthVisits(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<MonthVisit[]> {
  if (managerIds.length === 0) return [];
  const found = await rows<{
    id: string;
    m: string;
    c: string;
    type: 'on_site' | 'phone';
    at: number;
    rep: number;
    day: string;
    lm: number;
    ci: 'gps' | 'qr' | 'none';
    lat: number | null;
    lng: number | null;
    claimed: boolean;
    contacts: string | null;
  }>(
    db,
    sql`
      select v.id, v.manager_id as m, v.customer_id as c, v.type,
             (extract(epoch from v.visited_at) * 1000)::float8 as at, (extract(epoch from v.reported_at) * 1000)::float8 as rep,
             to_char(v.visited_at at time zone ${w.timeZone}, 'YYYY-MM-DD') as day,
             (extract(hour from v.visited_at at time zone ${w.timeZone}) * 60 + extract(minute from v.visited_at at time zone ${w.timeZone}))::int as lm,
             v.check_in_method as ci, v.check_in_latitude as lat, v.check_in_longitude as lng,
             exists (select 1 from claims cl
                      where cl.customer_id = v.customer_id and cl.manager_id = v.manager_id
                        and cl.effective_from <= v.visited_at and (cl.effective_to is null or cl.effective_to > v.visited_at)) as claimed,
             (select string_agg(k.id::text || ' ' || k.phone, ',')
                from visit_report_contacts vc join contacts k on k.id = vc.contact_id where vc.visit_id = v.id) as contacts
        from visit_reports v
       where v.manager_id = any(${uuidArray(managerIds)}) and ${range(w.start, w.end)}
    `,
  );
  return found.map((r) => {
    const contactIds: string[] = [];
    const contactPhones: string[] = [];
    if (r.contacts) {
      for (const pair of r.contacts.split(',')) {
        const space = pair.indexOf(' ');
        contactIds.push(pair.slice(0, space));
        contactPhones.push(pair.slice(space + 1));
      }
    }
    return {
      id: r.id,
      managerId: r.m,
      customerId: r.c,
      type: r.type,
      visitedAt: new Date(Number(r.at)),
      reportedAt: new Date(Number(r.rep)),
      day: r.day,
      localMinutes: r.lm,
      checkInMethod: r.ci,
      checkInLatitude: r.lat,
      checkInLongitude: r.lng,
      claimedAtVisit: r.claimed,
      contactIds,
      contactPhones,
    };
  });
}

/**
 * The customers the managers claim during the month or visited in it, with their class for the
 * month, coordinates and contacts on file. Class changes come from the audit log (every change of
 * a customer's class is audited with its old value), so a month closed again later is assessed
 * with the same classes.
 */
export async function loadCustomerFacts(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<Map<string, CustomerFacts>> {
  if (managerIds.length === 0) return new Map();
  const managers = uuidArray(managerIds);
  const ids = sql`
    select customer_id from claims
     where manager_id = any(${managers}) and effective_from < ${w.end.toISOString()}::timestamptz
       and (effective_to is null or effective_to > ${w.start.toISOString()}::timestamptz)
    union
    select v.customer_id from visit_reports v where v.manager_id = any(${managers}) and ${range(w.start, w.end)}`;
  const [customers, changes] = await Promise.all([
    rows<{ id: string; class: CustomerClass; lat: number | null; lng: number | null; contacts: number }>(
      db,
      sql`
        select c.id, c.class, c.latitude as lat, c.longitude as lng,
               (select count(*) from contacts k where k.customer_id = c.id and k.active)::int as contacts
          from customers c where c.id in (${ids})`,
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
  const out = new Map<string, CustomerFacts>();
  for (const c of customers) {
    out.set(c.id, {
      id: c.id,
      customerClass: classForMonth(c.class, changesOf.get(c.id) ?? [], w.month, w.timeZone),
      latitude: c.lat,
      longitude: c.lng,
      activeContacts: c.contacts,
    });
  }
  return out;
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

/**
 * The facts of each of one manager's visits of the month, as the pure checks take them: which
 * contacts the manager reached at the customer this month and last, and how many other reports
 * they filed for the same customer on the same day.
 */
export function buildVisitFacts(
  visits: readonly MonthVisit[],
  customers: ReadonlyMap<string, CustomerFacts>,
  contactsLastMonth: ReadonlyMap<string, ReadonlySet<string>>,
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
      claimedByManagerAtVisit: v.claimedAtVisit,
      customerContactCount: customer?.activeContacts ?? 0,
      sameDayReports: (sameDay.get(`${key}|${v.day}`) ?? 1) - 1,
      contactsThisMonth: thisMonth.get(key) ?? new Set(),
      contactsLastMonth: contactsLastMonth.get(key),
      localMinutes: v.localMinutes,
    };
  });
}
