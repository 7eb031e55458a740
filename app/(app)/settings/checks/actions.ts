'use server';

import { previewPolicyEffect } from '@/lib/assessment/preview';
import { checksValuesForm, saveChecksPolicyInput, toChecksPolicy } from '@/lib/checks/checks-settings-schema';
import { saveChecksPolicy } from '@/lib/checks/checks-settings';
import { defineAction } from '@/lib/web/safe-action';

export const saveChecksPolicyAction = defineAction({ schema: saveChecksPolicyInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const saved = await saveChecksPolicy({ ctx, input });
  return { version: saved.version, effectiveFrom: saved.effectiveFrom };
});

export const previewChecksEffectAction = defineAction({ schema: checksValuesForm, roles: ['staff', 'admin'] }, (ctx, input) =>
  previewPolicyEffect({ ctx, input: { key: 'checks', value: toChecksPolicy(input) } }),
);
