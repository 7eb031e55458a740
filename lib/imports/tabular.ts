import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
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

/**
 * Why a file cannot be read as a table, for the person who uploaded it (a key under
 * `errors.import.file`): not a spreadsheet at all, an old .xls or encrypted workbook, text in an
 * encoding other than UTF-8/GBK, a damaged file, quotes that never close, too many rows.
 */
export type FileProblem = 'notSpreadsheet' | 'oldExcel' | 'encoding' | 'corrupt' | 'badQuotes' | 'tooManyRows' | 'noWorksheet';

export class UnreadableFileError extends Error {
  constructor(
    readonly problem: FileProblem,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`unreadable file: ${problem}`);
  }
}

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const BINARY_MAGIC = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x1f, 0x8b], // gzip
];

/**
 * What the first bytes say a file is, whatever its name: people rename files, and Excel saves
 * "Unicode text" as UTF-16. `zip` is an XLSX (or another Office file), `ole` an old .xls or a
 * password-protected workbook.
 */
export function sniffContent(head: Uint8Array): 'zip' | 'ole' | 'utf16' | 'binary' | 'text' {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return 'utf16';
  if (BINARY_MAGIC.some((magic) => startsWith(head, magic))) return 'binary';
  const sample = head.subarray(0, 4096);
  let zeros = 0;
  let controls = 0;
  for (const b of sample) {
    if (b === 0) zeros++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  }
  // UTF-16 without a BOM: every other byte of ASCII text is zero.
  if (zeros > sample.length / 4) return 'utf16';
  if (zeros > 0 || controls > sample.length / 100) return 'binary';
  return 'text';
}

async function readHead(filePath: string, size = 64 * 1024): Promise<{ bytes: Buffer; truncated: boolean }> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { bytes: buffer.subarray(0, bytesRead), truncated: bytesRead === buffer.length };
  } finally {
    await handle.close();
  }
}

/** UTF-8 (with or without BOM) or GB18030 (a superset of GBK), decided from the first bytes. */
export async function sniffEncoding(filePath: string): Promise<'utf8' | 'gb18030'> {
  const { bytes, truncated } = await readHead(filePath);
  return textEncoding(bytes, truncated);
}

/** The encoding of a text sample; neither UTF-8 nor GB18030 (mojibake) is a problem to report. */
export function textEncoding(bytes: Uint8Array, truncated: boolean): 'utf8' | 'gb18030' {
  if (looksLikeUtf8(bytes, truncated)) return 'utf8';
  // GB18030 maps almost every byte sequence; a replacement character means it did not fit.
  const decoded = iconv.decode(Buffer.from(bytes.subarray(0, truncated ? bytes.length - 4 : bytes.length)), 'gb18030');
  if (decoded.includes('\ufffd')) throw new UnreadableFileError('encoding');
  return 'gb18030';
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

async function* csvRows(filePath: string, encoding: 'utf8' | 'gb18030'): AsyncGenerator<RawRow> {
  const source: NodeJS.ReadableStream =
    encoding === 'utf8' ? createReadStream(filePath) : createReadStream(filePath).pipe(iconv.decodeStream('gb18030'));
  const parser = source.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: false, info: true }),
  );
  // The record's ordinal, not its line: a quoted cell spanning lines is still one spreadsheet
  // row (Excel and WPS number rows, not lines), so every row after it keeps its number.
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      yield { rowNumber: record.info.records, cells: record.record };
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    // A quote opened and never closed swallows the rest of the file: say where it started.
    if (code.startsWith('CSV_') && /QUOTE/.test(code)) {
      throw new UnreadableFileError('badQuotes', { row: ((error as { records?: number }).records ?? 0) + 1 });
    }
    if (code.startsWith('CSV_')) throw new UnreadableFileError('corrupt');
    throw error;
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
  // Loaded for a workbook only: a CSV import does without its 20 MB.
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(filePath, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  let sheets = 0;
  try {
    for await (const worksheet of reader) {
      sheets++;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[]; // 1-based
        yield { rowNumber: row.number, cells: values.slice(1).map(cellText) };
      }
      break; // the first worksheet only
    }
  } catch (error) {
    // Only reading fails here (a consumer's error ends the generator without entering it).
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError('corrupt');
  }
  // A ZIP that is no workbook (a .docx renamed) has no worksheet.
  if (sheets === 0) throw new UnreadableFileError('noWorksheet');
}

/**
 * The rows of a file, read by what it contains rather than its name (an XLSX saved as .csv is
 * still read); throws `UnreadableFileError` with the reason when it is no table we can read, or
 * when it has more than `maxRows` rows after the header.
 */
export async function* readTable(filePath: string, options: { maxRows?: number } = {}): AsyncGenerator<RawRow> {
  const { bytes, truncated } = await readHead(filePath);
  const content = sniffContent(bytes);
  if (content === 'ole') throw new UnreadableFileError('oldExcel');
  if (content === 'utf16') throw new UnreadableFileError('encoding');
  if (content === 'binary') throw new UnreadableFileError('notSpreadsheet');
  const rows = content === 'zip' ? xlsxRows(filePath) : csvRows(filePath, textEncoding(bytes, truncated));
  const limit = options.maxRows === undefined ? Infinity : options.maxRows + 1; // + the header row
  let read = 0;
  for await (const row of rows) {
    if (++read > limit) throw new UnreadableFileError('tooManyRows', { max: options.maxRows! });
    yield row;
  }
}

/** Exposed for tests that build a CSV in memory. */
export function readableFrom(text: string): Readable {
  return Readable.from([text]);
}
