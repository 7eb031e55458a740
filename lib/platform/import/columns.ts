import type { RowIssue } from './handler';

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

/**
 * Problems of the header row, named as the person's file names them: a missing column by its
 * Chinese header with the other headers it may have, beside the headers the file has.
 */
export function headerIssues(columns: ColumnSpec[], headers: string[], map: HeaderMap<string>, rowNumber: number): RowIssue[] {
  const found = headers.map((h) => h.trim()).filter(Boolean);
  if (found.length === 0) return [{ rowNumber, code: 'import.headerRowEmpty', params: { expected: requiredHeaders(columns) } }];
  const shown = found.length > 30 ? [...found.slice(0, 30), '…'] : found;
  return [
    ...map.missing.map((key) => {
      const column = columns.find((c) => c.key === key)!;
      return {
        rowNumber,
        column: key,
        code: 'import.missingColumn',
        params: { column: column.headers[0] ?? key, accepted: column.headers.join(' / '), found: shown.join('、') },
      };
    }),
    ...map.duplicate.map((h) => ({ rowNumber, column: h, code: 'import.duplicateColumn', params: { column: h } })),
  ];
}

const requiredHeaders = (columns: ColumnSpec[]) =>
  columns
    .filter((c) => c.required)
    .map((c) => c.headers[0] ?? c.key)
    .join('、');
