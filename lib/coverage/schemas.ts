import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { monthSchema } from '@/lib/platform/time/month-window';

/** 覆盖进度 (the coverage progress list): its filters. */
export const progressInput = z.object({
  month: monthSchema,
  unitId: idField('errors.invalidValue').optional(),
  q: z.string().trim().max(50, 'errors.invalidValue').optional(),
  onlyGaps: z.enum(['yes', 'no'], 'errors.invalidValue').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
