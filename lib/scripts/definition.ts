import { z } from 'zod';
import { CALL_OUTCOMES, type CallOutcome } from '@/lib/calling/outcomes';

/**
 * The format of a callback script version's question flow (外呼脚本), stored as the frozen jsonb
 * `script_versions.definition`. Client-safe (no server imports): the editor validates with it in
 * the browser, the desk renders it, the server scores with it.
 *
 * A flow starts at the first question and goes down the list. A chosen option may jump to another
 * question or end the call with an outcome; a knock-out option makes the visit invalid whatever
 * else is answered. Questions in blind scripts may compare what the customer says with the report.
 */

export const QUESTION_TYPES = ['yes_no', 'single', 'multiple', 'rating', 'number', 'date', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Types whose answer is one or more of the question's options. */
export const CHOICE_TYPES: readonly QuestionType[] = ['yes_no', 'single', 'multiple', 'rating'];
/** Types whose answer is exactly one option (so the option may jump or end the call). */
export const SINGLE_CHOICE_TYPES: readonly QuestionType[] = ['yes_no', 'single', 'rating'];

export const isChoice = (type: QuestionType) => CHOICE_TYPES.includes(type);
export const isSingleChoice = (type: QuestionType) => SINGLE_CHOICE_TYPES.includes(type);

/** Placeholders question text may use, filled from the visit being verified. */
export const PLACEHOLDERS = ['customer', 'contact', 'manager', 'visitDate', 'visitType', 'purpose'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** What the manager reported: blind scripts must not show it to the agent. */
export const REPORT_PLACEHOLDERS: readonly Placeholder[] = ['visitDate', 'visitType', 'purpose'];

/**
 * Call-attempt outcomes (DOMAIN: outcome codes, after AAPOR), from the calling rules (client-safe
 * too). The same list as `callOutcomeEnum` in db/schema/enums.ts (a unit test keeps them equal).
 */
export { CALL_OUTCOMES, type CallOutcome };
/** Outcomes an option may end the call with (a person answered and the script was followed so far). */
export const END_OUTCOMES = ['completed', 'partial', 'refused', 'wrong_person', 'number_invalid', 'appointment'] as const satisfies readonly CallOutcome[];
export type EndOutcome = (typeof END_OUTCOMES)[number];

export const VISIT_TYPES = ['on_site', 'phone'] as const;
export type VisitType = (typeof VISIT_TYPES)[number];

/** What a question may compare with the report (blind mode). Purpose is free text: recorded for review, no points. */
export const COMPARE_FIELDS = ['visitType', 'visitDate', 'purpose'] as const;
export type CompareField = (typeof COMPARE_FIELDS)[number];

export const RATING_OPTION_IDS = ['1', '2', '3', '4', '5'] as const;
export const YES_NO_OPTION_IDS = ['yes', 'no'] as const;

export const MAX_QUESTIONS = 60;
export const MAX_OPTIONS = 20;
export const MAX_TEXT_ANSWER = 2000;
export const MAX_SCORE = 100;

const ID_RE = /^[a-z][a-z0-9_]{0,31}$/;
/** Stable ids: questions are answered by id, so renaming a question's text never orphans answers. */
export const questionIdSchema = z.string().trim().regex(ID_RE, 'errors.scripts.badId');
const optionIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_]{0,31}$/, 'errors.scripts.badId');

export const optionSchema = z.object({
  id: optionIdSchema,
  label: z.string().trim().min(1, 'errors.required').max(200, 'errors.scripts.tooLong'),
  points: z.number({ error: 'errors.invalidValue' }).int('errors.scripts.pointsInteger').min(-100, 'errors.scripts.pointsRange').max(100, 'errors.scripts.pointsRange'),
  /** Choosing it makes the visit invalid whatever else is answered. */
  knockOut: z.boolean().optional(),
  /** Go to this question next ('' or absent: the next question in the list). */
  jump: z.string().trim().max(32, 'errors.scripts.tooLong').optional(),
  /** End the call here with this outcome ('' or absent: go on). */
  end: z.union([z.enum(END_OUTCOMES), z.literal('')]).optional(),
  /** For a question comparing the visit type: which type this answer means ('' = neither, e.g. "不记得"). */
  value: z.union([z.enum(VISIT_TYPES), z.literal('')]).optional(),
});
export type ScriptOption = z.infer<typeof optionSchema>;

export const compareSchema = z.object({
  field: z.enum(COMPARE_FIELDS),
  /** Points when the customer's answer matches the report (0 for purpose: reviewed by a person). */
  points: z.number({ error: 'errors.invalidValue' }).int('errors.scripts.pointsInteger').min(0, 'errors.scripts.pointsRange').max(100, 'errors.scripts.pointsRange'),
  /** For the visit date: a day within this many days of the reported day matches. */
  toleranceDays: z.number({ error: 'errors.invalidValue' }).int().min(0, 'errors.scripts.toleranceRange').max(30, 'errors.scripts.toleranceRange').optional(),
});
export type ScriptCompare = z.infer<typeof compareSchema>;

export const questionSchema = z.object({
  id: questionIdSchema,
  type: z.enum(QUESTION_TYPES),
  /** What the agent reads out; may use {customer} {contact} {manager} {visitDate} {visitType} {purpose}. */
  text: z.string().trim().min(1, 'errors.required').max(500, 'errors.scripts.tooLong'),
  /** A note for the agent only (not read out). */
  hint: z.string().trim().max(500, 'errors.scripts.tooLong').optional(),
  required: z.boolean(),
  options: z.array(optionSchema).max(MAX_OPTIONS, 'errors.scripts.tooManyOptions'),
  /** Number questions: the allowed range. */
  min: z.number().optional(),
  max: z.number().optional(),
  compare: compareSchema.optional(),
});
export type ScriptQuestion = z.infer<typeof questionSchema>;

/** The structure of a definition (what drafts must satisfy); publishing also needs `validateDefinition`. */
export const scriptDefinitionSchema = z.object({
  /** Read out before the first question (may use placeholders). */
  opening: z.string().trim().max(1000, 'errors.scripts.tooLong').optional(),
  /** Read out when the call ends normally. */
  closing: z.string().trim().max(1000, 'errors.scripts.tooLong').optional(),
  questions: z.array(questionSchema).max(MAX_QUESTIONS, 'errors.scripts.tooManyQuestions'),
});
export type ScriptDefinition = z.infer<typeof scriptDefinitionSchema>;

/** An answer: an option id (yes/no, single, rating), option ids (multiple), a number, a day 'YYYY-MM-DD', or text. */
export type AnswerValue = string | number | string[] | null;
export type Answers = Record<string, AnswerValue | undefined>;

/** What placeholders are filled from and answers compared with: the visit being verified. */
export interface VisitContext {
  customer?: string | null;
  contact?: string | null;
  manager?: string | null;
  /** The reported day of the visit, 'YYYY-MM-DD' in the app's time zone. */
  visitDate?: string | null;
  visitType?: VisitType | null;
  purpose?: string | null;
}

/** Fresh options for a question type (the editor uses them when a type is chosen). */
export function defaultOptionsFor(type: QuestionType): ScriptOption[] {
  switch (type) {
    case 'yes_no':
      return [
        { id: 'yes', label: '是', points: 0 },
        { id: 'no', label: '否', points: 0 },
      ];
    case 'rating':
      return RATING_OPTION_IDS.map((id) => ({ id, label: `${id} 分`, points: 0 }));
    case 'single':
    case 'multiple':
      return [
        { id: 'a', label: '选项一', points: 0 },
        { id: 'b', label: '选项二', points: 0 },
      ];
    default:
      return [];
  }
}

export const emptyDefinition = (): ScriptDefinition => ({ opening: '', closing: '', questions: [] });

/** Parses stored jsonb as a definition (throws on a malformed one: stored versions were checked when saved). */
export function readDefinition(value: unknown): ScriptDefinition {
  return scriptDefinitionSchema.parse(value);
}
