import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';
import { scriptDefinitionSchema } from './definition';

/**
 * Input schemas of the script verbs. Free of server imports so the editor validates in the
 * browser with the same schemas (zodResolver) before the server validates again.
 */

export const CUSTOMER_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];
/** The assignment slots: one per class and the default (used for a class without its own). */
export const ASSIGNMENT_SLOTS = [...CUSTOMER_CLASSES, 'default'] as const;
export type AssignmentSlot = (typeof ASSIGNMENT_SLOTS)[number];

const name = z.string().trim().min(1, 'errors.required').max(100, 'errors.scripts.tooLong');
const description = z.string().trim().max(500, 'errors.scripts.tooLong');

export const createScriptInput = z.object({
  name,
  description: description.optional(),
  blind: z.boolean().optional(),
});
export type CreateScriptInput = z.infer<typeof createScriptInput>;

export const scriptIdInput = z.object({ scriptId: idSchema });
export type ScriptIdInput = z.infer<typeof scriptIdInput>;

export const versionIdInput = z.object({ versionId: idSchema });
export type VersionIdInput = z.infer<typeof versionIdInput>;

/** The editor's form: the draft's flow plus its blind flag, name and description. */
export const draftFormSchema = scriptDefinitionSchema.extend({
  name,
  description,
  blind: z.boolean(),
});
export type DraftForm = z.infer<typeof draftFormSchema>;

export const saveDraftInput = draftFormSchema.extend({ scriptId: idSchema });
export type SaveDraftInput = z.infer<typeof saveDraftInput>;

export const assignScriptInput = z.object({
  slot: z.enum(ASSIGNMENT_SLOTS),
  /** '' removes a class's own assignment (the default then applies); the default cannot be removed. */
  scriptId: z.union([z.literal(''), idSchema]),
});
export type AssignScriptInput = z.infer<typeof assignScriptInput>;
