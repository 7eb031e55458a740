import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import type { PolicyValue } from '@/lib/policy/definitions';
import { policySettingsOf, saveVersionFromDay } from '@/lib/policy/settings';
import { saveScoringPolicyInput, SCORING_RANGES, toScoringPolicy, type SaveScoringPolicyInput } from './scoring-settings-schema';

/**
 * 回访评分规则: the 'scoring' policy, versioned and effective from a day. A callback is scored
 * against the version in force on the day it was scored. A new version takes effect today or later.
 */
export type ScoringPolicy = PolicyValue<'scoring'>;

export async function getScoringSettings({ ctx }: { ctx: Ctx }) {
  return { ...(await policySettingsOf({ ctx, key: 'scoring' })), ranges: SCORING_RANGES };
}

export async function saveScoringPolicy({ ctx, input }: { ctx: Ctx; input: SaveScoringPolicyInput }) {
  const form = parseInput(saveScoringPolicyInput, input);
  return saveVersionFromDay({ ctx, input: { key: 'scoring', effectiveFrom: form.effectiveFrom, value: toScoringPolicy(form), note: form.note } });
}
