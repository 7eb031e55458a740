import { z } from 'zod';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { effectiveFromField, noteField, numberIn, rangeOf, wholeIn } from '@/lib/policy/form-schema';

/**
 * 电话抽查规则 form: the 'spotCheck' policy — on or off, customers per checked manager, all
 * managers or a share weighted towards past findings, when the callbacks become due, the
 * penalties in yuan, the removal flag's threshold and window, the draw's seed — and the day a new
 * version takes effect. Shared by the browser and the server; the ranges are the policy's own,
 * except the share, which staff enter in percent (stored as a fraction).
 */
const shape = policyDefinitions.spotCheck.schema.shape;
export const MANAGER_SELECTIONS = ['all', 'share'] as const;
export const DUE_RULES = ['same_afternoon', 'next_morning'] as const;

export const SPOT_CHECK_RANGES = {
  customersPerManager: rangeOf(shape.customersPerManager),
  managerSharePercent: { min: (shape.managerShare.minValue ?? 0) * 100, max: (shape.managerShare.maxValue ?? 1) * 100 },
  failureWeight: rangeOf(shape.failureWeight),
  dueDelayMinutes: rangeOf(shape.dueDelayMinutes),
  penaltyYuan: rangeOf(shape.penaltyNoneYuan),
  flagThreshold: rangeOf(shape.flagThreshold),
  flagWindowDays: rangeOf(shape.flagWindowDays),
};

const R = SPOT_CHECK_RANGES;
const yuan = wholeIn(R.penaltyYuan, 'errors.policySettings.penaltyYuanRange');

const values = z.object({
  enabled: z.boolean('errors.invalidValue'),
  customersPerManager: wholeIn(R.customersPerManager, 'errors.policySettings.customersPerManagerRange'),
  managerSelection: z.enum(MANAGER_SELECTIONS, 'errors.policySettings.managerSelectionInvalid'),
  managerSharePercent: numberIn(R.managerSharePercent, 'errors.policySettings.managerShareRange').refine(
    (p) => Math.abs(p * 10 - Math.round(p * 10)) < 1e-9,
    'errors.policySettings.managerShareRange',
  ),
  failureWeight: numberIn(R.failureWeight, 'errors.policySettings.failureWeightRange'),
  dueRule: z.enum(DUE_RULES, 'errors.policySettings.dueRuleInvalid'),
  dueDelayMinutes: wholeIn(R.dueDelayMinutes, 'errors.policySettings.dueDelayMinutesRange'),
  penaltyIncompletePerFindingYuan: yuan,
  penaltyNoneYuan: yuan,
  flagThreshold: wholeIn(R.flagThreshold, 'errors.policySettings.flagThresholdRange'),
  flagWindowDays: wholeIn(R.flagWindowDays, 'errors.policySettings.flagWindowDaysRange'),
  seed: z.string('errors.policySettings.seedInvalid').trim().min(1, 'errors.policySettings.seedInvalid').max(64, 'errors.policySettings.seedInvalid'),
});

export const saveSpotCheckPolicyInput = values.extend({ effectiveFrom: effectiveFromField, note: noteField });
export type SaveSpotCheckPolicyInput = z.input<typeof saveSpotCheckPolicyInput>;

/** The form's values as the policy stores them (the share as a fraction). */
export function toSpotCheckPolicy(form: z.output<typeof values>): PolicyValue<'spotCheck'> {
  return {
    enabled: form.enabled,
    customersPerManager: form.customersPerManager,
    managerSelection: form.managerSelection,
    managerShare: Math.round(form.managerSharePercent * 10) / 1000,
    failureWeight: form.failureWeight,
    dueRule: form.dueRule,
    dueDelayMinutes: form.dueDelayMinutes,
    penaltyIncompletePerFindingYuan: form.penaltyIncompletePerFindingYuan,
    penaltyNoneYuan: form.penaltyNoneYuan,
    flagThreshold: form.flagThreshold,
    flagWindowDays: form.flagWindowDays,
    seed: form.seed,
  };
}

/** A share as the form and the summary show it: percent to one decimal. */
export const sharePercent = (share: number) => Math.round(share * 1000) / 10;

export function toSpotCheckFormValues(value: PolicyValue<'spotCheck'>, effectiveFrom: string): SaveSpotCheckPolicyInput {
  const { managerShare, ...rest } = value;
  return { effectiveFrom, ...rest, managerSharePercent: sharePercent(managerShare), note: '' };
}
