import { z } from 'zod';
import { isId } from '@/lib/platform/core/ids';
import { PLAN_STATUSES } from './rules';

/**
 * Input schemas of the plan verbs. Kept free of server imports so the plan forms validate in the
 * browser with the very same schema (zodResolver) before the server validates again.
 */

// A blank id is "required", not also "invalid". (Not `abort`: that would also skip the item's
// contact refinement, hiding those errors until the customer is chosen.)
export const idSchema = z
  .string()
  .trim()
  .min(1, 'errors.required')
  .refine((v) => v === '' || isId(v), 'errors.invalidValue');

export const monthSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'errors.plans.monthInvalid');

/** Blank form fields and query parameters mean "not given". */
const blankAsUndefined = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const startPlanInput = z.object({ month: monthSchema });
export type StartPlanInput = z.infer<typeof startPlanInput>;

/** The longest purpose of a planned visit (characters), shown under the field as it is typed. */
export const MAX_PLAN_PURPOSE = 500;
export const MAX_PLAN_ITEMS = 200;

export const planItemInput = z
  .object({
    customerId: idSchema,
    /** A contact on file for the customer; '' or absent means the contact is typed in. */
    contactId: z.union([z.literal(''), idSchema]).optional(),
    contactName: z.string().trim().max(64, 'errors.plans.tooLong').optional(),
    contactPhone: z.string().trim().max(40, 'errors.plans.tooLong').optional(),
    /** 'YYYY-MM-DDTHH:mm' wall-clock in APP_TIMEZONE (datetime-local), or an ISO instant with offset. */
    plannedAt: z.string().trim().min(1, 'errors.required'),
    place: z.string().trim().min(1, 'errors.required').max(200, 'errors.plans.tooLong'),
    purpose: z.string().trim().min(1, 'errors.required').max(MAX_PLAN_PURPOSE, 'errors.plans.tooLong'),
  })
  .superRefine((item, ctx) => {
    if (item.contactId) return;
    if (!item.contactName) ctx.addIssue({ code: 'custom', path: ['contactName'], message: 'errors.required' });
    if (!item.contactPhone) ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: 'errors.required' });
  });
export type PlanItemInput = z.infer<typeof planItemInput>;

export const savePlanItemsInput = z.object({
  planId: idSchema,
  items: z.array(planItemInput).max(MAX_PLAN_ITEMS, 'errors.plans.tooManyItems'),
});
export type SavePlanItemsInput = z.infer<typeof savePlanItemsInput>;

export const submitPlanInput = z.object({ planId: idSchema });
export type SubmitPlanInput = z.infer<typeof submitPlanInput>;

export const reviewPlanInput = z
  .object({
    planId: idSchema,
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(1000, 'errors.plans.tooLong').optional(),
    /** The revision the reviewer looked at; a newer submission makes the review stale. */
    revision: z.number().int().min(0).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.decision === 'reject' && !value.comment) {
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'errors.plans.rejectCommentRequired' });
    }
  });
export type ReviewPlanInput = z.infer<typeof reviewPlanInput>;

export const PLAN_STATUS_FILTERS = ['all', ...PLAN_STATUSES] as const;
export type PlanStatusFilter = (typeof PLAN_STATUS_FILTERS)[number];

export const listPlansInput = z.object({
  month: blankAsUndefined(monthSchema),
  status: blankAsUndefined(z.enum(PLAN_STATUS_FILTERS)),
  managerId: blankAsUndefined(idSchema),
  unitId: blankAsUndefined(idSchema),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListPlansInput = z.input<typeof listPlansInput>;

export const getPlanInput = z.object({ planId: idSchema });

export const planCustomersInput = z.object({ month: monthSchema });
