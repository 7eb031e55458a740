export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * A list page's filters from its address: `defaults`, then each of the page's keys that holds one
 * value, non-empty unless it clears a default (an emptied month box means every month). A
 * hand-edited address whose filters do not fit the list's schema shows the default list rather
 * than an error page.
 */
export function filtersFrom<K extends string>(params: SearchParams, keys: readonly K[], schema: { safeParse(value: unknown): { success: boolean } }, defaults: Partial<Record<K, string>> = {}) {
  const raw: Partial<Record<K, string>> = { ...defaults };
  for (const k of keys) {
    const value = params[k];
    if (typeof value === 'string' && (value !== '' || k in defaults)) raw[k] = value;
  }
  return schema.safeParse(raw).success ? raw : defaults;
}
