import { z } from 'zod';
import { blank } from '@/lib/platform/core/parse-input';
import { idField } from '@/lib/platform/core/ids';
import { monthSchema } from '@/lib/platform/time/month-window';

export const callbackIndicatorsInput = z.object({
  /** 'YYYY-MM'; the month in progress when not given. */
  month: blank(monthSchema),
  unitId: blank(idField('errors.notFound')),
  agentId: blank(idField('errors.notFound')),
  /** The deadline of a callback in working days of the calling calendar (default: the 'agentAssessment' policy's, 3 as shipped). */
  deadlineWorkingDays: blank(z.coerce.number('errors.invalidValue').int('errors.invalidValue').min(1, 'errors.invalidValue').max(30, 'errors.invalidValue')),
});
export type CallbackIndicatorsInput = z.input<typeof callbackIndicatorsInput>;

export const managerIndicatorsInput = z.object({
  month: blank(monthSchema),
  unitId: blank(idField('errors.notFound')),
});
export type ManagerIndicatorsInput = z.input<typeof managerIndicatorsInput>;
