'use server';

import { getOrCreateDraftPlan, reviewPlan, savePlanItems, submitPlan } from '@/lib/plans/commands';
import { reviewPlanInput, savePlanItemsInput, startPlanInput, submitPlanInput } from '@/lib/plans/schemas';
import { defineAction } from '@/lib/web/safe-action';

export const startPlanAction = defineAction({ schema: startPlanInput, roles: ['manager'] }, async (ctx, input) => {
  const plan = await getOrCreateDraftPlan({ ctx, input });
  return { id: plan.id };
});

export const savePlanItemsAction = defineAction({ schema: savePlanItemsInput, roles: ['manager'] }, async (ctx, input) => {
  const { items } = await savePlanItems({ ctx, input });
  return { items: items.length };
});

export const submitPlanAction = defineAction({ schema: submitPlanInput, roles: ['manager'] }, async (ctx, input) => {
  const plan = await submitPlan({ ctx, input });
  return { status: plan.status, revision: plan.revision };
});

export const reviewPlanAction = defineAction({ schema: reviewPlanInput, roles: ['supervisor', 'staff', 'admin'] }, async (ctx, input) => {
  const plan = await reviewPlan({ ctx, input });
  return { status: plan.status, revision: plan.revision };
});
