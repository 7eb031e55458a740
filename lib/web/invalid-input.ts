/**
 * PostgreSQL's "data exception" class (SQLSTATE 22…): a value the database cannot take as its
 * column's type — `invalid input syntax for type uuid`, a NUL byte in text, an integer out of
 * range, a date that does not exist. Reaching the database with one is the caller's bad input,
 * not a fault; the boundaries answer 404/400 instead of 500. drizzle wraps the driver's error,
 * so the cause chain is searched.
 */
export function isInvalidInputForDatabase(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}
