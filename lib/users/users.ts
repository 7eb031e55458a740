import { and, asc, count, eq, ilike, ne, or, type SQL } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { units, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { hashPassword } from '@/lib/auth/password';
import { endSessions } from '@/lib/auth/sessions';
import type { Ctx, Role } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import { likePattern } from '@/lib/platform/core/like-pattern';
import { parseInput } from '@/lib/platform/core/parse-input';
import { normalizePhone } from './phone';
import { SYSTEM_USERNAME } from './system-user';
import {
  createUserInput,
  listUsersInput,
  ROLES_WITH_UNIT,
  updateUserInput,
  type CreateUserInput,
  type ListUsersInput,
  type UpdateUserInput,
} from './user-schemas';

export * from './user-schemas';

function checkUnitAndPhone(role: Role, unitId: string | null | undefined, phone: string | null | undefined) {
  const issues: FieldIssue[] = [];
  if (ROLES_WITH_UNIT.includes(role) && !unitId) issues.push({ field: 'unitId', code: 'users.unitRequired' });
  let normalized: string | null = null;
  if (phone) {
    normalized = normalizePhone(phone) ?? null;
    if (!normalized) issues.push({ field: 'phone', code: 'phone.invalid', params: { value: phone } });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return normalized;
}

/** New assignments go to active units only; a user already in a unit that was closed may stay. */
async function assertAssignableUnit(tx: Tx, unitId: string) {
  const [unit] = await tx.select({ id: units.id, active: units.active }).from(units).where(eq(units.id, unitId));
  if (!unit) throw ValidationError.field('unitId', 'users.unknownUnit');
  if (!unit.active) throw ValidationError.field('unitId', 'users.unitInactive');
}

/** A user as it may leave this module: the password hash never reaches pages or the audit log. */
function publicUser(row: typeof users.$inferSelect) {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- destructured only to drop them
  const { passwordHash, sessionVersion, ...rest } = row;
  return rest;
}
export type PublicUser = ReturnType<typeof publicUser>;

export async function createUser({ ctx, input: raw }: { ctx: Ctx; input: CreateUserInput }) {
  assertRole(ctx.actor, 'admin');
  const input = parseInput(createUserInput, raw);
  const phone = checkUnitAndPhone(input.role, input.unitId, input.phone);
  // The system actor is looked up by this name: a person holding it would become the system.
  if (input.username === SYSTEM_USERNAME) throw new ConflictError('users.usernameTaken', { username: input.username });
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    if (input.unitId) await assertAssignableUnit(tx, input.unitId);
    const [row] = await tx
      .insert(users)
      .values({ username: input.username, displayName: input.displayName, passwordHash, role: input.role, unitId: input.unitId ?? null, phone })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (!row) throw new ConflictError('users.usernameTaken', { username: input.username });
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'user.created', entityType: 'user', entityId: row.id, after: publicUser(row) });
    return publicUser(row);
  });
}

export async function updateUser({ ctx, input: raw }: { ctx: Ctx; input: UpdateUserInput }) {
  assertRole(ctx.actor, 'admin');
  const input = parseInput(updateUserInput, raw);
  // Hash before taking the row lock: bcrypt is deliberately slow.
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, input.id)).for('update');
    if (!before || before.username === SYSTEM_USERNAME) throw new NotFoundError();
    // An admin who locks themself out (or demotes themself) may leave nobody able to undo it.
    if (before.id === ctx.actor.id && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw ValidationError.field(input.active === false ? 'active' : 'role', 'users.notYourself');
    }
    const role = input.role ?? before.role;
    const unitId = input.unitId === undefined ? before.unitId : input.unitId;
    const phone = input.phone === undefined ? before.phone : checkUnitAndPhone(role, unitId, input.phone);
    if (input.phone === undefined) checkUnitAndPhone(role, unitId, null);
    if (unitId && unitId !== before.unitId) await assertAssignableUnit(tx, unitId);
    const active = input.active ?? before.active;
    const [after] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? before.displayName,
        role,
        unitId: unitId ?? null,
        phone,
        active,
        ...(passwordHash ? { passwordHash } : {}),
        updatedAt: ctx.now(),
      })
      .where(eq(users.id, input.id))
      .returning();
    // Deactivation, a new password or a new role end every session the user has open: a
    // reactivated user signs in again, a password reset locks out whoever knew the old one.
    if (active !== before.active || passwordHash || role !== before.role) await endSessions(tx, after.id);
    const action =
      active !== before.active ? (active ? 'user.reactivated' : 'user.deactivated') : passwordHash ? 'user.passwordReset' : 'user.updated';
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action,
      entityType: 'user',
      entityId: after.id,
      before: publicUser(before),
      after: { ...publicUser(after), ...(passwordHash ? { passwordChanged: true } : {}) },
    });
    return publicUser(after);
  });
}

const userColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  unitId: users.unitId,
  unitName: units.name,
  phone: users.phone,
  active: users.active,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/** One user for the admin's edit page; the system actor is not a person and is never shown. */
export async function getUser({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  assertRole(ctx.actor, 'admin');
  if (!isId(input.id)) throw new NotFoundError();
  const [row] = await ctx.db
    .select(userColumns)
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(users.id, input.id), ne(users.username, SYSTEM_USERNAME)));
  if (!row) throw new NotFoundError();
  return row;
}

export async function listUsers({ ctx, input }: { ctx: Ctx; input: ListUsersInput }) {
  assertRole(ctx.actor, 'admin');
  const f = parseInput(listUsersInput, input);
  const conditions: SQL[] = [ne(users.username, SYSTEM_USERNAME)];
  if (f.q) {
    const pattern = likePattern(f.q);
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern))!);
  }
  if (f.role) conditions.push(eq(users.role, f.role));
  if (f.unitId) conditions.push(eq(users.unitId, f.unitId));
  if (f.active) conditions.push(eq(users.active, f.active === 'true'));
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select(userColumns)
      .from(users)
      .leftJoin(units, eq(units.id, users.unitId))
      .where(where)
      .orderBy(asc(users.role), asc(users.username))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    ctx.db.select({ total: count() }).from(users).where(where),
  ]);
  return { rows, total, page: f.page, pageSize: f.pageSize };
}
