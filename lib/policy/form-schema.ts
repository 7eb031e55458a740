import { z } from 'zod';
import { isRealDay } from '@/lib/platform/time/zone';

/**
 * The parts every policy settings form shares (the browser checks with them through zodResolver,
 * the server action and the verb again): the day a new version takes effect, the note, and whole
 * numbers within the policy's own range. Messages are `errors.*` catalogue keys. Free of server
 * imports.
 */
// A type (not an interface) so a range can fill a message's {min} and {max} as it is.
export type Range = { min: number; max: number };

/** A number field's range as the policy's zod schema declares it. */
export const rangeOf = (s: { minValue: number | null; maxValue: number | null }): Range => ({ min: s.minValue ?? 0, max: s.maxValue ?? Number.MAX_SAFE_INTEGER });

export const effectiveFromField = z.string('errors.policySettings.effectiveFromInvalid').refine(isRealDay, 'errors.policySettings.effectiveFromInvalid');
export const noteField = z.string().trim().max(500, 'errors.policySettings.noteTooLong').default('');

/** A whole number within a range; `code` says which range the field has (shown beside it). */
export const wholeIn = (r: Range, code: string) => z.number(code).int(code).min(r.min, code).max(r.max, code);
export const numberIn = (r: Range, code: string) => z.number(code).min(r.min, code).max(r.max, code);

/** Local 'HH:mm' (what <input type="time"> gives). */
export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
