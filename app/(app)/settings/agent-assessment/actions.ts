'use server';

import { saveAgentAssessmentPolicyInput } from '@/lib/indicators/agent-assessment-settings-schema';
import { saveAgentAssessmentPolicy } from '@/lib/indicators/agent-assessment-settings';
import { defineAction } from '@/lib/web/safe-action';

export const saveAgentAssessmentPolicyAction = defineAction({ schema: saveAgentAssessmentPolicyInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const saved = await saveAgentAssessmentPolicy({ ctx, input });
  return { version: saved.version, effectiveFrom: saved.effectiveFrom };
});
