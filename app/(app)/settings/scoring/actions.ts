'use server';

import { previewPolicyEffect } from '@/lib/assessment/preview';
import { saveScoringPolicyInput, scoringValuesForm, toScoringPolicy } from '@/lib/verdicts/scoring-settings-schema';
import { saveScoringPolicy } from '@/lib/verdicts/scoring-settings';
import { defineAction } from '@/lib/web/safe-action';

export const saveScoringPolicyAction = defineAction({ schema: saveScoringPolicyInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const saved = await saveScoringPolicy({ ctx, input });
  return { version: saved.version, effectiveFrom: saved.effectiveFrom };
});

export const previewScoringEffectAction = defineAction({ schema: scoringValuesForm, roles: ['staff', 'admin'] }, (ctx, input) =>
  previewPolicyEffect({ ctx, input: { key: 'scoring', value: toScoringPolicy(input) } }),
);
