import ExcelJS from 'exceljs';
import type { PreparedWorkbook } from '@/lib/platform/export';

/** A streamed workbook (the month report) read back whole with ExcelJS, as Excel would open it. */
export async function workbookOf(prepared: PreparedWorkbook | Response): Promise<ExcelJS.Workbook> {
  const body = prepared instanceof Response ? prepared.body! : prepared.stream();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await new Response(body).arrayBuffer());
  return book;
}
