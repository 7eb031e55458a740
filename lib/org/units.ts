import { asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { units, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/core/context';
import { ConflictError, NotFoundError } from '@/lib/core/errors';

export const unitInput = z.object({
  code: z.string().trim().min(1, 'errors.required').max(32),
  name: z.string().trim().min(1, 'errors.required').max(64),
  region: z.string().trim().min(1, 'errors.required').max(64),
});

export async function createUnit({ ctx, input }: { ctx: Ctx; input: z.infer<typeof unitInput> }) {
  assertRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(units).values(input).onConflictDoNothing().returning();
    if (!row) throw new ConflictError('units.taken', { name: input.name, code: input.code });
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'unit.created', entityType: 'unit', entityId: row.id, after: row });
    return row;
  });
}

export const updateUnitInput = unitInput.partial().extend({ id: z.uuid(), active: z.boolean().optional() });

export async function updateUnit({ ctx, input }: { ctx: Ctx; input: z.infer<typeof updateUnitInput> }) {
  assertRole(ctx.actor, 'admin');
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(units).where(eq(units.id, input.id)).for('update');
    if (!before) throw new NotFoundError();
    const { id, ...changes } = input;
    try {
      const [after] = await tx.update(units).set({ ...changes, updatedAt: ctx.now() }).where(eq(units.id, id)).returning();
      await recordAudit(tx, { actorId: ctx.actor.id, action: 'unit.updated', entityType: 'unit', entityId: id, before, after });
      return after;
    } catch (error) {
      if ((error as { code?: string }).code === '23505' || (error as { cause?: { code?: string } }).cause?.code === '23505') {
        throw new ConflictError('units.taken', { name: input.name ?? before.name, code: input.code ?? before.code });
      }
      throw error;
    }
  });
}

/** Units with their member counts; every signed-in role may read the list of units. */
export async function listUnits({ ctx }: { ctx: Ctx }) {
  const members = ctx.db
    .select({ unitId: users.unitId, members: count().as('members') })
    .from(users)
    .groupBy(users.unitId)
    .as('members');
  return ctx.db
    .select({ id: units.id, code: units.code, name: units.name, region: units.region, active: units.active, members: members.members })
    .from(units)
    .leftJoin(members, eq(members.unitId, units.id))
    .orderBy(asc(units.code));
}
