import { importHandler, type ImportKind } from './kinds';

/** Header row (the first, Chinese name of each column) with a UTF-8 BOM so Excel opens it right. */
export function importTemplateCsv(kind: ImportKind): string {
  const headers = importHandler(kind).columns.map((c) => c.headers[0] ?? c.key);
  return `\ufeff${headers.join(',')}\r\n`;
}

/** The accepted headers of each column, for the page that explains an import. */
export function acceptedHeaders(kind: ImportKind) {
  return importHandler(kind).columns.map((c) => ({ key: c.key, headers: c.headers, required: c.required }));
}

/** A column's name as the person's file would have it: Chinese header, or the English one. */
export function columnLabel(kind: ImportKind, key: string, locale: string): string {
  const column = importHandler(kind).columns.find((c) => c.key === key);
  if (!column) return key;
  const english = column.headers.find((h) => /^[\x20-\x7e]+$/.test(h));
  return locale === 'en' ? (english ?? column.headers[0] ?? key) : (column.headers[0] ?? key);
}
