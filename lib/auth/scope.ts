import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Actor } from '@/lib/platform/core/context';

/**
 * The data scope of a manager's records — visits, verdicts, plans, disputes, points — in SQL
 * (docs/ARCHITECTURE.md, "Data scope"): a manager their own, a supervisor those of the managers in
 * their unit now (whenever the record was made: after a move, the new supervisor sees the
 * manager's history and the old one no longer does), staff and admin all (no condition), anyone
 * else nothing. `inManagerScope` (guards.ts) is the same rule for one record, given the manager's
 * unit now.
 */
export function managerRecordsCondition(actor: Actor, managerId: AnyPgColumn): SQL | undefined {
  switch (actor.role) {
    case 'admin':
    case 'staff':
      return undefined;
    case 'manager':
      return sql`${managerId} = ${actor.id}::uuid`;
    case 'supervisor':
      return actor.unitId ? sql`${managerId} in (select u.id from users u where u.unit_id = ${actor.unitId}::uuid)` : sql`false`;
    default:
      return sql`false`;
  }
}
