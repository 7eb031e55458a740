import { plainCell, wallTime } from './cells';
import { MAX_SHEET_NAME, MAX_SHEET_ROWS, type CellFormat, type ExportColumn } from './columns';
import type { ZipEntry, ZipWriter } from './zip';

/**
 * A workbook written as its rows come (SpreadsheetML into a streamed ZIP): one sheet after
 * another, each with its bold header frozen above the rows, a number format per column — times
 * as real date cells on the app's wall clock, so Excel sorts and filters them — and beyond Excel's
 * rows per sheet the list goes on in 名称（2）. Text is an inline string, never a formula, whatever
 * it starts with. The parts that list the sheets are written last, when their number is known.
 */
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Cell style ids in styles.xml below; `wrap` is text wrapped in its cell, top-aligned (a long note). */
const STYLE: Record<CellFormat | 'header' | 'wrap', number> = { text: 0, header: 1, datetime: 2, integer: 3, decimal: 4, percent: 5, wrap: 6 };
const STYLES = `${XML}<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts><fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/** Characters XML 1.0 cannot carry (control characters other than tab, line feed, carriage return). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const escapeXml = (text: string) => text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A (0-based) column's letters: A…Z, AA… */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Days since 1899-12-30 (Excel's serial date) of a wall-clock time given as UTC milliseconds. */
const excelSerial = (utcMs: number) => utcMs / 86_400_000 + 25_569;

/** The sheet being written: its name and columns, how many parts (（2）…) it has and rows in this one. */
interface OpenSheet {
  name: string;
  columns: readonly ExportColumn<unknown>[];
  letters: string[];
  parts: number;
  entry?: ZipEntry;
  written: number;
}

export class XlsxBook {
  /** The sheets' names as written, one per part, in order. */
  private names: string[] = [];
  private current: OpenSheet | undefined;

  constructor(
    private readonly zip: ZipWriter,
    private readonly timeZone: string,
    /** Rows per sheet, the header included (Excel's limit; smaller in tests). */
    private readonly maxRows = MAX_SHEET_ROWS,
  ) {}

  /** Ends the sheet being written (if any) and starts the next: its header is written at once, so a sheet without rows still has it. */
  async sheet<R>(name: string, columns: readonly ExportColumn<R>[]): Promise<void> {
    if (this.current) await this.close();
    this.current = { name, columns: columns as readonly ExportColumn<unknown>[], letters: columns.map((_, i) => columnName(i)), parts: 0, written: 0 };
    await this.open();
  }

  private async open(): Promise<void> {
    const s = this.current!;
    s.parts += 1;
    const suffix = s.parts === 1 ? '' : `（${s.parts}）`;
    this.names.push(s.name.slice(0, MAX_SHEET_NAME - suffix.length) + suffix);
    const index = this.names.length;
    s.entry = this.zip.entry(`xl/worksheets/sheet${index}.xml`);
    const cols = s.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? 14}" customWidth="1"/>`).join('');
    const header = s.columns.map((c, i) => `<c r="${s.letters[i]}1" s="${STYLE.header}" t="inlineStr"><is><t>${escapeXml(c.header)}</t></is></c>`).join('');
    await s.entry.write(
      `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetViews><sheetView workbookViewId="0"${index === 1 ? ' tabSelected="1"' : ''}><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData><row r="1">${header}</row>`,
    );
    s.written = 1;
  }

  private async close(): Promise<void> {
    const s = this.current!;
    await s.entry!.write('</sheetData></worksheet>');
    await s.entry!.end();
    s.entry = undefined;
  }

  /** Rows of the sheet being written, in one piece of XML (a new part when Excel's rows per sheet are full). */
  async add<R>(rows: readonly R[]): Promise<void> {
    const s = this.current;
    if (!s) throw new Error('XlsxBook.add before sheet()');
    let xml = '';
    for (const row of rows) {
      if (s.written >= this.maxRows) {
        if (xml) await s.entry!.write(xml);
        xml = '';
        await this.close();
        await this.open();
      }
      s.written += 1;
      const r = s.written;
      xml += `<row r="${r}">`;
      for (let i = 0; i < s.columns.length; i += 1) xml += this.cell(s.columns[i], row, `${s.letters[i]}${r}`);
      xml += '</row>';
    }
    if (xml) await s.entry!.write(xml);
  }

  private cell(column: ExportColumn<unknown>, row: unknown, ref: string): string {
    const value = column.value(row);
    if (column.format === 'datetime' && (value instanceof Date || typeof value === 'string') && value !== '') {
      const w = wallTime(value, this.timeZone);
      if (w) return `<c r="${ref}" s="${STYLE.datetime}"><v>${excelSerial(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute))}</v></c>`;
    }
    const plain = plainCell(value, column.format, this.timeZone);
    if (plain === '') return '';
    if (typeof plain === 'number') return `<c r="${ref}" s="${STYLE[column.format ?? 'text'] ?? 0}"><v>${plain}</v></c>`;
    return `<c r="${ref}"${column.wrap ? ` s="${STYLE.wrap}"` : ''} t="inlineStr"><is><t xml:space="preserve">${escapeXml(plain)}</t></is></c>`;
  }

  /** Ends the last sheet and writes the parts that name the sheets. */
  async finish(): Promise<void> {
    if (!this.current) throw new Error('XlsxBook.finish without a sheet');
    await this.close();
    const n = this.names.length;
    const sheetIds = this.names.map((_, i) => i + 1);
    await this.zip.file(
      '[Content_Types].xml',
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheetIds.map((i) => `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    );
    await this.zip.file(
      '_rels/.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    );
    await this.zip.file(
      'xl/workbook.xml',
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews><sheets>${this.names.map((s, i) => `<sheet name="${escapeXml(s)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    );
    await this.zip.file(
      'xl/_rels/workbook.xml.rels',
      `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetIds.map((i) => `<Relationship Id="rId${i}" Type="${REL}/worksheet" Target="worksheets/sheet${i}.xml"/>`).join('')}<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    );
    await this.zip.file('xl/styles.xml', STYLES);
    this.zip.finish();
  }
}
