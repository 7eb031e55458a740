import { and, asc, count, eq, ilike, ne, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { units, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { hashPassword } from '@/lib/auth/password';
import { ROLES, type Ctx, type Role } from '@/lib/core/context';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/core/errors';
import { normalizePhone } from './phone';
import { SYSTEM_USERNAME } from './system-user';

/** Roles that belong to a marketing unit (managers are assessed per unit; supervisors lead one). */
export const ROLES_WITH_UNIT: Role[] = ['manager', 'supervisor'];

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'errors.users.usernameFormat');

export const createUserInput = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1, 'errors.required').max(64),
  password: z.string().min(8, 'errors.users.passwordTooShort').max(200),
  role: z.enum(ROLES as [Role, ...Role[]]),
  unitId: z.uuid().nullish(),
  phone: z.string().trim().max(40).nullish(),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.object({
  id: z.uuid(),
  displayName: z.string().trim().min(1, 'errors.required').max(64).optional(),
  role: z.enum(ROLES as [Role, ...Role[]]).optional(),
  unitId: z.uuid().nullish(),
  phone: z.string().trim().max(40).nullish(),
  active: z.boolean().optional(),
  password: z.string().min(8, 'errors.users.passwordTooShort').max(200).optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;

function checkUnitAndPhone(role: Role, unitId: string | null | undefined, phone: string | null | undefined) {
  const issues = [];
  if (ROLES_WITH_UNIT.includes(role) && !unitId) issues.push({ field: 'unitId', code: 'users.unitRequired' });
  let normalized: string | null = null;
  if (phone) {
    normalized = normalizePhone(phone) ?? null;
    if (!normalized) issues.push({ field: 'phone', code: 'phone.invalid', params: { value: phone } });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return normalized;
}

function publicUser(row: typeof users.$inferSelect) {
  const { passwordHash: _omit, ...rest } = row;
  return rest;
}

export async function createUser({ ctx, input }: { ctx: Ctx; input: CreateUserInput }) {
  assertRole(ctx.actor, 'admin');
  const phone = checkUnitAndPhone(input.role, input.unitId, input.phone);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    if (input.unitId) {
      const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, input.unitId));
      if (!unit) throw ValidationError.field('unitId', 'users.unknownUnit');
    }
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

export async function updateUser({ ctx, input }: { ctx: Ctx; input: UpdateUserInput }) {
  assertRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, input.id)).for('update');
    if (!before || before.username === SYSTEM_USERNAME) throw new NotFoundError();
    if (before.id === ctx.actor.id && (input.active === false || (input.role && input.role !== 'admin'))) {
      throw new ValidationError([{ field: input.active === false ? 'active' : 'role', code: 'users.notYourself' }]);
    }
    const role = input.role ?? before.role;
    const unitId = input.unitId === undefined ? before.unitId : input.unitId;
    const phone = input.phone === undefined ? before.phone : checkUnitAndPhone(role, unitId, input.phone);
    if (input.phone === undefined) checkUnitAndPhone(role, unitId, null);
    const [after] = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? before.displayName,
        role,
        unitId,
        phone,
        active: input.active ?? before.active,
        ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
        updatedAt: ctx.now(),
      })
      .where(eq(users.id, input.id))
      .returning();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: input.password ? 'user.updatedWithPassword' : 'user.updated',
      entityType: 'user',
      entityId: after.id,
      before: publicUser(before),
      after: publicUser(after),
    });
    return publicUser(after);
  });
}

export const listUsersInput = z.object({
  q: z.string().trim().max(64).optional(),
  role: z.enum(ROLES as [Role, ...Role[]]).optional(),
  unitId: z.uuid().optional(),
  active: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listUsers({ ctx, input }: { ctx: Ctx; input: z.input<typeof listUsersInput> }) {
  assertRole(ctx.actor, 'admin');
  const f = listUsersInput.parse(input);
  const conditions: SQL[] = [ne(users.username, SYSTEM_USERNAME)];
  if (f.q) conditions.push(or(ilike(users.username, `%${f.q}%`), ilike(users.displayName, `%${f.q}%`))!);
  if (f.role) conditions.push(eq(users.role, f.role));
  if (f.unitId) conditions.push(eq(users.unitId, f.unitId));
  if (f.active) conditions.push(eq(users.active, f.active === 'true'));
  const where = and(...conditions);
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        unitId: users.unitId,
        unitName: units.name,
        phone: users.phone,
        active: users.active,
        createdAt: users.createdAt,
      })
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
