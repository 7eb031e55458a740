import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import type { PolicyValue } from '@/lib/policy/definitions';
import { policySettingsOf, saveVersionFromDay } from '@/lib/policy/settings';
import { CHECKS_RANGES, saveChecksPolicyInput, toChecksPolicy, type SaveChecksPolicyInput } from './checks-settings-schema';

/**
 * 数据核查规则: the 'checks' policy, versioned and effective from a day. A visit is checked under
 * the version in force on the visit's day. A new version takes effect today or later.
 */
export type ChecksPolicy = PolicyValue<'checks'>;

export async function getChecksSettings({ ctx }: { ctx: Ctx }) {
  return { ...(await policySettingsOf({ ctx, key: 'checks' })), ranges: CHECKS_RANGES };
}

export async function saveChecksPolicy({ ctx, input }: { ctx: Ctx; input: SaveChecksPolicyInput }) {
  const form = parseInput(saveChecksPolicyInput, input);
  return saveVersionFromDay({ ctx, input: { key: 'checks', effectiveFrom: form.effectiveFrom, value: toChecksPolicy(form), note: form.note } });
}
