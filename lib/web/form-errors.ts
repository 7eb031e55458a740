/**
 * The banner of a form the server refused: its headline and the messages no field shows, but
 * never a message already shown at a field — a verb whose headline is its one field's message
 * (e.g. a dispute refused for its reason) would otherwise say the same words twice. Null when
 * nothing is left to say above the fields. Pure; client-safe.
 */
export function refusalBanner(headline: string, shownAtFields: readonly string[], unplaced: readonly string[] = []): string | null {
  const shown = new Set(shownAtFields);
  const parts = [...new Set([headline, ...unplaced])].filter((m) => m && !shown.has(m));
  return parts.length > 0 ? parts.join(' ') : null;
}
