import { sql, type SQL } from 'drizzle-orm';

/**
 * What counts as a call, read from the call records (`calls`, aliased `c`) — one definition for the
 * desk's 今日拨打 / 今日接通, the indicators' productivity and the staff dashboard's calls per hour.
 */

/** A call placed: one the line never sent (the agent's own line busy) is no call. */
export function placedCall(): SQL {
  return sql`c.error_code is distinct from 'line_busy'`;
}

/**
 * A call a person answered: the contact's leg was answered, and not by an answering machine or a
 * fax (those are nobody).
 */
export function answeredByPerson(): SQL {
  return sql`(c.answered_at is not null or c.customer_leg_status in ('in-progress', 'completed'))
    and not exists (select 1 from call_events e where e.call_id = c.id and (e.status like 'answered-by:machine%' or e.status = 'answered-by:fax'))`;
}
