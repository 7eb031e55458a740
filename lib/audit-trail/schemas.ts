import { z } from 'zod';
import { blank } from '@/lib/platform/core/parse-input';
import { idSchema } from '@/lib/platform/core/ids';
import { isRealDay } from '@/lib/platform/time/zone';

/**
 * Input of the audit trail's verbs. The list's filters come from the page's address (a GET form),
 * so an empty field means "no filter". Messages are `errors.*` catalogue keys.
 */
const day = z.string().refine(isRealDay, 'errors.invalidValue');

export const listAuditEntriesInput = z
  .object({
    actorId: blank(idSchema),
    /** A kind of record (audit_log.entity_type); the catalogue's or any other the log holds. */
    entityType: blank(z.string().regex(/^[a-z_]{1,40}$/, 'errors.invalidValue')),
    /** One record (with its type): uuids, or a policy version 'key@n', a month, a queue name. */
    entityId: blank(z.string().trim().max(100, 'errors.invalidValue')),
    action: blank(z.string().regex(/^[a-zA-Z_]{1,40}\.[a-zA-Z_]{1,60}$/, 'errors.invalidValue')),
    /** Days 'YYYY-MM-DD' in the app's time zone, both included. */
    from: blank(day),
    to: blank(day),
    page: blank(z.coerce.number().int().min(1).max(100_000)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'errors.invalidValue' });
export type ListAuditEntriesInput = z.input<typeof listAuditEntriesInput>;

/** The records whose trail their manager (and their supervisor) may read: the manager's own records. */
export const TRAIL_RECORD_TYPES = ['visit', 'dispute'] as const;
export type TrailRecordType = (typeof TRAIL_RECORD_TYPES)[number];

export const recordTrailInput = z.object({
  entityType: z.enum(TRAIL_RECORD_TYPES, 'errors.invalidValue'),
  entityId: idSchema,
});
export type RecordTrailInput = z.input<typeof recordTrailInput>;
