'use server';

import { ValidationError } from '@/lib/platform/core/errors';
import { saveDisputePolicy } from '@/lib/disputes/settings';
import { defineAction } from '@/lib/web/safe-action';
import { disputeSettingsForm, toBytes } from './form-schema';

export const saveDisputePolicyAction = defineAction({ schema: disputeSettingsForm, roles: ['staff', 'admin'] }, async (ctx, input) => {
  try {
    const saved = await saveDisputePolicy({
      ctx,
      input: {
        effectiveFrom: input.effectiveFrom,
        windowDays: input.windowDays,
        responseWorkingDays: input.responseWorkingDays,
        maxAttachments: input.maxAttachments,
        maxAttachmentBytes: toBytes(input.maxAttachmentMb),
        note: input.note,
      },
    });
    return { version: saved.version, effectiveFrom: saved.effectiveFrom };
  } catch (error) {
    // The verb speaks of bytes; the form's field is in MB.
    if (error instanceof ValidationError) {
      throw new ValidationError(error.issues.map((i) => (i.field === 'maxAttachmentBytes' ? { ...i, field: 'maxAttachmentMb' } : i)), error.code, error.params);
    }
    throw error;
  }
});
