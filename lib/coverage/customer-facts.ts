import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { customerClassEnum } from '@/db/schema';
import { decodedReader, decodedRows, uuidArray, type ReadOptions } from '@/lib/platform/core/sql';
import type { MonthWindow } from '@/lib/platform/time/month-window';
import { classForMonth, type ClassChange, type CustomerClass } from './rules';

/**
 * The customers of some managers' month as coverage and the data checks (lib/checks, above) read
 * them: the class the month is assessed with, coordinates and active contacts.
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

/**
 * The customers the managers claim during the month or visited in it, with their class for the
 * month, coordinates and active contacts on file. Class changes come from the audit log (every
 * change of a customer's class is audited with its old value), so a month closed again later is
 * assessed with the same classes. (A month close reads its staged copy: lib/assessment/stage.ts.)
 */
export async function loadCustomerFacts(db: DbOrTx, w: MonthWindow, managerIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, CustomerFacts>> {
  if (managerIds.length === 0) return new Map();
  const managers = uuidArray(managerIds);
  const ids = sql`
    ${claimedSql(w, managers)}
    union
    select v.customer_id from visit_reports v where v.manager_id = any(${managers}) and v.visited_at >= ${w.start.toISOString()}::timestamptz and v.visited_at < ${w.end.toISOString()}::timestamptz`;
  return toCustomerFacts(await decodedReader(options)(db, customerRow, customersSql(w, ids)), w);
}

/**
 * The customers the managers claim during the month (those coverage counts: lib/coverage/progress.ts),
 * as loadCustomerFacts reads them, with their names; not the customers only visited.
 */
export async function loadClaimedCustomers(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<Map<string, CustomerFacts & { name: string; groupCode: string }>> {
  if (managerIds.length === 0) return new Map();
  // A page's or a unit's managers claim a few thousand customers: looked up by id through the index.
  const found = await decodedRows(db, namedCustomerRow, customersSql(w, claimedSql(w, uuidArray(managerIds)), { names: true, byId: true }));
  const facts = toCustomerFacts(found, w);
  return new Map(found.map((c) => [c.id, { ...facts.get(c.id)!, name: c.name, groupCode: c.group_code }]));
}

/** The customers claimed by `managers` at some time during the month. */
function claimedSql(w: MonthWindow, managers: SQL): SQL {
  return sql`
    select customer_id from claims
     where manager_id = any(${managers}) and effective_from < ${w.end.toISOString()}::timestamptz
       and (effective_to is null or effective_to > ${w.start.toISOString()}::timestamptz)`;
}

/**
 * The customers whose ids `ids` selects, as customerRow reads them; `names`: with name and group
 * code; `byId`: each looked up through the primary key (a few thousand), not joined.
 */
function customersSql(w: MonthWindow, ids: SQL, options: { names?: boolean; byId?: boolean } = {}): SQL {
  return sql`
      with ids as materialized (${ids})
      -- Contacts counted per customer by its index: a join would hash every contact on file.
      select c.id, ${options.names ? sql`c.name, c.group_code,` : sql``} c.class, c.latitude as lat, c.longitude as lng,
             (select count(*) from contacts k where k.customer_id = c.id and k.active)::int as contacts, ch.changes
        from customers c ${options.byId ? sql`` : sql`join ids on ids.customer_id = c.id`}
        left join (
          select a.entity_id, jsonb_agg(jsonb_build_object('at', a.at, 'from', a.before->>'class', 'to', a.after->>'class')) as changes
            from audit_log a
           where a.entity_type = 'customer' and a.action = 'customer.updated' and a.before ? 'class'
             and a.at >= ${w.start.toISOString()}::timestamptz and a.entity_id in (select customer_id::text from ids)
           group by 1
        ) ch on ch.entity_id = c.id::text
       ${options.byId ? sql`where c.id = any(array(select customer_id from ids))` : sql``}`;
}

const customerClass = z.enum(customerClassEnum.enumValues);
/** A customer as the queries read it, with the changes of its class since the month began (from the audit log). */
export const customerRow = z.object({
  id: z.string(),
  class: customerClass,
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  contacts: z.number(),
  changes: z.array(z.object({ at: z.string(), from: customerClass, to: customerClass })).nullable(),
});
export type CustomerRow = z.infer<typeof customerRow>;
const namedCustomerRow = customerRow.extend({ name: z.string(), group_code: z.string() });

/** Customer rows as read (with their class changes since the month began) to what the checks take. */
export function toCustomerFacts(found: readonly CustomerRow[], w: MonthWindow): Map<string, CustomerFacts> {
  const out = new Map<string, CustomerFacts>();
  for (const c of found) {
    const changes: ClassChange[] = (c.changes ?? []).map((x) => ({ at: new Date(x.at), from: x.from, to: x.to }));
    out.set(c.id, {
      id: c.id,
      customerClass: classForMonth(c.class, changes, w.month, w.timeZone),
      latitude: c.lat,
      longitude: c.lng,
      activeContacts: c.contacts,
    });
  }
  return out;
}
