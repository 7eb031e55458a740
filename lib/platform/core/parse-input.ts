import { z } from 'zod';
import { ValidationError, type FieldIssue } from './errors';

/**
 * Verbs validate their own input (they are called from tests, the CLI and jobs as well as from
 * forms): a caller gets the same checks and the same per-field `errors.*` codes as a form, the
 * code without its `errors.` prefix.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(fieldIssuesOf(result.error.issues));
}

/**
 * Zod issues as field issues. A maximum is passed on as `{max}` so that a message such
 * as 内容过长，最多 {max} 个字 can say what the limit is.
 */
export function fieldIssuesOf(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((i) => {
    const issue: FieldIssue = {
      field: i.path.map(String).join('.'),
      code: i.message.startsWith('errors.') ? i.message.slice(7) : 'invalidValue',
    };
    if (i.code === 'too_big') issue.params = { max: Number(i.maximum) };
    return issue;
  });
}

/**
 * A filter field that may be left empty: a blank form field or query parameter ('' or null) is
 * "not given", then `schema` checks what was given. For list filters read from an address.
 */
export const blank = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
