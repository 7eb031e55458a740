import type { z } from 'zod';
import { ValidationError } from '@/lib/core/errors';

/**
 * Verbs validate their own input too: a CLI, job or test caller gets the same checks as a form,
 * with the same `errors.*` codes per field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((i) => ({ field: i.path.join('.'), code: i.message.startsWith('errors.') ? i.message.slice(7) : 'invalidValue' })),
  );
}
