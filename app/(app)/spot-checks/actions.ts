'use server';

import { clearManagerFlag } from '@/lib/spot-checks/flags';
import { clearManagerFlagInput } from '@/lib/spot-checks/schemas';
import { defineAction } from '@/lib/web/safe-action';

/** Staff clear a manager's 建议调离 flag with a reason (the verb checks the role again). */
export const clearManagerFlagAction = defineAction({ schema: clearManagerFlagInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const r = await clearManagerFlag({ ctx, input });
  return { flagId: r.flagId };
});
