import { z } from 'zod';

/**
 * Every record id is a UUID. Anything else names no record, and handed to PostgreSQL it would fail
 * as a cast error (a 500), so ids are checked before they reach SQL. Any UUID version is accepted:
 * the database makes v4 ids, but tests and fixtures use others.
 */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** The id schema: what every verb, route and page uses for "an id". A blank one is missing. */
export const idSchema = z.string('errors.invalidValue').trim().min(1, 'errors.required').regex(ID_PATTERN, 'errors.invalidValue');

/**
 * An id field chosen from a list, where "not an id" and "no such record" are the same thing to the
 * person filling the form: `code` is the one catalogue key either reports (e.g. `errors.users.unknownUnit`).
 */
export function idField(code: string) {
  return z.string(code).trim().regex(ID_PATTERN, code);
}
