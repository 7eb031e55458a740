import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { MANUAL_NOTE_MIN } from '@/lib/callbacks/schemas';
import { CALL_OUTCOMES } from '@/lib/scripts/definition';

/**
 * Input schemas of the desk verbs. Client-safe (no server imports): the desk's form validates with
 * the same schemas before the server validates again. Messages are `errors.*` catalogue keys.
 * Whether answers fit the script version is checked by the verbs against that version.
 */
export const DESK_NOTES_MAX = 500;
/** More answers than any script can have questions (60) is a broken or hostile client. */
const MAX_ANSWER_KEYS = 100;

const taskId = idField('errors.notFound');
const notes = z.string().trim().max(DESK_NOTES_MAX, 'errors.callbacks.noteTooLong');
const answers = z
  .record(z.string().max(64, 'errors.desk.badAnswers'), z.unknown())
  .refine((a) => Object.keys(a).length <= MAX_ANSWER_KEYS, 'errors.desk.badAnswers');

export const deskTaskInput = z.object({ taskId });
export type DeskTaskInput = z.input<typeof deskTaskInput>;

/** The answers given so far and the wrap-up notes, saved as they are given. */
export const saveDraftFields = z.object({ answers: answers.default({}), notes: notes.default('') });
export const saveDraftInput = saveDraftFields.extend({ taskId });
export type SaveDraftInput = z.input<typeof saveDraftInput>;

/**
 * How the attempt ended, with the script's answers. `attemptNo` is the attempt the desk showed
 * (optional: the server knows it) — the idempotency key, so a second submit of the same attempt
 * answers with what the first stored. `appointmentAt` is an instant (ISO) or a local
 * 'YYYY-MM-DDTHH:mm' from the form. A manual call needs a note saying why there is no call record.
 * The fields are what the route's body carries (the callback is the path's).
 */
export const submitCallbackFields = z.object({
  attemptNo: z.coerce.number().int().min(1).max(1000).optional(),
  outcome: z.enum(CALL_OUTCOMES, 'errors.callbacks.outcomeRequired'),
  answers: answers.default({}),
  notes: notes.default(''),
  appointmentAt: z.string().trim().max(40).optional().nullable(),
  /** 人工拨打: dialled from a desk phone while the telephony was down (the calling rules must allow it). */
  manual: z.boolean().default(false),
});
export const submitCallbackInput = submitCallbackFields
  .extend({ taskId })
  .refine((v) => !v.manual || v.notes.length >= MANUAL_NOTE_MIN, { path: ['notes'], message: 'errors.callbacks.manualNoteRequired' });
export type SubmitCallbackInput = z.input<typeof submitCallbackInput>;
