'use server';

import { saveSpotCheckPolicyInput } from '@/lib/spot-checks/settings-schema';
import { saveSpotCheckPolicy } from '@/lib/spot-checks/settings';
import { defineAction } from '@/lib/web/safe-action';

export const saveSpotCheckPolicyAction = defineAction({ schema: saveSpotCheckPolicyInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const saved = await saveSpotCheckPolicy({ ctx, input });
  return { version: saved.version, effectiveFrom: saved.effectiveFrom };
});
