import { z } from 'zod';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { effectiveFromField, noteField, rangeOf, wholeIn } from '@/lib/policy/form-schema';

/**
 * 回访评分规则 form: the 'scoring' policy — the callback score (out of 100) from which a visit
 * without a knock-out is 真实有效 (DOMAIN rule 5: 60) — and the day a new version takes effect.
 * Shared by the browser and the server; the range is the policy's own.
 */
const shape = policyDefinitions.scoring.schema.shape;
export const SCORING_RANGES = { validThreshold: rangeOf(shape.validThreshold) };

const values = z.object({ validThreshold: wholeIn(SCORING_RANGES.validThreshold, 'errors.policySettings.validThresholdRange') });
/** The values alone (the effect preview), and with the day and note (a new version). */
export const scoringValuesForm = values;
export const saveScoringPolicyInput = values.extend({ effectiveFrom: effectiveFromField, note: noteField });
export type SaveScoringPolicyInput = z.input<typeof saveScoringPolicyInput>;

export function toScoringPolicy(form: z.output<typeof values>): PolicyValue<'scoring'> {
  return { validThreshold: form.validThreshold };
}

export function toScoringFormValues(value: PolicyValue<'scoring'>, effectiveFrom: string): SaveScoringPolicyInput {
  return { effectiveFrom, validThreshold: value.validThreshold, note: '' };
}
