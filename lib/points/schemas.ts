import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { monthSchema } from '@/lib/platform/time/month-window';

/** A manager's points ledger: whose (a manager sees their own) and which month. */
export const ledgerInput = z.object({
  managerId: idField('errors.notFound').optional(),
  month: monthSchema.optional(),
});
