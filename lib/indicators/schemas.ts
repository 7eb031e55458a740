import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { monthSchema } from '@/lib/platform/time/month-window';

/** Blank form fields and query parameters mean "not given". */
const blank = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const callbackIndicatorsInput = z.object({
  /** 'YYYY-MM'; the month in progress when not given. */
  month: blank(monthSchema),
  unitId: blank(idField('errors.notFound')),
  agentId: blank(idField('errors.notFound')),
  /** The deadline of a callback in working days of the calling calendar (default 3). */
  deadlineWorkingDays: blank(z.coerce.number('errors.invalidValue').int('errors.invalidValue').min(1, 'errors.invalidValue').max(30, 'errors.invalidValue')),
});
export type CallbackIndicatorsInput = z.input<typeof callbackIndicatorsInput>;

export const managerIndicatorsInput = z.object({
  month: blank(monthSchema),
  unitId: blank(idField('errors.notFound')),
});
export type ManagerIndicatorsInput = z.input<typeof managerIndicatorsInput>;
