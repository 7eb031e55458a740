/**
 * An ILIKE pattern for "contains": `%` and `_` typed in a search box are literal characters, not
 * wildcards (the backslash is PostgreSQL's default LIKE escape).
 */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
