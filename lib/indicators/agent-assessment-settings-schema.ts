import { z } from 'zod';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { effectiveFromField, noteField, numberIn, rangeOf, wholeIn } from '@/lib/policy/form-schema';

/**
 * 坐席考核规则 form: the 'agentAssessment' policy — the weights of 回访率, 回访质量 and 回访及时性,
 * the grade bands, a callback's deadline in working days and the callbacks an agent must finish
 * to be scored — and the day a new version takes effect. Shared by the browser and the server;
 * the ranges are the policy's own.
 */
const shape = policyDefinitions.agentAssessment.schema.shape;
export const AGENT_WEIGHT_PARTS = ['callbackRate', 'quality', 'timeliness'] as const;
export const AGENT_GRADE_BANDS = ['excellent', 'good', 'fair', 'poor'] as const;

export const AGENT_ASSESSMENT_RANGES = {
  weight: rangeOf(shape.weights.shape.callbackRate),
  gradeBand: rangeOf(shape.gradeBands.shape.excellent),
  deadlineWorkingDays: rangeOf(shape.deadlineWorkingDays),
  minFinished: rangeOf(shape.minFinished),
};

const R = AGENT_ASSESSMENT_RANGES;
const weight = numberIn(R.weight, 'errors.policySettings.weightRange');
const band = numberIn(R.gradeBand, 'errors.policySettings.gradeBandRange');

const values = z.object({
  weights: z.object({ callbackRate: weight, quality: weight, timeliness: weight }),
  gradeBands: z.object({ excellent: band, good: band, fair: band, poor: band }),
  deadlineWorkingDays: wholeIn(R.deadlineWorkingDays, 'errors.policySettings.deadlineWorkingDaysRange'),
  minFinished: wholeIn(R.minFinished, 'errors.policySettings.minFinishedRange'),
});

function crossChecks(v: z.output<typeof values>, ctx: z.RefinementCtx) {
  const w = v.weights;
  if ([w.callbackRate, w.quality, w.timeliness].every((x) => Number.isFinite(x)) && w.callbackRate + w.quality + w.timeliness <= 0) {
    ctx.addIssue({ code: 'custom', path: ['weights'], message: 'errors.policy.weightsAllZero' });
  }
  const b = v.gradeBands;
  if ([b.excellent, b.good, b.fair, b.poor].every((x) => Number.isFinite(x)) && !(b.excellent >= b.good && b.good >= b.fair && b.fair >= b.poor)) {
    ctx.addIssue({ code: 'custom', path: ['gradeBands'], message: 'errors.policy.bandsOutOfOrder' });
  }
}

export const saveAgentAssessmentPolicyInput = values.extend({ effectiveFrom: effectiveFromField, note: noteField }).superRefine(crossChecks);
export type SaveAgentAssessmentPolicyInput = z.input<typeof saveAgentAssessmentPolicyInput>;

/** The form's values as the policy stores them. */
export function toAgentAssessmentPolicy(form: z.output<typeof saveAgentAssessmentPolicyInput>): PolicyValue<'agentAssessment'> {
  return { weights: { ...form.weights }, gradeBands: { ...form.gradeBands }, deadlineWorkingDays: form.deadlineWorkingDays, minFinished: form.minFinished };
}

export function toAgentAssessmentFormValues(value: PolicyValue<'agentAssessment'>, effectiveFrom: string): SaveAgentAssessmentPolicyInput {
  return { effectiveFrom, weights: { ...value.weights }, gradeBands: { ...value.gradeBands }, deadlineWorkingDays: value.deadlineWorkingDays, minFinished: value.minFinished, note: '' };
}
