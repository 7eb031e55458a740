'use server';

import { createUnit, editUnitInput, setUnitActiveInput, unitInput, updateUnit } from '@/lib/org/units';
import { defineAction } from '@/lib/web/safe-action';

export const createUnitAction = defineAction({ schema: unitInput, roles: ['admin'] }, async (ctx, input) => {
  const unit = await createUnit({ ctx, input });
  return { id: unit.id, name: unit.name };
});

export const editUnitAction = defineAction({ schema: editUnitInput, roles: ['admin'] }, async (ctx, input) => {
  const unit = await updateUnit({ ctx, input });
  return { id: unit.id };
});

export const setUnitActiveAction = defineAction({ schema: setUnitActiveInput, roles: ['admin'] }, async (ctx, input) => {
  const unit = await updateUnit({ ctx, input });
  return { id: unit.id, active: unit.active };
});
