import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * The report's XLSX building blocks. The workbook is written as a stream (rows leave memory as
 * they are committed), so a sheet of a month's visits — up to a million rows on the close bench —
 * does not hold the whole file as cells; the compressed bytes are collected into one buffer.
 */
export type SheetColumn = { header: string; key: string; width: number; percent?: boolean };

/** Excel's limit of rows in one sheet (the header included). */
export const MAX_SHEET_ROWS = 1_048_576;

export function streamingBook(): { book: ExcelJS.Workbook; done: () => Promise<Buffer> } {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  return {
    book,
    done: async () => {
      await (book as ExcelJS.stream.xlsx.WorkbookWriter).commit();
      await ended;
      return Buffer.concat(parts);
    },
  };
}

/** A sheet with Chinese headers in bold, frozen under the header; rows are committed as added. */
export function openSheet(book: ExcelJS.Workbook, name: string, columns: SheetColumn[]): ExcelJS.Worksheet {
  const ws = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.percent ? { numFmt: '0.0%' } : {} }));
  ws.getRow(1).font = { bold: true };
  return ws;
}
