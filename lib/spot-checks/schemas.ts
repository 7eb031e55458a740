import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';

/**
 * Input schemas of the spot-check results' verbs, apart from the verbs so the browser's forms use
 * the same schema (zodResolver) without the server code. Messages are `errors.*` catalogue keys.
 */

/** Clearing a 建议调离 flag: the reason is required (it stays on the flag and in the audit log). */
export const clearManagerFlagInput = z.object({
  flagId: idSchema,
  reason: z
    .string('errors.spotCheckResults.clearReasonRequired')
    .trim()
    .min(1, 'errors.spotCheckResults.clearReasonRequired')
    .max(500, 'errors.spotCheckResults.clearReasonTooLong'),
});
export type ClearManagerFlagInput = z.input<typeof clearManagerFlagInput>;
