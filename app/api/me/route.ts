import { ROLES } from '@/lib/platform/core/context';
import { defineRoute } from '@/lib/web/route';

/**
 * Who is signed in, as JSON: the smallest authenticated route (the same session check as every
 * other), used by clients to check a session and by the claim benchmark as its baseline.
 */
export const GET = defineRoute({ roles: [...ROLES] }, async ({ ctx }) => ({
  id: ctx.actor.id,
  username: ctx.actor.username,
  displayName: ctx.actor.displayName,
  role: ctx.actor.role,
}));
