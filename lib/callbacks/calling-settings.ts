import { assertRole } from '@/lib/auth/guards';
import { addDays, localDay } from '@/lib/calling/calendar';
import type { Ctx } from '@/lib/platform/core/context';
import { ValidationError } from '@/lib/platform/core/errors';
import { policySettingsView, savePolicyVersion } from '@/lib/policy/policies';
import { env } from '@/lib/platform/config/env';
import { callingForm, toPolicyValue, type CallingFormInput } from './calling-form';
import { parseInput } from '@/lib/platform/core/parse-input';

/** The calling rules page: the version in force today, a version scheduled later, and the history. */
export async function getCallingSettings({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const tz = env().APP_TIMEZONE;
  const today = localDay(ctx.now(), tz);
  return { today, tomorrow: addDays(today, 1), timeZone: tz, ...(await policySettingsView(ctx.db, 'calling', today)) };
}

/**
 * Saves a new version of the calling rules from the settings form. It may take effect today
 * (calling hours are changed for the day at hand) or later, never in the past: what was in force
 * on a past day must stay what it was.
 */
export async function saveCallingPolicy({ ctx, input }: { ctx: Ctx; input: CallingFormInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const form = parseInput(callingForm, input);
  const today = localDay(ctx.now(), env().APP_TIMEZONE);
  if (form.effectiveFrom < today) throw ValidationError.field('effectiveFrom', 'calling.effectiveInPast', { today });
  return savePolicyVersion({ ctx, input: { key: 'calling', effectiveFrom: form.effectiveFrom, value: toPolicyValue(form), note: form.note } });
}
