import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';
import { scriptDefinitionSchema } from './definition';

/**
 * Input schemas of the script verbs. Free of server imports so the editor validates in the
 * browser with the same schemas (zodResolver) before the server validates again.
 */

export const CUSTOMER_CLASSES = ['A', 'B', 'C', 'D'] as const;
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];
/** Verification's slots: one per class and the default (used for a class without its own). */
export const VERIFICATION_SLOTS = [...CUSTOMER_CLASSES, 'default'] as const;
/**
 * Every assignment slot: verification's, and spot checks' one (电话抽查, whatever the class: it
 * asks about a planned day, not a report, so a verification script does not fit it).
 */
export const ASSIGNMENT_SLOTS = [...VERIFICATION_SLOTS, 'spotCheck'] as const;
export type AssignmentSlot = (typeof ASSIGNMENT_SLOTS)[number];
/** Slots that must always name a script (a callback of theirs would have none to fall back on). */
export const REQUIRED_SLOTS: readonly AssignmentSlot[] = ['default', 'spotCheck'];

/** The campaign kind (lib/campaigns) as `script_assignments.kind` stores it. */
export type SlotKind = 'verification' | 'spot_check';

/** Where a slot is stored in `script_assignments`: its kind and customer class (null: the kind's own row). */
export function slotTarget(slot: AssignmentSlot): { kind: SlotKind; customerClass: CustomerClass | null } {
  if (slot === 'spotCheck') return { kind: 'spot_check', customerClass: null };
  return { kind: 'verification', customerClass: slot === 'default' ? null : slot };
}

/** The slot a stored assignment fills (null: a row no slot shows, e.g. a spot-check row with a class). */
export function slotOf(row: { kind: SlotKind; customerClass: CustomerClass | null }): AssignmentSlot | null {
  if (row.kind === 'spot_check') return row.customerClass === null ? 'spotCheck' : null;
  return row.customerClass ?? 'default';
}

const name = z.string().trim().min(1, 'errors.required').max(100, 'errors.scripts.tooLong');
const description = z.string().trim().max(500, 'errors.scripts.tooLong');

/** What a new script starts as: empty, or a copy of a shipped one (standard, blind, spot check). */
export const SCRIPT_TEMPLATES = ['empty', 'standard', 'blind', 'spotCheck'] as const;
export type ScriptTemplate = (typeof SCRIPT_TEMPLATES)[number];

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
  /** '' removes a class's own assignment (the default then applies); the default and spot checks' cannot be removed. */
  scriptId: z.union([z.literal(''), idSchema]),
});
export type AssignScriptInput = z.infer<typeof assignScriptInput>;
