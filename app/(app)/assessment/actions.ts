'use server';

import { closeMonth } from '@/lib/assessment/close';
import { openCallbacksOfMonth } from '@/lib/assessment/open-callbacks';
import { closeMonthInput, monthInput } from '@/lib/assessment/schemas';
import { defineAction } from '@/lib/web/safe-action';

/** 月结 from the report page: closes (or closes again) a month that is over. */
export const closeMonthAction = defineAction({ schema: closeMonthInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const result = await closeMonth({ ctx, input });
  return { month: result.month, version: result.version, managers: result.managers, changes: result.changes };
});

/** What the close's confirmation shows first: the month's sampled callbacks still open, by unit. */
export const openCallbacksAction = defineAction({ schema: monthInput, roles: ['staff', 'admin'] }, (ctx, input) => openCallbacksOfMonth({ ctx, input }));
