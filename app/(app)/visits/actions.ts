'use server';

import { visitReportInput } from '@/lib/visits/schemas';
import { createVisitReport } from '@/lib/visits/visits';
import { defineAction } from '@/lib/web/safe-action';

// Only what the form needs to move on goes back to the browser.
export const createVisitAction = defineAction({ schema: visitReportInput, roles: ['manager'] }, async (ctx, input) => {
  const visit = await createVisitReport({ ctx, input });
  return { id: visit.id, late: visit.late };
});
