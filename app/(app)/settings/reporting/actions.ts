'use server';

import { saveReportingPolicyInput } from '@/lib/visits/reporting-settings-schema';
import { saveReportingPolicy } from '@/lib/visits/reporting-settings';
import { defineAction } from '@/lib/web/safe-action';

export const saveReportingPolicyAction = defineAction({ schema: saveReportingPolicyInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const saved = await saveReportingPolicy({ ctx, input });
  return { version: saved.version, effectiveFrom: saved.effectiveFrom };
});
