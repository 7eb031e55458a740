import { z } from 'zod';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { isRealDay } from '@/lib/platform/time/zone';

/**
 * The dispute-rules form, shared by the browser (zodResolver) and the server action: the ranges
 * are the 'disputes' policy's own (lib/policy/definitions.ts), the attachment size is entered in
 * MB (MiB) and stored in bytes. The verb (lib/disputes/settings.ts saveDisputePolicy) checks the
 * same ranges again. Messages are `errors.*` catalogue keys.
 */
export const MIB = 1024 * 1024;
const shape = policyDefinitions.disputes.schema.shape;
const range = (s: { minValue: number | null; maxValue: number | null }) => ({ min: s.minValue ?? 0, max: s.maxValue ?? Number.MAX_SAFE_INTEGER });

export const FORM_RANGES = {
  windowDays: range(shape.windowDays),
  responseWorkingDays: range(shape.responseWorkingDays),
  maxAttachments: range(shape.maxAttachments),
  // Tenths of a MB; the smallest size the policy allows, rounded up to a tenth.
  maxAttachmentMb: { min: Math.max(0.1, Math.ceil(((shape.maxAttachmentBytes.minValue ?? 0) / MIB) * 10) / 10), max: (shape.maxAttachmentBytes.maxValue ?? 0) / MIB },
};


const whole = (r: { min: number; max: number }, code: string) => z.number(code).int(code).min(r.min, code).max(r.max, code);

export const disputeSettingsForm = z.object({
  effectiveFrom: z.string().refine(isRealDay, 'errors.disputeSettings.effectiveFromInvalid'),
  windowDays: whole(FORM_RANGES.windowDays, 'errors.disputeSettings.windowDaysRange'),
  responseWorkingDays: whole(FORM_RANGES.responseWorkingDays, 'errors.disputeSettings.responseWorkingDaysRange'),
  maxAttachments: whole(FORM_RANGES.maxAttachments, 'errors.disputeSettings.maxAttachmentsRange'),
  maxAttachmentMb: z
    .number('errors.disputeSettings.maxAttachmentSizeRange')
    .min(FORM_RANGES.maxAttachmentMb.min, 'errors.disputeSettings.maxAttachmentSizeRange')
    .max(FORM_RANGES.maxAttachmentMb.max, 'errors.disputeSettings.maxAttachmentSizeRange')
    .refine((mb) => Math.abs(mb * 10 - Math.round(mb * 10)) < 1e-9, 'errors.disputeSettings.maxAttachmentSizeStep'),
  note: z.string().trim().max(500, 'errors.disputeSettings.noteTooLong'),
});
export type DisputeSettingsFormInput = z.input<typeof disputeSettingsForm>;
export type DisputeSettingsFormValues = z.output<typeof disputeSettingsForm>;

export const toBytes = (mb: number) => Math.round(mb * MIB);
/** Bytes as MB to one decimal (what the form and the history show). */
export const toMb = (bytes: number) => Math.round((bytes / MIB) * 10) / 10;

export function toFormValues(value: PolicyValue<'disputes'>, effectiveFrom: string): DisputeSettingsFormInput {
  return {
    effectiveFrom,
    windowDays: value.windowDays,
    responseWorkingDays: value.responseWorkingDays,
    maxAttachments: value.maxAttachments,
    maxAttachmentMb: toMb(value.maxAttachmentBytes),
    note: '',
  };
}
