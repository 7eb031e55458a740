import { eq } from 'drizzle-orm';
import { units, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { endSessions } from '@/lib/auth/sessions';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { changeOwnPasswordInput, type ChangeOwnPasswordInput } from './user-schemas';

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

/**
 * 修改密码: the signed-in user changes their own password, proving it with the current one. Every
 * other session of theirs ends (another device, a forgotten browser); the caller re-issues this
 * session under the returned version. Audited without either password.
 */
export async function changeOwnPassword({ ctx, input }: { ctx: Ctx; input: ChangeOwnPasswordInput }) {
  const { currentPassword, newPassword } = parseInput(changeOwnPasswordInput, input);
  const [user] = await ctx.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, ctx.actor.id));
  if (!user) throw new NotFoundError();
  if (!(await verifyPassword(currentPassword, user.passwordHash))) throw ValidationError.field('currentPassword', 'users.currentPasswordWrong');
  const passwordHash = await hashPassword(newPassword);
  return ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: ctx.now() }).where(eq(users.id, ctx.actor.id));
    const sessionVersion = await endSessions(tx, ctx.actor.id);
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'user.passwordChanged', entityType: 'user', entityId: ctx.actor.id, after: { passwordChanged: true } });
    return { sessionVersion };
  });
}
