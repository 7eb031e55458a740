import type ExcelJS from 'exceljs';
import { MAX_SHEET_ROWS } from '@/lib/platform/core/xlsx';
import { plainCell, wallTime } from './cells';
import { MAX_SHEET_NAME, type CellFormat, type ExportColumn } from './columns';

/**
 * An export's sheet in a streamed workbook: bold header frozen above the rows, a number format per
 * column (times as real date cells in the app's zone, so Excel sorts and filters them), and beyond
 * Excel's rows per sheet the list goes on in 名称（2）. A text cell is written as a string, never
 * as a formula, whatever it starts with.
 */
const NUMBER_FORMATS: Partial<Record<CellFormat, string>> = {
  integer: '0',
  decimal: '0.00',
  percent: '0.0%',
  datetime: 'yyyy-mm-dd hh:mm',
};

export class SheetWriter<R> {
  private sheet: ExcelJS.Worksheet;
  private part = 1;
  private written = 1;

  constructor(
    private readonly book: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly name: string,
    private readonly columns: readonly ExportColumn<R>[],
    private readonly timeZone: string,
  ) {
    this.sheet = this.open(name);
  }

  private open(name: string): ExcelJS.Worksheet {
    const sheet = this.book.addWorksheet(name.slice(0, MAX_SHEET_NAME), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = this.columns.map((c) => ({ header: c.header, width: c.width ?? 14, style: NUMBER_FORMATS[c.format ?? 'text'] ? { numFmt: NUMBER_FORMATS[c.format ?? 'text'] } : {} }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    return sheet;
  }

  add(row: R): void {
    if (this.written >= MAX_SHEET_ROWS) {
      this.sheet.commit();
      this.part += 1;
      const suffix = `（${this.part}）`;
      this.sheet = this.open(this.name.slice(0, MAX_SHEET_NAME - suffix.length) + suffix);
      this.written = 1;
    }
    this.sheet.addRow(this.columns.map((c) => this.cell(c, row))).commit();
    this.written += 1;
  }

  private cell(column: ExportColumn<R>, row: R): ExcelJS.CellValue {
    const value = column.value(row);
    if (column.format === 'datetime' && (value instanceof Date || typeof value === 'string') && value !== '') {
      const w = wallTime(value, this.timeZone);
      // Excel has no zones: the cell holds the wall-clock time, as a UTC date ExcelJS writes as is.
      if (w) return new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute));
    }
    const plain = plainCell(value, column.format, this.timeZone);
    return plain === '' ? null : plain;
  }

  commit(): void {
    this.sheet.commit();
  }
}
