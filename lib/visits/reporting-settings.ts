import { assertRole } from '@/lib/auth/guards';
import { addDays, localDay } from '@/lib/calling/calendar';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ValidationError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import type { PolicyValue } from '@/lib/policy/definitions';
import { policySettingsView, savePolicyVersion } from '@/lib/policy/policies';
import { REPORTING_RANGES, saveReportingPolicyInput, type SaveReportingPolicyInput } from './reporting-settings-schema';

/**
 * 填报规则: the 'reporting' policy, versioned and effective from a day like the dispute and calling
 * rules. The deadline and the contacts rule apply by the visit's day; the 超期补报 choice applies to
 * reports filed from the day it takes effect. A new version takes effect today or later.
 */
export type ReportingPolicy = PolicyValue<'reporting'>;

/** The settings page: the version in force today, one scheduled later, and every version. */
export async function getReportingSettings({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const timeZone = env().APP_TIMEZONE;
  const today = localDay(ctx.now(), timeZone);
  return { today, tomorrow: addDays(today, 1), timeZone, ...(await policySettingsView(ctx.db, 'reporting', today)), ranges: REPORTING_RANGES };
}

export async function saveReportingPolicy({ ctx, input }: { ctx: Ctx; input: SaveReportingPolicyInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const form = parseInput(saveReportingPolicyInput, input);
  const today = localDay(ctx.now(), env().APP_TIMEZONE);
  // A report filed on a past day was judged by the rules of that day; those stay as they were.
  if (form.effectiveFrom < today) throw ValidationError.field('effectiveFrom', 'reportingSettings.effectiveInPast', { today });
  const value: ReportingPolicy = { reportDeadlineHours: form.reportDeadlineHours, minContactsAB: form.minContactsAB, lateBackfill: form.lateBackfill };
  return savePolicyVersion({ ctx, input: { key: 'reporting', effectiveFrom: form.effectiveFrom, value, note: form.note } });
}
