import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import type { PolicyValue } from '@/lib/policy/definitions';
import { policySettingsOf, saveVersionFromDay } from '@/lib/policy/settings';
import { saveSpotCheckPolicyInput, SPOT_CHECK_RANGES, toSpotCheckPolicy, type SaveSpotCheckPolicyInput } from './settings-schema';

/**
 * 电话抽查规则: the 'spotCheck' policy, versioned and effective from a day (today or later). A
 * day's selection uses the version in force on that day and stores its number with every
 * manager's decision (spot_checks.policy_version).
 */
export type SpotCheckPolicy = PolicyValue<'spotCheck'>;

export async function getSpotCheckSettings({ ctx }: { ctx: Ctx }) {
  return { ...(await policySettingsOf({ ctx, key: 'spotCheck' })), ranges: SPOT_CHECK_RANGES };
}

export async function saveSpotCheckPolicy({ ctx, input }: { ctx: Ctx; input: SaveSpotCheckPolicyInput }) {
  const form = parseInput(saveSpotCheckPolicyInput, input);
  return saveVersionFromDay({ ctx, input: { key: 'spotCheck', effectiveFrom: form.effectiveFrom, value: toSpotCheckPolicy(form), note: form.note } });
}
