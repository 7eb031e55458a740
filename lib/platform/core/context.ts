import type { DbOrTx } from '@/db/client';

export type Role = 'admin' | 'staff' | 'supervisor' | 'manager' | 'agent';
export const ROLES: readonly Role[] = ['admin', 'staff', 'supervisor', 'manager', 'agent'];

/** The signed-in user a verb acts for, as loaded fresh from the database on each request. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
}

/**
 * What every domain verb receives: the database (or a transaction), who is acting, and the
 * clock (injected so tests and batch jobs can pin "now").
 */
export interface Ctx {
  db: DbOrTx;
  actor: Actor;
  now: () => Date;
}
