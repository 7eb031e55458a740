'use server';

import { previewSampling } from '@/lib/sampling/preview';
import { previewSamplingInput, saveSamplingPolicyInput } from '@/lib/sampling/schemas';
import { saveSamplingPolicy } from '@/lib/sampling/settings';
import { defineAction } from '@/lib/web/safe-action';

export const saveSamplingPolicyAction = defineAction({ schema: saveSamplingPolicyInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const saved = await saveSamplingPolicy({ ctx, input });
  return { version: saved.version, effectiveFrom: saved.effectiveFrom };
});

export const previewSamplingAction = defineAction({ schema: previewSamplingInput, roles: ['staff', 'admin'] }, (ctx, input) => previewSampling({ ctx, input }));
