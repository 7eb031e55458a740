import { z } from 'zod';
import { monthSchema } from '@/lib/platform/time/month-window';
import { idField } from '@/lib/platform/core/ids';

/** Input schemas of the assessment verbs; messages are `errors.*` catalogue keys. */

export const closeMonthInput = z.object({ month: monthSchema });
export type CloseMonthInput = z.input<typeof closeMonthInput>;

export const REPORT_SORTS = [
  'manager',
  'unit',
  'claimedCustomers',
  'required',
  'done',
  'coverageRate',
  'sampled',
  'valid',
  'invalid',
  'unverified',
  'validRate',
  'onTimeRate',
  'points',
  'score',
  'spotCheckRate',
  'spotCheckFindings',
  'spotCheckYuan',
] as const;
export const GRADES = ['excellent', 'good', 'fair', 'poor', 'seriously_below'] as const;
/** The report's grade filter: a grade, or no grade (样本不足, stored as NO_GRADE). */
export const GRADE_FILTERS = [...GRADES, 'insufficient_sample'] as const;

export const monthReportInput = z.object({
  month: monthSchema,
  /** A close version; default the latest. */
  version: z.coerce.number().int().min(1).optional(),
  unitId: idField('errors.invalidValue').optional(),
  grade: z.enum(GRADE_FILTERS, 'errors.invalidValue').optional(),
  /** Only managers whose coverage fell short. */
  coverageFailed: z.enum(['yes', 'no'], 'errors.invalidValue').optional(),
  q: z.string().trim().max(50, 'errors.invalidValue').optional(),
  sort: z.enum(REPORT_SORTS, 'errors.invalidValue').default('manager'),
  dir: z.enum(['asc', 'desc'], 'errors.invalidValue').default('asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export type MonthReportInput = z.input<typeof monthReportInput>;

export const closeChangesInput = z.object({ month: monthSchema, version: z.coerce.number().int().min(1) });

export const monthInput = z.object({ month: monthSchema });

export const myMonthInput = z.object({ month: monthSchema.optional() });

