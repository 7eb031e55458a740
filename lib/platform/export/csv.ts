import { plainCell } from './cells';
import type { ExportColumn } from './columns';

/**
 * CSV the way Excel on a Chinese Windows opens it right: UTF-8 with a byte-order mark (without it
 * Excel reads GBK and the headers are mojibake), CRLF line ends, fields quoted when they hold a
 * comma, quote or line break. A text cell that starts like a formula (= + - @, or a tab or
 * carriage return before one) is written with a leading apostrophe, so a customer name such as
 * "=HYPERLINK(…)" stays text when the file is opened (OWASP "CSV injection"); numbers are numbers.
 */
export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, guarded and quoted as needed. */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number)[]): string {
  return fields.map(csvField).join(',') + CRLF;
}

export function csvHeader<R>(columns: readonly ExportColumn<R>[]): string {
  return CSV_BOM + csvLine(columns.map((c) => c.header));
}

/** A share 0–1 as '12.5%' (CSV has no cell format). */
const percentText = (n: number) => `${Math.round(n * 1000) / 10}%`;

export function csvRow<R>(columns: readonly ExportColumn<R>[], row: R, timeZone: string): string {
  return csvLine(
    columns.map((c) => {
      const cell = plainCell(c.value(row), c.format, timeZone);
      return c.format === 'percent' && typeof cell === 'number' ? percentText(cell) : cell;
    }),
  );
}
