import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { customerClassEnum } from '@/db/schema';
import { decodedRows, uuidArray } from '@/lib/platform/core/sql';
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
export async function loadCustomerFacts(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<Map<string, CustomerFacts>> {
  if (managerIds.length === 0) return new Map();
  const managers = uuidArray(managerIds);
  const ids = sql`
    select customer_id from claims
     where manager_id = any(${managers}) and effective_from < ${w.end.toISOString()}::timestamptz
       and (effective_to is null or effective_to > ${w.start.toISOString()}::timestamptz)
    union
    select v.customer_id from visit_reports v where v.manager_id = any(${managers}) and v.visited_at >= ${w.start.toISOString()}::timestamptz and v.visited_at < ${w.end.toISOString()}::timestamptz`;
  const found = await decodedRows(
    db,
    customerRow,
    sql`
      with ids as materialized (${ids})
      -- Contacts counted per customer by its index: a join would hash every contact on file.
      select c.id, c.class, c.latitude as lat, c.longitude as lng,
             (select count(*) from contacts k where k.customer_id = c.id and k.active)::int as contacts, ch.changes
        from customers c join ids on ids.customer_id = c.id
        left join (
          select a.entity_id, jsonb_agg(jsonb_build_object('at', a.at, 'from', a.before->>'class', 'to', a.after->>'class')) as changes
            from audit_log a
           where a.entity_type = 'customer' and a.action = 'customer.updated' and a.before ? 'class'
             and a.at >= ${w.start.toISOString()}::timestamptz and a.entity_id in (select customer_id::text from ids)
           group by 1
        ) ch on ch.entity_id = c.id::text`,
  );
  return toCustomerFacts(found, w);
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
