/**
 * Maps the header row of an import to known columns. Each column lists the headers people use for
 * it, Chinese and English; matching ignores case, spaces, underscores, full-width forms and a
 * trailing note in brackets ("联系电话（手机）").
 */
export interface ColumnSpec<K extends string = string> {
  key: K;
  headers: string[];
  required: boolean;
}

export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s_\-*:：]/g, '');
}

export type HeaderMap<K extends string> = { index: Partial<Record<K, number>>; missing: K[]; unknown: string[]; duplicate: string[] };

export function mapHeaders<K extends string>(headers: string[], columns: ColumnSpec<K>[]): HeaderMap<K> {
  const lookup = new Map<string, K>();
  for (const column of columns) for (const h of [column.key, ...column.headers]) lookup.set(normalizeHeader(h), column.key);
  const index: Partial<Record<K, number>> = {};
  const unknown: string[] = [];
  const duplicate: string[] = [];
  headers.forEach((header, i) => {
    const key = lookup.get(normalizeHeader(header));
    if (!key) {
      if (header.trim()) unknown.push(header);
      return;
    }
    if (index[key] !== undefined) duplicate.push(header);
    else index[key] = i;
  });
  const missing = columns.filter((c) => c.required && index[c.key] === undefined).map((c) => c.key);
  return { index, missing, unknown, duplicate };
}

/** Reads a row's cells into a record by column key (trimmed; absent columns are ''). */
export function pickCells<K extends string>(cells: string[], map: HeaderMap<K>, columns: ColumnSpec<K>[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const c of columns) {
    const i = map.index[c.key];
    out[c.key] = i === undefined ? '' : (cells[i] ?? '').normalize('NFC').trim();
  }
  return out;
}
