import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import type { PolicyValue } from '@/lib/policy/definitions';
import { policySettingsOf, saveVersionFromDay } from '@/lib/policy/settings';
import { ASSESSMENT_RANGES, saveAssessmentPolicyInput, toAssessmentPolicy, type SaveAssessmentPolicyInput } from './assessment-settings-schema';

/**
 * 考核规则: the 'assessment' policy, versioned and effective from a day. A month is assessed under
 * the version in force on its last day (points, coverage, score, grade); the close day is read
 * by the scheduled close. A new version takes effect today or later.
 */
export type AssessmentPolicy = PolicyValue<'assessment'>;

export async function getAssessmentSettings({ ctx }: { ctx: Ctx }) {
  return { ...(await policySettingsOf({ ctx, key: 'assessment' })), ranges: ASSESSMENT_RANGES };
}

export async function saveAssessmentPolicy({ ctx, input }: { ctx: Ctx; input: SaveAssessmentPolicyInput }) {
  const form = parseInput(saveAssessmentPolicyInput, input);
  return saveVersionFromDay({ ctx, input: { key: 'assessment', effectiveFrom: form.effectiveFrom, value: toAssessmentPolicy(form), note: form.note } });
}
