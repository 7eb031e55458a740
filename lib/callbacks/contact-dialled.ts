import { sql } from 'drizzle-orm';

/**
 * "A call of the attempt under way has dialled the contact" — their phone rang, or they answered —
 * for the callback task aliased `t`. From then on the attempt has begun: it must end with an
 * outcome (put back is refused), and a desk that lets it go leaves a technical failure behind
 * (lib/callbacks/abandon.ts). A call that only rang the agent's own phone does not count.
 * lib/calling/evidence's contactWasDialled in SQL; a call placed before calls kept their attempt
 * counts for the hold it was placed in.
 */
export const CONTACT_DIALLED = sql.raw(`
  select 1 from calls c
   where c.task_id = t.id
     and (c.attempt_no = t.attempts + 1 or (c.attempt_no is null and c.created_at >= t.held_at))
     and (c.customer_leg_status is not null or c.answered_at is not null)`);
