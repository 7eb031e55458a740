import { queuesDashboard } from '@/lib/queues-dashboard/board';
import { defineRoute } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** The BullMQ dashboard, for staff and admin only. */
const handler = defineRoute<{ path?: string[] }>({ roles: ['staff', 'admin'] }, async ({ request }) => queuesDashboard().fetch(request));

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
