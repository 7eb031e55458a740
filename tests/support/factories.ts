import type { Db } from '@/db/client';
import { claims, contacts, customers, units, users } from '@/db/schema';
import type { Actor, Ctx, Role } from '@/lib/platform/core/context';
import { actorOf } from '@/lib/auth/actor';

/**
 * Test fixtures written straight to the real test database. Each returns the inserted row;
 * overrides let a test state only what matters to it.
 */
let seq = 0;
const next = () => ++seq;

// A fixed bcrypt hash of 'secret-password' (cost 4) keeps fixtures fast; sign-in tests hash their own.
export const FIXTURE_PASSWORD = 'secret-password';
const FIXTURE_HASH = '$2b$04$CP/d04UiTs2kgKR2GAKbPOB8UPH9eELRbn9ce4QcnIjC6qCjDoHwq';

export async function makeUnit(db: Db, overrides: Partial<typeof units.$inferInsert> = {}) {
  const n = next();
  const [row] = await db
    .insert(units)
    .values({ code: `U${n}`, name: `单位${n}`, region: '测试区', ...overrides })
    .returning();
  return row;
}

export async function makeUser(db: Db, role: Role, overrides: Partial<typeof users.$inferInsert> = {}) {
  const n = next();
  const [row] = await db
    .insert(users)
    .values({ username: `${role}${n}`, displayName: `${role} ${n}`, passwordHash: FIXTURE_HASH, role, ...overrides })
    .returning();
  return row;
}

export async function makeCustomer(db: Db, unitId: string, overrides: Partial<typeof customers.$inferInsert> = {}) {
  const n = next();
  const [row] = await db
    .insert(customers)
    .values({ groupCode: `G${String(n).padStart(6, '0')}`, name: `客户${n}`, class: 'A', unitId, address: `测试路${n}号`, ...overrides })
    .returning();
  return row;
}

export async function makeContact(db: Db, customerId: string, overrides: Partial<typeof contacts.$inferInsert> = {}) {
  const n = next();
  const [row] = await db
    .insert(contacts)
    .values({ customerId, name: `联系人${n}`, title: '办公室主任', phone: `+86138${String(n).padStart(8, '0')}`, ...overrides })
    .returning();
  return row;
}

export async function makeClaim(
  db: Db,
  customerId: string,
  managerId: string,
  effectiveFrom = new Date('2020-01-01T00:00:00Z'),
  effectiveTo: Date | null = null,
) {
  const [row] = await db.insert(claims).values({ customerId, managerId, effectiveFrom, effectiveTo }).returning();
  return row;
}

export function ctxAs(db: Db, user: Actor, now = new Date()): Ctx {
  return { db, actor: actorOf(user), now: () => now };
}
