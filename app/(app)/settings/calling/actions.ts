'use server';

import { callingForm } from '@/lib/callbacks/calling-form';
import { saveCallingPolicy } from '@/lib/callbacks/calling-settings';
import { defineAction } from '@/lib/web/safe-action';

export const saveCallingPolicyAction = defineAction({ schema: callingForm, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const saved = await saveCallingPolicy({ ctx, input });
  return { version: saved.version, effectiveFrom: saved.effectiveFrom };
});
