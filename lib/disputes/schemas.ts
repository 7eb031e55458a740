import { z } from 'zod';
import { blank } from '@/lib/platform/core/parse-input';
import { idSchema } from '@/lib/platform/core/ids';

/**
 * Input schemas of the dispute verbs (申诉). Free of server imports so the forms validate in the
 * browser with the same schema (zodResolver) before the server validates again. Messages are
 * `errors.*` catalogue keys.
 */
const id = idSchema;

export const DISPUTE_STATES = ['open', 'under_review', 'upheld', 'overturned', 'withdrawn'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];
/** What of a visit may be disputed (the visit page's form): its verdict, or one data-check finding. */
export const DISPUTE_SUBJECTS = ['verdict', 'finding'] as const;
export type DisputeSubject = (typeof DISPUTE_SUBJECTS)[number];
/** Every subject a dispute may have: a visit's (above), or a spot-check finding (电话抽查发现未拜访). */
export const DISPUTE_SUBJECT_KINDS = [...DISPUTE_SUBJECTS, 'spot_check'] as const;
export type DisputeSubjectKind = (typeof DISPUTE_SUBJECT_KINDS)[number];
export const DISPUTE_DECISIONS = ['upheld', 'overturned'] as const;
export type DisputeDecision = (typeof DISPUTE_DECISIONS)[number];

export const MIN_REASON_LENGTH = 10;
export const MAX_REASON_LENGTH = 2000;
export const MAX_COMMENT_LENGTH = 2000;

/** Why the manager disputes, whatever the subject. */
const reasonInput = z
  .string()
  .trim()
  .min(1, 'errors.required')
  .min(MIN_REASON_LENGTH, 'errors.disputes.reasonTooShort')
  .max(MAX_REASON_LENGTH, 'errors.disputes.reasonTooLong');

/** The text fields of a new dispute (the form's schema; files are checked by the verb). */
export const disputeFormInput = z
  .object({
    visitId: id,
    subject: z.enum(DISPUTE_SUBJECTS, 'errors.invalidValue'),
    /** The finding contested, when subject is 'finding'. */
    findingCode: z.string().trim().max(64).optional(),
    reason: reasonInput,
  })
  .refine((v) => v.subject !== 'finding' || (v.findingCode ?? '') !== '', { path: ['findingCode'], message: 'errors.required' });
export type DisputeFormInput = z.input<typeof disputeFormInput>;

/** A file as uploaded: its name on the manager's machine and its bytes (type is read from them). */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export type FileDisputeInput = DisputeFormInput & { attachments: UploadedFile[] };

/** The text fields of a dispute of a spot-check finding (电话抽查发现未拜访): the checked customer and why. */
export const spotCheckDisputeFormInput = z.object({ spotCheckItemId: id, reason: reasonInput });
export type SpotCheckDisputeFormInput = z.input<typeof spotCheckDisputeFormInput>;
export type FileSpotCheckDisputeInput = SpotCheckDisputeFormInput & { attachments: UploadedFile[] };
export const spotCheckItemIdInput = z.object({ spotCheckItemId: id });

export const disputeIdInput = z.object({ disputeId: id });
export type DisputeIdInput = z.input<typeof disputeIdInput>;

export const decideDisputeInput = z.object({
  disputeId: id,
  decision: z.enum(DISPUTE_DECISIONS, 'errors.invalidValue'),
  comment: z.string().trim().min(1, 'errors.disputes.commentRequired').max(MAX_COMMENT_LENGTH, 'errors.disputes.commentTooLong'),
});
export type DecideDisputeInput = z.input<typeof decideDisputeInput>;

export const visitIdInput = z.object({ visitId: id });
export const attachmentIdInput = z.object({ attachmentId: id });

export const DISPUTE_STATE_FILTERS = ['active', 'all', ...DISPUTE_STATES] as const;
export const listDisputesInput = z.object({
  /** 'active' = open or under review (the default). */
  state: blank(z.enum(DISPUTE_STATE_FILTERS, 'errors.invalidValue')),
  /** Only those past the department's response deadline and still undecided. */
  overdue: blank(z.coerce.boolean()),
  month: blank(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'errors.invalidValue')),
  managerId: blank(id),
  page: blank(z.coerce.number().int().min(1).max(100_000)),
});
export type ListDisputesInput = z.input<typeof listDisputesInput>;
