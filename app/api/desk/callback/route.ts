import { openDeskCallback } from '@/lib/desk/open';
import { defineRoute } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/** The callback I hold as the desk shows it ({ view: null } when none): masked phones, the script, the draft. */
export const GET = defineRoute({ roles: ['agent'] }, async ({ ctx }) => ({ view: await openDeskCallback({ ctx }) }));
