/**
 * What an export is made of, whatever its format: columns with a Chinese header, a width for the
 * XLSX, how the cell reads (a time is shown in the app's zone) and where its value comes from.
 */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A cell before it is written: a time may come as a Date or as the driver's timestamptz text. */
export type CellValue = string | number | boolean | Date | null | undefined;

/**
 * - `text` (default): as it is; a boolean reads 是/否.
 * - `integer`, `decimal`: numbers (Excel sums them; in XLSX with a number format).
 * - `percent`: a share 0–1, shown as 12.5% in XLSX and as 12.5% text in CSV.
 * - `datetime`: an instant shown as 'yyyy-MM-dd HH:mm' in the app's zone (a real date cell in XLSX).
 */
export type CellFormat = 'text' | 'integer' | 'decimal' | 'percent' | 'datetime';

export interface ExportColumn<R> {
  header: string;
  /** Characters, for the XLSX column. */
  width?: number;
  format?: CellFormat;
  /** XLSX: the text wraps in its cell, top-aligned (a long note). */
  wrap?: boolean;
  value: (row: R) => CellValue;
}

/** Excel's limit of rows in one sheet (the header included). */
export const MAX_SHEET_ROWS = 1_048_576;

/** The longest sheet name Excel takes. */
export const MAX_SHEET_NAME = 31;
