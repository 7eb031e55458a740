import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ValidationError } from '@/lib/platform/core/errors';
import { listPolicyVersions, policyInForce, savePolicyVersion } from '@/lib/policy/policies';
import { policyDefinitions } from '@/lib/policy/definitions';
import { dayOf, monthOf } from '@/lib/platform/time/zone';
import { saveSamplingPolicyInput, type SaveSamplingPolicyInput } from './schemas';
import type { SamplingPolicy } from './rules';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * The settings page: the version in force today, the versions saved to take effect later
 * (soonest first), every version (newest effective first), today's day and month.
 */
export async function getSamplingSettings({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const timeZone = env().APP_TIMEZONE;
  const today = dayOf(ctx.now(), timeZone);
  const [inForce, versions] = await Promise.all([policyInForce(ctx.db, 'sampling', today), listPolicyVersions(ctx.db, 'sampling')]);
  const all = versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      createdAt: v.createdAt,
      note: v.note,
      // Stored values are merged over defaults, as policyInForce reads them.
      value: { ...policyDefinitions.sampling.defaults, ...v.value } as SamplingPolicy,
      inForce: v.version === inForce.version,
      scheduled: v.effectiveFrom > today,
    }));
  return {
    today,
    thisMonth: monthOf(ctx.now(), timeZone),
    inForce,
    scheduled: all.filter((v) => v.scheduled).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)),
    versions: all,
  };
}

/**
 * Saves a new version of the sampling policy, effective from a day (today or later: decisions
 * already taken keep the version they were taken with, and the past is not rewritten). Every
 * value is checked with a message at its field; nothing is saved when one is out of range.
 */
export async function saveSamplingPolicy({ ctx, input }: { ctx: Ctx; input: SaveSamplingPolicyInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const { effectiveFrom, policy, note } = parseInput(saveSamplingPolicyInput, input);
  const today = dayOf(ctx.now(), env().APP_TIMEZONE);
  if (Number.isNaN(Date.parse(`${effectiveFrom}T00:00:00Z`))) throw ValidationError.field('effectiveFrom', 'sampling.dayInvalid');
  if (effectiveFrom < today) throw ValidationError.field('effectiveFrom', 'sampling.effectiveInPast', { today });
  try {
    return await savePolicyVersion({ ctx, input: { key: 'sampling', effectiveFrom, value: policy, note } });
  } catch (error) {
    // The policy's own check names fields without the form's "policy." prefix.
    if (error instanceof ValidationError) {
      throw new ValidationError(error.issues.map((i) => (i.field === 'effectiveFrom' ? i : { ...i, field: `policy.${i.field}` })), error.code, error.params);
    }
    throw error;
  }
}
