import { z } from 'zod';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { effectiveFromField, HHMM, noteField, rangeOf, wholeIn } from '@/lib/policy/form-schema';

/**
 * 数据核查规则 form: the 'checks' policy — how far from the customer a GPS check-in may be (QR
 * check-ins are never flagged) and the hours a visit is expected in — and the day a new version
 * takes effect. Shared by the browser and the server; the range is the policy's own. The
 * reporting deadline and the contacts rule are on 填报规则.
 */
const shape = policyDefinitions.checks.schema.shape;
export const CHECKS_RANGES = { maxCheckInMeters: rangeOf(shape.maxCheckInMeters) };

const time = z.string('errors.policySettings.timeInvalid').regex(HHMM, 'errors.policySettings.timeInvalid');
const values = z.object({
  maxCheckInMeters: wholeIn(CHECKS_RANGES.maxCheckInMeters, 'errors.policySettings.maxCheckInMetersRange'),
  normalHoursStart: time,
  normalHoursEnd: time,
});

// A visit is at odd hours outside [start, end] of the same day: an end not after the start would flag every visit.
function endAfterStart(v: z.output<typeof values>, ctx: z.RefinementCtx) {
  if (v.normalHoursEnd <= v.normalHoursStart) ctx.addIssue({ code: 'custom', path: ['normalHoursEnd'], message: 'errors.policySettings.hoursEndBeforeStart' });
}

/** The values alone (the effect preview), and with the day and note (a new version). */
export const checksValuesForm = values.superRefine(endAfterStart);
export const saveChecksPolicyInput = values.extend({ effectiveFrom: effectiveFromField, note: noteField }).superRefine(endAfterStart);
export type SaveChecksPolicyInput = z.input<typeof saveChecksPolicyInput>;

export function toChecksPolicy(form: z.output<typeof values>): PolicyValue<'checks'> {
  return { maxCheckInMeters: form.maxCheckInMeters, normalHoursStart: form.normalHoursStart, normalHoursEnd: form.normalHoursEnd };
}

export function toChecksFormValues(value: PolicyValue<'checks'>, effectiveFrom: string): SaveChecksPolicyInput {
  return { effectiveFrom, ...value, note: '' };
}
