import type { ScriptDefinition, ScriptOption, ScriptQuestion } from './definition';

/** Compact builders for the table-driven tests of lib/scripts (test-only). */
export const opt = (id: string, points: number, extra: Partial<ScriptOption> = {}): ScriptOption => ({ id, label: id, points, ...extra });

export const question = (id: string, type: ScriptQuestion['type'], options: ScriptOption[] = [], extra: Partial<ScriptQuestion> = {}): ScriptQuestion => ({
  id,
  type,
  text: `问题 ${id}`,
  required: true,
  options,
  ...extra,
});

export const rating = (points: [number, number, number, number, number]) => points.map((p, i) => opt(String(i + 1), p));

/**
 * identity 10 (no → ends: wrong person) · visited 30 (no → knock-out, jump to notes) · channel
 * compared with the visit type 20 · topics multiple (5 + 5 + 10, −1 for an unrelated answer, and a
 * knock-out) · satisfaction 0/5/10/15/20 · notes (optional text). Maximum 100.
 */
export function sampleDefinition(): ScriptDefinition {
  return {
    questions: [
      question('identity', 'yes_no', [opt('yes', 10), opt('no', 0, { end: 'wrong_person' })]),
      question('visited', 'yes_no', [opt('yes', 30), opt('no', 0, { knockOut: true, jump: 'notes' })]),
      question('channel', 'single', [opt('on_site', 0, { value: 'on_site' }), opt('phone', 0, { value: 'phone' }), opt('unsure', 0)], {
        compare: { field: 'visitType', points: 20 },
      }),
      question('topics', 'multiple', [opt('a', 5), opt('b', 5), opt('c', 10), opt('x', -1), opt('k', 0, { knockOut: true })], { required: false }),
      question('satisfaction', 'rating', rating([0, 5, 10, 15, 20])),
      question('notes', 'text', [], { required: false }),
    ],
  };
}
