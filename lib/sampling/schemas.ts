import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';
import { REASON_CODES } from './reasons';

/**
 * Input schemas of the sampling verbs. Free of server imports: the settings form validates in the
 * browser with the very same schema (zodResolver) before the server validates again. The ranges
 * are those of the 'sampling' policy (lib/policy/definitions.ts), which savePolicyVersion checks
 * once more; here each field gets its own message.
 */

/**
 * A number field: blank (the form's empty input gives NaN, JSON turns it into null) says the
 * field is required, naming it; anything else out of range says the range.
 */
const numberIn = (min: number, max: number, code: string, required: string, integer = false) => {
  const base = z
    .number({ error: (issue) => (issue.input === undefined || issue.input === null || Number.isNaN(issue.input) ? required : code) })
    .min(min, code)
    .max(max, code);
  return integer ? base.int(code) : base;
};

const rate = (customerClass: 'A' | 'B' | 'C' | 'D') => numberIn(0, 100, 'errors.sampling.rateRange', `errors.sampling.rateRequired.${customerClass}`);

export const samplingPolicyInput = z.object({
  ratePercent: z.object({ A: rate('A'), B: rate('B'), C: rate('C'), D: rate('D') }),
  minPerManagerMonth: numberIn(0, 1000, 'errors.sampling.minimumRange', 'errors.sampling.minimumRequired', true),
  alwaysSampleFlagged: z.boolean({ error: 'errors.invalidValue' }),
  invalidLastMonthMultiplier: numberIn(1, 10, 'errors.sampling.multiplierRange', 'errors.sampling.multiplierRequired'),
  excludeOlderThanDays: numberIn(1, 366, 'errors.sampling.daysRange', 'errors.sampling.daysRequired', true),
  seed: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(64, 'errors.sampling.seedTooLong'),
  minutesPerCallback: numberIn(0.5, 120, 'errors.sampling.minutesRange', 'errors.sampling.minutesRequired'),
});
export type SamplingPolicyInput = z.infer<typeof samplingPolicyInput>;

export const monthSchema = z
  .string({ error: 'errors.sampling.monthInvalid' })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'errors.sampling.monthInvalid');

export const saveSamplingPolicyInput = z.object({
  effectiveFrom: z
    .string({ error: 'errors.required' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.sampling.dayInvalid'),
  policy: samplingPolicyInput,
  note: z.string().trim().max(200, 'errors.sampling.noteTooLong').default(''),
});
export type SaveSamplingPolicyInput = z.input<typeof saveSamplingPolicyInput>;

export const previewSamplingInput = z.object({ month: monthSchema, policy: samplingPolicyInput });
export type PreviewSamplingInput = z.input<typeof previewSamplingInput>;

/** Blank query parameters mean "not given". */
const blankAsUndefined = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

export const listDecisionsInput = z.object({
  month: blankAsUndefined(monthSchema),
  managerId: blankAsUndefined(idSchema),
  sampled: blankAsUndefined(z.enum(['yes', 'no'], 'errors.invalidValue')),
  reason: blankAsUndefined(z.enum(REASON_CODES as [string, ...string[]], 'errors.invalidValue')),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListDecisionsInput = z.input<typeof listDecisionsInput>;

export const visitDecisionInput = z.object({ visitId: idSchema });
