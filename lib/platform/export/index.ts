/** Streamed CSV/XLSX exports: columns, the cursor that feeds them, the stream and its HTTP answer. */
export { EXPORT_FORMATS, type CellFormat, type CellValue, type ExportColumn, type ExportFormat } from './columns';
export { cursorBatches, cursorRows } from './cursor';
export { prepareExport, prepareWorkbook, sheetOf, type ExportSpec, type PreparedExport, type PreparedWorkbook, type SheetSpec, type WorkbookSpec } from './stream';
export { contentDisposition, exportResponse, workbookResponse } from './response';
export { fileTranslator, named, type FileTranslator } from './text';
