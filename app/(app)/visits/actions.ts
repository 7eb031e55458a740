'use server';

import { cancelCallback, cancelCallbackInput } from '@/lib/callbacks/staff';
import { visitReportInput } from '@/lib/visits/schemas';
import { createVisitReport } from '@/lib/visits/visits';
import { defineAction } from '@/lib/web/safe-action';

// Only what the form needs to move on goes back to the browser.
export const createVisitAction = defineAction({ schema: visitReportInput, roles: ['manager'] }, async (ctx, input) => {
  const visit = await createVisitReport({ ctx, input });
  return { id: visit.id, late: visit.late };
});

/** Staff call off a visit's open callback (with a reason); the visit's verdict becomes unverified. */
export const cancelCallbackAction = defineAction({ schema: cancelCallbackInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const r = await cancelCallback({ ctx, input });
  return { taskId: r.taskId };
});
