import { z } from 'zod';
import { idField, idSchema } from '@/lib/platform/core/ids';

/*
 * Input schemas for the claim verbs (client-safe: no database imports).
 * The reassign form sends the effective time as typed in <input type=datetime-local>; the verb
 * reads that wall-clock time in APP_TIMEZONE, which the browser does not know.
 */
export const reassignCustomerInput = z.object({
  customerId: idSchema,
  managerId: idField('errors.claims.unknownManager'),
  effectiveFrom: z.union([z.date(), z.string().trim().min(1, 'errors.required')]),
  note: z.string().trim().max(500, 'errors.claims.noteTooLong').default(''),
});
export type ReassignCustomerInput = z.input<typeof reassignCustomerInput>;

export const claimHistoryInput = z.object({ customerId: z.string() });
export type ClaimHistoryInput = z.infer<typeof claimHistoryInput>;
