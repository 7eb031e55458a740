import type { z } from 'zod';
import { ValidationError } from '@/lib/core/errors';

/**
 * Verbs validate their own input (they are also called from tests, the CLI and jobs, not only
 * through a server action); issues carry the schema's `errors.*` key without its prefix.
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
