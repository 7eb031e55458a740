import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * Streams the rows of an uploaded table — CSV (UTF-8 with or without BOM, or GBK/GB18030) or XLSX
 * (first worksheet) — without holding the file in memory. Row numbers are those a person sees
 * in a spreadsheet: the header is row 1, the first data row is row 2.
 */
export interface RawRow {
  rowNumber: number;
  cells: string[];
}

export type TableFormat = 'csv' | 'xlsx';

export function formatOf(fileName: string): TableFormat | undefined {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  return undefined;
}

/** UTF-8 (with or without BOM) or GB18030 (a superset of GBK), decided from the first bytes. */
export async function sniffEncoding(filePath: string): Promise<'utf8' | 'gb18030'> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return looksLikeUtf8(buffer.subarray(0, bytesRead), bytesRead === buffer.length) ? 'utf8' : 'gb18030';
  } finally {
    await handle.close();
  }
}

export function looksLikeUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return true;
  // A sample cut mid-character must not count against UTF-8: drop up to 3 trailing bytes.
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      // try a shorter sample
    }
  }
  return false;
}

async function* csvRows(filePath: string): AsyncGenerator<RawRow> {
  const encoding = await sniffEncoding(filePath);
  const source: NodeJS.ReadableStream =
    encoding === 'utf8' ? createReadStream(filePath) : createReadStream(filePath).pipe(iconv.decodeStream('gb18030'));
  const parser = source.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: false, info: true }),
  );
  // The record's ordinal, not its line: a quoted cell spanning lines is still one spreadsheet
  // row (Excel and WPS number rows, not lines), so every row after it keeps its number.
  for await (const record of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
    yield { rowNumber: record.info.records, cells: record.record };
  }
}

/** What a person sees in a cell, as text. Dates keep their wall-clock (Excel has no time zone). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString(); // exceljs reads Excel's wall-clock as UTC fields
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

async function* xlsxRows(filePath: string): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as ExcelJS.CellValue[]; // 1-based
      yield { rowNumber: row.number, cells: values.slice(1).map(cellText) };
    }
    break; // the first worksheet only
  }
}

export function readTable(filePath: string, format: TableFormat): AsyncGenerator<RawRow> {
  return format === 'csv' ? csvRows(filePath) : xlsxRows(filePath);
}

/** Exposed for tests that build a CSV in memory. */
export function readableFrom(text: string): Readable {
  return Readable.from([text]);
}
