import { touchPresence } from '@/lib/desk/take';
import { defineRoute } from '@/lib/web/route';

/** The desk's heartbeat while the agent holds nothing: keeps them "online" on the queue page. */
export const POST = defineRoute({ roles: ['agent'] }, async ({ ctx }) => {
  await touchPresence({ ctx });
  return { ok: true };
});
