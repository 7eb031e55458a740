import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';

/*
 * Input schemas for the unit verbs, kept apart from units.ts so client forms can import them
 * without pulling the database layer into the browser bundle.
 */

export const unitInput = z.object({
  code: z.string().trim().min(1, 'errors.required').max(32, 'errors.units.codeTooLong'),
  name: z.string().trim().min(1, 'errors.required').max(64, 'errors.units.nameTooLong'),
  region: z.string().trim().min(1, 'errors.required').max(64, 'errors.units.regionTooLong'),
});
export type UnitInput = z.infer<typeof unitInput>;

export const updateUnitInput = unitInput.partial().extend({ id: idSchema, active: z.boolean().optional() });
export type UpdateUnitInput = z.infer<typeof updateUnitInput>;

/** The edit form: all descriptive fields at once; activation has its own button. */
export const editUnitInput = unitInput.extend({ id: idSchema });
export type EditUnitInput = z.infer<typeof editUnitInput>;

export const setUnitActiveInput = z.object({ id: idSchema, active: z.boolean() });
export type SetUnitActiveInput = z.infer<typeof setUnitActiveInput>;
