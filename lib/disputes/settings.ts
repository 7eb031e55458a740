import { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { addDays, localDay } from '@/lib/calling/calendar';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ValidationError } from '@/lib/platform/core/errors';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { policySettingsView, savePolicyVersion } from '@/lib/policy/policies';
import { parseInput } from '@/lib/platform/core/parse-input';
import { isRealDay } from '@/lib/platform/time/zone';

/**
 * 申诉规则: the 'disputes' policy — how long a manager may dispute after a verdict is published,
 * how many working days the department has to answer, and the attachments allowed — versioned and
 * effective from a day, like the calling rules. The settings page reads the version in force, one
 * scheduled later and the history; a new version takes effect today or later, never in the past.
 * Every value is checked with a message at its field (the form shows each range beside it);
 * nothing is saved when one is out of range.
 */

export type DisputePolicy = PolicyValue<'disputes'>;

const MIB = 1024 * 1024;
const shape = policyDefinitions.disputes.schema.shape;

/** The allowed range of each value, from the policy's own definition (sizes in bytes). */
export const DISPUTE_POLICY_RANGES = {
  windowDays: { min: shape.windowDays.minValue ?? 1, max: shape.windowDays.maxValue ?? 60 },
  responseWorkingDays: { min: shape.responseWorkingDays.minValue ?? 1, max: shape.responseWorkingDays.maxValue ?? 30 },
  maxAttachments: { min: shape.maxAttachments.minValue ?? 0, max: shape.maxAttachments.maxValue ?? 20 },
  maxAttachmentBytes: { min: shape.maxAttachmentBytes.minValue ?? 1024, max: shape.maxAttachmentBytes.maxValue ?? 50 * MIB },
} as const;


const whole = (key: keyof typeof DISPUTE_POLICY_RANGES, code: string) =>
  z.number(code).int(code).min(DISPUTE_POLICY_RANGES[key].min, code).max(DISPUTE_POLICY_RANGES[key].max, code);

export const saveDisputePolicyInput = z.object({
  effectiveFrom: z.string(`errors.disputeSettings.effectiveFromInvalid`).refine(isRealDay, 'errors.disputeSettings.effectiveFromInvalid'),
  windowDays: whole('windowDays', 'errors.disputeSettings.windowDaysRange'),
  responseWorkingDays: whole('responseWorkingDays', 'errors.disputeSettings.responseWorkingDaysRange'),
  maxAttachments: whole('maxAttachments', 'errors.disputeSettings.maxAttachmentsRange'),
  maxAttachmentBytes: whole('maxAttachmentBytes', 'errors.disputeSettings.maxAttachmentSizeRange'),
  note: z.string().trim().max(500, 'errors.disputeSettings.noteTooLong').default(''),
});
export type SaveDisputePolicyInput = z.input<typeof saveDisputePolicyInput>;

/** The settings page: the version in force today, one scheduled later, and every version. */
export async function getDisputeSettings({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const timeZone = env().APP_TIMEZONE;
  const today = localDay(ctx.now(), timeZone);
  return { today, tomorrow: addDays(today, 1), timeZone, ...(await policySettingsView(ctx.db, 'disputes', today)), ranges: DISPUTE_POLICY_RANGES };
}

/**
 * Saves a new version of the dispute rules effective from a day (today or later: a dispute filed
 * on a past day keeps the window and deadline that applied then).
 */
export async function saveDisputePolicy({ ctx, input }: { ctx: Ctx; input: SaveDisputePolicyInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const form = parseInput(saveDisputePolicyInput, input);
  const today = localDay(ctx.now(), env().APP_TIMEZONE);
  if (form.effectiveFrom < today) throw ValidationError.field('effectiveFrom', 'disputeSettings.effectiveInPast', { today });
  const value: DisputePolicy = {
    windowDays: form.windowDays,
    responseWorkingDays: form.responseWorkingDays,
    maxAttachments: form.maxAttachments,
    maxAttachmentBytes: form.maxAttachmentBytes,
  };
  return savePolicyVersion({ ctx, input: { key: 'disputes', effectiveFrom: form.effectiveFrom, value, note: form.note } });
}
