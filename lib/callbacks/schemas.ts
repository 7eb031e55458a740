import { z } from 'zod';
import { idField } from '@/lib/platform/core/ids';
import { CALL_OUTCOMES } from '@/lib/calling/outcomes';

/** Input schemas of the callback verbs; messages are `errors.*` catalogue keys. */
export const RELEASE_REASONS = ['break', 'end_of_shift', 'technical', 'not_mine', 'other'] as const;
export type ReleaseReason = (typeof RELEASE_REASONS)[number];

const taskId = idField('errors.notFound');
/** A manual call's note says why there is no call record: more than a word. */
export const MANUAL_NOTE_MIN = 10;
const note = z.string().trim().max(500, 'errors.callbacks.noteTooLong');

export const taskIdInput = z.object({ taskId });

/** A put-back's fields, as the desk's route receives them (the callback is the path's). */
export const releaseFields = z.object({ reason: z.enum(RELEASE_REASONS, 'errors.callbacks.reasonRequired'), note: note.default('') });
export const releaseInput = releaseFields
  .extend({ taskId })
  .refine((v) => v.reason !== 'other' || v.note.length > 0, { path: ['note'], message: 'errors.callbacks.noteRequired' });
export type ReleaseInput = z.input<typeof releaseInput>;

/**
 * One attempt's result. `attemptNo` is the attempt the desk showed (attempts so far + 1): a
 * second submit of the same attempt is answered with the first one's result instead of counting
 * twice. `appointmentAt` is an instant (ISO) or a local 'YYYY-MM-DDTHH:mm' from the form.
 */
export const recordOutcomeFields = z.object({
  attemptNo: z.coerce.number().int().min(1).max(1000),
  outcome: z.enum(CALL_OUTCOMES, 'errors.callbacks.outcomeRequired'),
  appointmentAt: z.string().trim().max(40).optional().nullable(),
  notes: note.default(''),
  /** 人工拨打: dialled from a desk phone, no call record (only when the calling rules allow it). */
  manual: z.boolean().default(false),
});
export const recordOutcomeInput = recordOutcomeFields
  .extend({ taskId })
  .refine((v) => !v.manual || v.notes.length >= MANUAL_NOTE_MIN, { path: ['notes'], message: 'errors.callbacks.manualNoteRequired' });
export type RecordOutcomeInput = z.input<typeof recordOutcomeInput>;

export const pullBackInput = z.object({ taskId, reason: z.string().trim().min(1, 'errors.callbacks.reasonRequired').max(500, 'errors.callbacks.noteTooLong') });
export type PullBackInput = z.input<typeof pullBackInput>;

export const pauseInput = z.object({ reason: z.string().trim().min(1, 'errors.callbacks.reasonRequired').max(500, 'errors.callbacks.noteTooLong') });
export const resumeInput = z.object({ reason: z.string().trim().max(500, 'errors.callbacks.noteTooLong').default('') });
export type PauseInput = z.input<typeof pauseInput>;
export type ResumeInput = z.input<typeof resumeInput>;

/**
 * "Take next" may first finish the agent's current callback — with an outcome, or put back —
 * so a desk (or softphone) moves on in one request: the usual "save and next" of a call centre.
 */
export const takeNextInput = z
  .object({ finish: recordOutcomeInput.optional(), release: releaseInput.optional() })
  .refine((v) => !(v.finish && v.release), { path: ['release'], message: 'errors.invalidValue' });
export type TakeNextInput = z.input<typeof takeNextInput>;
