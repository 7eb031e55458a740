import { isChoice, type ScriptDefinition, type VisitContext } from '@/lib/scripts/definition';
import { fillPlaceholders } from '@/lib/scripts/placeholders';

/**
 * A callback's answers as a reviewer reads them (pure): in script order, the question as it was
 * read out, the answer as the agent recorded it (option labels, not ids) and the points it gave.
 */
export interface AnswerRow {
  question: string;
  answer: string;
  points: number | null;
}

const answered = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

/**
 * `comparison` is the stored comparison with the report (callback_results.comparison, by question
 * id): the points a matching answer earned are added to the question's.
 */
export function answerRows(
  definition: ScriptDefinition,
  answers: Record<string, unknown>,
  context: VisitContext,
  comparison: Record<string, { points?: number }> | null = null,
): AnswerRow[] {
  const out: AnswerRow[] = [];
  for (const q of definition.questions) {
    const value = answers[q.id];
    if (!answered(value)) continue;
    const question = fillPlaceholders(q.text, context);
    const compared = comparison?.[q.id]?.points;
    if (isChoice(q.type)) {
      const ids = (Array.isArray(value) ? value : [value]).map(String);
      const chosen = ids.map((id) => q.options.find((o) => o.id === id));
      out.push({
        question,
        answer: chosen.map((o, i) => o?.label ?? ids[i]).join('、'),
        points: chosen.reduce((n, o) => n + (o?.points ?? 0), 0) + (compared ?? 0),
      });
    } else {
      out.push({ question, answer: Array.isArray(value) ? value.map(String).join('、') : String(value), points: compared ?? null });
    }
  }
  return out;
}
