import { eq } from 'drizzle-orm';
import { units, users } from '@/db/schema';
import type { Ctx } from '@/lib/core/context';
import { NotFoundError } from '@/lib/core/errors';

/** The actor's own profile: every role may see its own, and only its own. */
export async function getProfile({ ctx }: { ctx: Ctx }) {
  const [row] = await ctx.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      phone: users.phone,
      unitName: units.name,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, ctx.actor.id));
  if (!row) throw new NotFoundError();
  return row;
}
