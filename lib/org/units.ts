import { and, asc, count, eq, sql } from 'drizzle-orm';
import { units, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import { parseInput } from '@/lib/platform/core/parse-input';
import { unitInput, updateUnitInput, type UnitInput, type UpdateUnitInput } from './unit-schemas';

export * from './unit-schemas';

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

export async function createUnit({ ctx, input: raw }: { ctx: Ctx; input: UnitInput }) {
  assertRole(ctx.actor, 'admin');
  const input = parseInput(unitInput, raw);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(units).values(input).onConflictDoNothing().returning();
    if (!row) throw new ConflictError('units.taken', { name: input.name, code: input.code });
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'unit.created', entityType: 'unit', entityId: row.id, after: row });
    return row;
  });
}

export async function updateUnit({ ctx, input: raw }: { ctx: Ctx; input: UpdateUnitInput }) {
  assertRole(ctx.actor, 'admin');
  const input = parseInput(updateUnitInput, raw);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(units).where(eq(units.id, input.id)).for('update');
    if (!before) throw new NotFoundError();
    const { id, ...changes } = input;
    try {
      const [after] = await tx.update(units).set({ ...changes, updatedAt: ctx.now() }).where(eq(units.id, id)).returning();
      const action =
        changes.active !== undefined && changes.active !== before.active
          ? changes.active
            ? 'unit.reactivated'
            : 'unit.deactivated'
          : 'unit.updated';
      await recordAudit(tx, { actorId: ctx.actor.id, action, entityType: 'unit', entityId: id, before, after });
      return after;
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError('units.taken', { name: input.name ?? before.name, code: input.code ?? before.code });
      }
      throw error;
    }
  });
}

/** One unit for the admin's edit page, with how many active users it still has. */
export async function getUnit({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  assertRole(ctx.actor, 'admin');
  if (!isId(input.id)) throw new NotFoundError();
  const [row] = await ctx.db.select().from(units).where(eq(units.id, input.id));
  if (!row) throw new NotFoundError();
  const [{ members }] = await ctx.db
    .select({ members: count() })
    .from(users)
    .where(and(eq(users.unitId, row.id), eq(users.active, true)));
  return { ...row, members };
}

/**
 * Units with their member counts (active users only: a deactivated user no longer works there).
 * Every signed-in role may read the list of units.
 */
export async function listUnits({ ctx }: { ctx: Ctx }) {
  const members = ctx.db
    .select({ unitId: users.unitId, members: count().as('members') })
    .from(users)
    .where(eq(users.active, true))
    .groupBy(users.unitId)
    .as('members');
  return ctx.db
    .select({
      id: units.id,
      code: units.code,
      name: units.name,
      region: units.region,
      active: units.active,
      // Units nobody belongs to have no row in the subquery.
      members: sql<number>`coalesce(${members.members}, 0)`.mapWith(Number),
    })
    .from(units)
    .leftJoin(members, eq(members.unitId, units.id))
    .orderBy(asc(units.code));
}
