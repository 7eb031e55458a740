'use server';

import { assessmentValuesForm, saveAssessmentPolicyInput, toAssessmentPolicy } from '@/lib/assessment/assessment-settings-schema';
import { saveAssessmentPolicy } from '@/lib/assessment/assessment-settings';
import { previewPolicyEffect } from '@/lib/assessment/preview';
import { defineAction } from '@/lib/web/safe-action';

export const saveAssessmentPolicyAction = defineAction({ schema: saveAssessmentPolicyInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const saved = await saveAssessmentPolicy({ ctx, input });
  return { version: saved.version, effectiveFrom: saved.effectiveFrom };
});

export const previewAssessmentEffectAction = defineAction({ schema: assessmentValuesForm, roles: ['staff', 'admin'] }, (ctx, input) =>
  previewPolicyEffect({ ctx, input: { key: 'assessment', value: toAssessmentPolicy(input) } }),
);
