import type { z } from 'zod';
import { ValidationError } from './errors';

/**
 * Verbs validate their own input (they are called from tests, the CLI and jobs as well as from
 * forms): a caller gets the same checks and the same per-field `errors.*` codes as a form, the
 * code without its `errors.` prefix.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({
      field: i.path.map(String).join('.'),
      code: i.message.startsWith('errors.') ? i.message.slice(7) : 'invalidValue',
    })),
  );
}
