import { z } from 'zod';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { isRealDay } from '@/lib/platform/time/zone';

/**
 * 填报规则 form: the 'reporting' policy (report deadline, contacts a class A/B customer should have,
 * what becomes of a 超期补报) and the day a new version takes effect. Free of server imports: the
 * settings form checks with the very same schema in the browser. Ranges are the policy's own.
 */
const shape = policyDefinitions.reporting.schema.shape;

export const REPORTING_RANGES = {
  reportDeadlineHours: { min: shape.reportDeadlineHours.minValue ?? 1, max: shape.reportDeadlineHours.maxValue ?? 24 * 14 },
  minContactsAB: { min: shape.minContactsAB.minValue ?? 0, max: shape.minContactsAB.maxValue ?? 50 },
} as const;

export const LATE_BACKFILL_CHOICES = shape.lateBackfill.options;

const whole = (key: keyof typeof REPORTING_RANGES, code: string) => z.number(code).int(code).min(REPORTING_RANGES[key].min, code).max(REPORTING_RANGES[key].max, code);

export const saveReportingPolicyInput = z.object({
  effectiveFrom: z.string('errors.reportingSettings.effectiveFromInvalid').refine(isRealDay, 'errors.reportingSettings.effectiveFromInvalid'),
  reportDeadlineHours: whole('reportDeadlineHours', 'errors.reportingSettings.reportDeadlineHoursRange'),
  minContactsAB: whole('minContactsAB', 'errors.reportingSettings.minContactsABRange'),
  lateBackfill: z.enum(LATE_BACKFILL_CHOICES, 'errors.reportingSettings.lateBackfillInvalid'),
  note: z.string().trim().max(500, 'errors.reportingSettings.noteTooLong').default(''),
});
export type SaveReportingPolicyInput = z.input<typeof saveReportingPolicyInput>;

export function toReportingFormValues(value: PolicyValue<'reporting'>, effectiveFrom: string): SaveReportingPolicyInput {
  return { effectiveFrom, reportDeadlineHours: value.reportDeadlineHours, minContactsAB: value.minContactsAB, lateBackfill: value.lateBackfill, note: '' };
}
