import { QUESTION_TYPES, type ScriptDefinition, type ScriptOption, type ScriptQuestion } from '@/lib/scripts/definition';

/**
 * The editor's form values as a definition, whatever state they are in (a blank points field is
 * NaN, a half-typed id is kept): the live validation panel and the preview run on it while the
 * form's own schema marks the fields to fix.
 */
export function coerceDefinition(raw: unknown): ScriptDefinition {
  const value = (raw ?? {}) as Partial<ScriptDefinition>;
  const num = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : 0);
  const str = (s: unknown) => (typeof s === 'string' ? s : '');
  const questions = Array.isArray(value.questions) ? value.questions : [];
  return {
    opening: str(value.opening),
    closing: str(value.closing),
    questions: questions.map((q: Partial<ScriptQuestion>, i): ScriptQuestion => ({
      id: str(q?.id) || `q${i + 1}`,
      type: QUESTION_TYPES.includes(q?.type as never) ? (q!.type as ScriptQuestion['type']) : 'text',
      text: str(q?.text),
      hint: str(q?.hint),
      required: !!q?.required,
      options: (Array.isArray(q?.options) ? q!.options : []).map(
        (o: Partial<ScriptOption>): ScriptOption => ({
          id: str(o?.id),
          label: str(o?.label),
          points: num(o?.points),
          knockOut: !!o?.knockOut,
          jump: str(o?.jump),
          end: (str(o?.end) || '') as ScriptOption['end'],
          value: (str(o?.value) || '') as ScriptOption['value'],
        }),
      ),
      min: typeof q?.min === 'number' && Number.isFinite(q.min) ? q.min : undefined,
      max: typeof q?.max === 'number' && Number.isFinite(q.max) ? q.max : undefined,
      compare: q?.compare?.field ? { field: q.compare.field, points: num(q.compare.points), toleranceDays: q.compare.toleranceDays === undefined ? undefined : num(q.compare.toleranceDays) } : undefined,
    })),
  };
}
