import { z } from 'zod';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { effectiveFromField, noteField, numberIn, rangeOf, wholeIn } from '@/lib/policy/form-schema';

/**
 * 考核规则 form: the 'assessment' policy — 维系积分 per class, what an invalid visit deducts, the
 * days of claim a customer needs to count, the score's weights, the grade bands and the close
 * day — and the day a new version takes effect. Shared by the browser and the server; ranges are
 * the policy's own.
 */
const shape = policyDefinitions.assessment.schema.shape;
export const CUSTOMER_CLASSES = ['A', 'B', 'C', 'D'] as const;
export const WEIGHT_PARTS = ['coverage', 'valid', 'onTime'] as const;
export const GRADE_BANDS = ['excellent', 'good', 'fair', 'poor'] as const;

const deductionNumber = shape.deductionPerInvalid.options[1];
export const ASSESSMENT_RANGES = {
  basePoints: rangeOf(shape.basePoints.shape.A),
  deductionPoints: rangeOf(deductionNumber),
  minClaimedDays: rangeOf(shape.minClaimedDays),
  weight: rangeOf(shape.weights.shape.coverage),
  gradeBand: rangeOf(shape.gradeBands.shape.excellent),
  closeDay: rangeOf(shape.closeDay),
};

const R = ASSESSMENT_RANGES;
const points = wholeIn(R.basePoints, 'errors.policySettings.basePointsRange');
const weight = numberIn(R.weight, 'errors.policySettings.weightRange');
const band = numberIn(R.gradeBand, 'errors.policySettings.gradeBandRange');

/** The policy's values as the form edits them ('all' or a number per invalid visit as two fields). */
const values = z.object({
  basePoints: z.object({ A: points, B: points, C: points, D: points }),
  deductionMode: z.enum(['all', 'points'], 'errors.policySettings.deductionModeInvalid'),
  // Empty (NaN from the number input) when the mode is 'all'.
  deductionPoints: z.number().or(z.nan()).optional(),
  minClaimedDays: wholeIn(R.minClaimedDays, 'errors.policySettings.minClaimedDaysRange'),
  weights: z.object({ coverage: weight, valid: weight, onTime: weight }),
  gradeBands: z.object({ excellent: band, good: band, fair: band, poor: band }),
  closeDay: wholeIn(R.closeDay, 'errors.policySettings.closeDayRange'),
});

function crossChecks(v: z.output<typeof values>, ctx: z.RefinementCtx) {
  if (v.deductionMode === 'points') {
    const n = v.deductionPoints;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < R.deductionPoints.min || n > R.deductionPoints.max) {
      ctx.addIssue({ code: 'custom', path: ['deductionPoints'], message: 'errors.policySettings.deductionPointsRange' });
    }
  }
  const w = v.weights;
  if ([w.coverage, w.valid, w.onTime].every((x) => Number.isFinite(x)) && w.coverage + w.valid + w.onTime <= 0) {
    ctx.addIssue({ code: 'custom', path: ['weights'], message: 'errors.policy.weightsAllZero' });
  }
  const b = v.gradeBands;
  if ([b.excellent, b.good, b.fair, b.poor].every((x) => Number.isFinite(x)) && !(b.excellent >= b.good && b.good >= b.fair && b.fair >= b.poor)) {
    ctx.addIssue({ code: 'custom', path: ['gradeBands'], message: 'errors.policy.bandsOutOfOrder' });
  }
}

/** The values alone (the effect preview), and with the day and note (a new version). */
export const assessmentValuesForm = values.superRefine(crossChecks);
export type AssessmentValuesForm = z.output<typeof assessmentValuesForm>;
export const saveAssessmentPolicyInput = values.extend({ effectiveFrom: effectiveFromField, note: noteField }).superRefine(crossChecks);
export type SaveAssessmentPolicyInput = z.input<typeof saveAssessmentPolicyInput>;

/** The form's values as the policy stores them. */
export function toAssessmentPolicy(form: AssessmentValuesForm): PolicyValue<'assessment'> {
  return {
    basePoints: { ...form.basePoints },
    deductionPerInvalid: form.deductionMode === 'all' ? 'all' : (form.deductionPoints as number),
    minClaimedDays: form.minClaimedDays,
    weights: { ...form.weights },
    gradeBands: { ...form.gradeBands },
    closeDay: form.closeDay,
  };
}

export function toAssessmentFormValues(value: PolicyValue<'assessment'>, effectiveFrom: string): SaveAssessmentPolicyInput {
  return {
    effectiveFrom,
    basePoints: { ...value.basePoints },
    deductionMode: value.deductionPerInvalid === 'all' ? 'all' : 'points',
    deductionPoints: value.deductionPerInvalid === 'all' ? undefined : value.deductionPerInvalid,
    minClaimedDays: value.minClaimedDays,
    weights: { ...value.weights },
    gradeBands: { ...value.gradeBands },
    closeDay: value.closeDay,
    note: '',
  };
}
