import { z } from 'zod';
import { idField, idSchema } from '@/lib/platform/core/ids';
import { CHECK_IN_METHODS, checkInIssues, VISIT_TYPES } from './rules';

/**
 * Input schemas of the visit verbs. Free of server imports: the report form validates in the
 * browser with the very same schema (zodResolver) before the server validates again.
 */
/** What <input type="datetime-local"> sends: a wall-clock time in APP_TIMEZONE, no offset. */
const LOCAL_DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;

/** The longest visit purpose and summary (characters), shown under the fields as they are typed. */
export const MAX_PURPOSE = 500;
export const MAX_SUMMARY = 4000;

export const CONTACT_ROLES = ['key_person', 'liaison'] as const;
export const MAX_CONTACTS_PER_VISIT = 20;

export const monthSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'errors.visits.monthInvalid');

/** Blank form fields and query parameters mean "not given". */
const blankAsUndefined = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

/** Number inputs arrive as text; blank means "no coordinate". */
const coordinate = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : typeof v === 'string' ? Number(v.trim()) : v),
  z.number('errors.invalidValue').nullable(),
);

export const newContactInput = z.object({
  name: z.string().trim().min(1, 'errors.required').max(64, 'errors.visits.tooLong'),
  title: z.string().trim().max(64, 'errors.visits.tooLong').default(''),
  role: z.enum(CONTACT_ROLES, 'errors.invalidValue'),
  phone: z.string().trim().min(1, 'errors.required').max(40, 'errors.visits.tooLong'),
});
export type NewContactInput = z.infer<typeof newContactInput>;

export const visitReportInput = z
  .object({
    customerId: idSchema,
    contactIds: z.array(idSchema).max(MAX_CONTACTS_PER_VISIT, 'errors.visits.tooManyContacts').default([]),
    newContacts: z.array(newContactInput).max(MAX_CONTACTS_PER_VISIT, 'errors.visits.tooManyContacts').default([]),
    type: z.enum(VISIT_TYPES, 'errors.required'),
    visitedAt: z.string().trim().min(1, 'errors.required').regex(LOCAL_DATETIME_RE, 'errors.visits.visitedAtInvalid'),
    checkInMethod: z.enum(CHECK_IN_METHODS, 'errors.invalidValue').default('none'),
    checkInLatitude: coordinate.optional(),
    checkInLongitude: coordinate.optional(),
    purpose: z.string().trim().min(1, 'errors.required').max(MAX_PURPOSE, 'errors.visits.tooLong'),
    summary: z.string().trim().max(MAX_SUMMARY, 'errors.visits.tooLong').default(''),
  })
  .superRefine((value, ctx) => {
    // DOMAIN rule 3: every visit is with someone on file (or added to the file now).
    if (value.contactIds.length + value.newContacts.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['contactIds'], message: 'errors.visits.contactRequired' });
    }
    for (const issue of checkInIssues(value.checkInMethod, value.checkInLatitude, value.checkInLongitude)) {
      ctx.addIssue({ code: 'custom', path: [issue.field], message: `errors.visits.${issue.code}` });
    }
  });
export type VisitReportInput = z.input<typeof visitReportInput>;
export type VisitReportValues = z.output<typeof visitReportInput>;

const lateFilter = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const listVisitsInput = z.object({
  month: blankAsUndefined(monthSchema),
  managerId: blankAsUndefined(idSchema),
  customerId: blankAsUndefined(idSchema),
  type: blankAsUndefined(z.enum(VISIT_TYPES, 'errors.invalidValue')),
  late: blankAsUndefined(lateFilter),
  /** 超期补报 by state ('pending': waiting for staff). */
  backfill: blankAsUndefined(z.enum(['pending', 'approved', 'rejected'], 'errors.invalidValue')),
  /** The verdict in force as the actor sees it ('pending': none visible yet, or 待核实). */
  verdict: blankAsUndefined(z.enum(['valid', 'invalid', 'unverified', 'pending'], 'errors.invalidValue')),
  q: blankAsUndefined(z.string().trim().max(100, 'errors.visits.tooLong')),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListVisitsInput = z.input<typeof listVisitsInput>;

export const getVisitInput = z.object({ id: idSchema });

export const visitIdInput = z.object({ visitId: idField('errors.notFound') });
