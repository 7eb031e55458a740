import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import type { PolicyValue } from '@/lib/policy/definitions';
import { policySettingsOf, saveVersionFromDay } from '@/lib/policy/settings';
import { AGENT_ASSESSMENT_RANGES, saveAgentAssessmentPolicyInput, toAgentAssessmentPolicy, type SaveAgentAssessmentPolicyInput } from './agent-assessment-settings-schema';

/**
 * 坐席考核规则: the 'agentAssessment' policy, versioned and effective from a day (today or later).
 * A month's agents are assessed under the version in force on its last day, and so is the deadline
 * of its callbacks (the indicators' 按时完成率); a close records the version.
 */
export type AgentAssessmentPolicy = PolicyValue<'agentAssessment'>;

export async function getAgentAssessmentSettings({ ctx }: { ctx: Ctx }) {
  return { ...(await policySettingsOf({ ctx, key: 'agentAssessment' })), ranges: AGENT_ASSESSMENT_RANGES };
}

export async function saveAgentAssessmentPolicy({ ctx, input }: { ctx: Ctx; input: SaveAgentAssessmentPolicyInput }) {
  const form = parseInput(saveAgentAssessmentPolicyInput, input);
  return saveVersionFromDay({ ctx, input: { key: 'agentAssessment', effectiveFrom: form.effectiveFrom, value: toAgentAssessmentPolicy(form), note: form.note } });
}
