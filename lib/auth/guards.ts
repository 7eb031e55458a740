import { ForbiddenError } from '@/lib/platform/core/errors';
import type { Actor, Role } from '@/lib/platform/core/context';

/** Throws unless the actor has one of the roles. Used by verbs, not only by pages. */
export function assertRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) throw new ForbiddenError('forbiddenRole');
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.includes(actor.role);
}

/** Staff and admin see all data; everyone else sees a scope. */
export function seesEverything(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'staff';
}

/**
 * Whether a manager's record (a visit, plan, dispute …) is in the actor's data scope: a manager
 * their own, a supervisor those of the managers in their unit now, staff and admin all, anyone
 * else nothing. `unitId` is the manager's unit now (users.unit_id), never one stored on the
 * record; scope.ts has the same rule as SQL.
 */
export function inManagerScope(actor: Actor, record: { managerId: string; unitId: string | null }): boolean {
  switch (actor.role) {
    case 'admin':
    case 'staff':
      return true;
    case 'supervisor':
      return actor.unitId !== null && record.unitId === actor.unitId;
    case 'manager':
      return record.managerId === actor.id;
    default:
      return false;
  }
}
