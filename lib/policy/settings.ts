import { assertRole } from '@/lib/auth/guards';
import { addDays, localDay } from '@/lib/calling/calendar';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ValidationError } from '@/lib/platform/core/errors';
import type { PolicyKey, PolicyValue } from './definitions';
import { policySettingsView, savePolicyVersion } from './policies';

/**
 * What every versioned-policy settings page loads (staff and admin): today and tomorrow in
 * APP_TIMEZONE (a new version is effective from tomorrow by default), the version in force, the
 * one scheduled later and the history.
 */
export async function policySettingsOf<K extends PolicyKey>({ ctx, key }: { ctx: Ctx; key: K }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const timeZone = env().APP_TIMEZONE;
  const today = localDay(ctx.now(), timeZone);
  return { today, tomorrow: addDays(today, 1), timeZone, ...(await policySettingsView(ctx.db, key, today)) };
}

/**
 * Saves a new version from a settings form, effective today or later: what was in force on a past
 * day stays as it was (a closed month was assessed under it).
 */
export async function saveVersionFromDay<K extends PolicyKey>({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { key: K; effectiveFrom: string; value: PolicyValue<K>; note?: string };
}) {
  assertRole(ctx.actor, 'staff', 'admin');
  const today = localDay(ctx.now(), env().APP_TIMEZONE);
  if (input.effectiveFrom < today) throw ValidationError.field('effectiveFrom', 'policySettings.effectiveInPast', { today });
  return savePolicyVersion({ ctx, input });
}
