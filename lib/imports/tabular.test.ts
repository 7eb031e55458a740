import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { headerIssues, mapHeaders, normalizeHeader, pickCells, type ColumnSpec } from '@/lib/platform/import/columns';
import { looksLikeUtf8, readTable, sniffContent, sniffEncoding, textEncoding, UnreadableFileError } from './tabular';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'huifang-tabular-'));
});

async function rowsOf(file: string) {
  const out = [];
  for await (const row of readTable(file)) out.push(row);
  return out;
}

const CSV = '集团编码,集团名称,联系电话\nG001,华南制造有限公司,138 1234 5678\n"G002","引号,逗号公司",13900001111\n';

describe('reading CSV', () => {
  it('reads UTF-8 without BOM, with quoted commas, numbering rows as a spreadsheet does', async () => {
    const file = path.join(dir, 'plain.csv');
    await writeFile(file, CSV, 'utf8');
    const rows = await rowsOf(file);
    expect(rows[0].cells).toEqual(['集团编码', '集团名称', '联系电话']);
    expect(rows[2]).toEqual({ rowNumber: 3, cells: ['G002', '引号,逗号公司', '13900001111'] });
  });

  it('numbers rows as Excel does after a quoted cell spanning two lines (one row, not two)', async () => {
    const file = path.join(dir, 'multiline.csv');
    const records = ['集团编码,地址', ...[1, 2, 3, 4, 5].map((n) => `G00${n},地址${n}`), 'G006,"深圳市南山区\r\n科技园一路 6 号"', 'G007,地址7', '', 'G008,"第一行\n第二行\n第三行"', 'G009,地址9'];
    await writeFile(file, `${records.join('\r\n')}\r\n`, 'utf8');
    const rows = await rowsOf(file);
    expect(rows.map((r) => [r.rowNumber, r.cells[0]])).toEqual([
      [1, '集团编码'],
      [2, 'G001'],
      [3, 'G002'],
      [4, 'G003'],
      [5, 'G004'],
      [6, 'G005'],
      [7, 'G006'],
      [8, 'G007'],
      // An empty line is an (empty) row in a spreadsheet too.
      [9, ''],
      [10, 'G008'],
      [11, 'G009'],
    ]);
    expect(rows[6].cells[1]).toBe('深圳市南山区\r\n科技园一路 6 号');
  });

  it('strips a UTF-8 BOM from the first header', async () => {
    const file = path.join(dir, 'bom.csv');
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]));
    expect((await rowsOf(file))[0].cells[0]).toBe('集团编码');
  });

  it('decodes GBK (as Excel in China saves CSV)', async () => {
    const file = path.join(dir, 'gbk.csv');
    await writeFile(file, iconv.encode(CSV, 'gbk'));
    expect(await sniffEncoding(file)).toBe('gb18030');
    const rows = await rowsOf(file);
    expect(rows[1].cells[1]).toBe('华南制造有限公司');
  });

  it('does not mistake UTF-8 cut mid-character for GBK', () => {
    const bytes = Buffer.from('客户经理', 'utf8');
    expect(looksLikeUtf8(bytes.subarray(0, bytes.length - 1), true)).toBe(true);
    expect(looksLikeUtf8(iconv.encode('客户经理', 'gbk'), false)).toBe(false);
  });
});

describe('reading XLSX', () => {
  it('reads the first worksheet, numbers as text and dates as wall-clock', async () => {
    const file = path.join(dir, 'book.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['集团编码', '拜访时间', '电话']);
    ws.addRow(['G001', new Date(Date.UTC(2026, 10, 3, 14, 30)), 13812345678]);
    ws.addRow(['G002', new Date(Date.UTC(2026, 10, 4)), { richText: [{ text: '139' }, { text: '00001111' }] }]);
    wb.addWorksheet('其他').addRow(['ignored']);
    await wb.xlsx.writeFile(file);
    const rows = await rowsOf(file);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual({ rowNumber: 2, cells: ['G001', '2026-11-03 14:30', '13812345678'] });
    expect(rows[2].cells).toEqual(['G002', '2026-11-04', '13900001111']);
  });
});

describe('reading XLSX with a cell of several lines', () => {
  it('keeps the worksheet row numbers', async () => {
    const file = path.join(dir, 'multiline.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(['集团编码', '地址']);
    for (let n = 1; n <= 5; n++) ws.addRow([`G00${n}`, `地址${n}`]);
    const wrapped = ws.addRow(['G006', '深圳市南山区\n科技园一路 6 号']);
    wrapped.getCell(2).alignment = { wrapText: true };
    ws.addRow(['G007', '地址7']);
    await wb.xlsx.writeFile(file);
    const rows = await rowsOf(file);
    expect(rows.map((r) => [r.rowNumber, r.cells[0]])).toEqual([
      [1, '集团编码'],
      [2, 'G001'],
      [3, 'G002'],
      [4, 'G003'],
      [5, 'G004'],
      [6, 'G005'],
      [7, 'G006'],
      [8, 'G007'],
    ]);
    expect(rows[6].cells[1]).toBe('深圳市南山区\n科技园一路 6 号');
  });
});

describe('mapping headers', () => {
  const columns: ColumnSpec<'groupCode' | 'phone' | 'note'>[] = [
    { key: 'groupCode', headers: ['集团编码', 'group code'], required: true },
    { key: 'phone', headers: ['联系电话', 'phone'], required: true },
    { key: 'note', headers: ['备注'], required: false },
  ];

  it.each([
    ['集团编码', 'groupCode'],
    [' Group_Code ', 'groupCode'],
    ['联系电话（手机）', 'phone'],
    ['ＰＨＯＮＥ', 'phone'],
  ])('%j maps to %s', (header, key) => {
    expect(mapHeaders([header], columns).index).toHaveProperty(key, 0);
  });

  it('names missing required columns, unknown and duplicated headers', () => {
    const map = mapHeaders(['集团编码', '联系人', 'group code'], columns);
    expect(map.missing).toEqual(['phone']);
    expect(map.unknown).toEqual(['联系人']);
    expect(map.duplicate).toEqual(['group code']);
  });

  it('picks trimmed cells by key, absent optional columns as empty', () => {
    const map = mapHeaders(['联系电话', '集团编码'], columns);
    expect(pickCells([' 13812345678 ', 'G1'], map, columns)).toEqual({ groupCode: 'G1', phone: '13812345678', note: '' });
  });

  it('normalises headers', () => expect(normalizeHeader('客户经理 工号(username)')).toBe('客户经理工号'));
});

describe('what a file is, by its first bytes', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  it.each([
    ['an XLSX (zip)', bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00), 'zip'],
    ['an old .xls or encrypted workbook', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00), 'ole'],
    ['UTF-16 with a BOM (Excel "Unicode text")', bytes(0xff, 0xfe, 0x96, 0x96), 'utf16'],
    ['UTF-16 without a BOM', Uint8Array.from(Buffer.from('集团编码,name,phone\r\n', 'utf16le').subarray(0)), 'utf16'],
    ['a PDF', Uint8Array.from(Buffer.from('%PDF-1.7\n')), 'binary'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a), 'binary'],
    ['text with a NUL byte', Uint8Array.from(Buffer.from('abc\u0000def')), 'binary'],
    ['UTF-8 CSV', Uint8Array.from(Buffer.from(CSV, 'utf8')), 'text'],
    ['GBK CSV', Uint8Array.from(iconv.encode(CSV, 'gbk')), 'text'],
  ])('%s is %s', (_name, head, kind) => {
    expect(sniffContent(head)).toBe(kind);
  });

  it('reads UTF-8 and GBK text; bytes that fit neither are an encoding problem', () => {
    expect(textEncoding(Buffer.from(CSV, 'utf8'), false)).toBe('utf8');
    expect(textEncoding(iconv.encode(CSV, 'gbk'), false)).toBe('gb18030');
    expect(() => textEncoding(Uint8Array.from([0x41, 0x2c, 0x81, 0x20, 0x42, 0x0a]), false)).toThrow(UnreadableFileError);
  });
});

describe('files that cannot be read say why', () => {
  async function problemOf(name: string, content: string | Buffer, maxRows?: number) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    try {
      for await (const _row of readTable(file, { maxRows })) {
        // read to the end
      }
      return undefined;
    } catch (error) {
      return error instanceof UnreadableFileError ? [error.problem, error.params] : error;
    }
  }

  it.each([
    ['scan.csv', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(32, 1)]), undefined, ['notSpreadsheet', {}]],
    ['old.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), undefined, ['oldExcel', {}]],
    ['unicode.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CSV, 'utf16le')]), undefined, ['encoding', {}]],
    ['broken.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 0x41)]), undefined, ['corrupt', {}]],
    ['quote.csv', '集团编码,集团名称\nG001,甲\nG002,"乙公司\nG003,丙\n', undefined, ['badQuotes', { row: 3 }]],
    ['long.csv', '集团编码\nG1\nG2\nG3\n', 2, ['tooManyRows', { max: 2 }]],
    ['fits.csv', '集团编码\nG1\nG2\n', 2, undefined],
  ])('%s', async (name, content, maxRows, expected) => {
    expect(await problemOf(name, content, maxRows)).toEqual(expected);
  });

  it('reads an XLSX saved with a .csv name by what it is', async () => {
    const file = path.join(dir, 'renamed.csv');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('客户').addRow(['集团编码', '集团名称']);
    await wb.xlsx.writeFile(file);
    expect((await rowsOf(file))[0].cells).toEqual(['集团编码', '集团名称']);
  });
});

describe('header problems', () => {
  const columns: ColumnSpec<'groupCode' | 'class' | 'note'>[] = [
    { key: 'groupCode', headers: ['集团编码', 'group code'], required: true },
    { key: 'class', headers: ['集团等级', '等级', 'class'], required: true },
    { key: 'note', headers: ['备注'], required: false },
  ];
  const issuesOf = (headers: string[]) => headerIssues(columns, headers, mapHeaders(headers, columns), 1);

  it('names a missing column by its Chinese header, the other headers it may have and the headers found', () => {
    expect(issuesOf(['集团编码', '级别', '备注'])).toEqual([
      { rowNumber: 1, column: 'class', code: 'import.missingColumn', params: { column: '集团等级', accepted: '集团等级 / 等级 / class', found: '集团编码、级别、备注' } },
    ]);
  });
  it('says the header row is empty rather than listing every column as missing', () => {
    expect(issuesOf(['', ' '])).toEqual([{ rowNumber: 1, code: 'import.headerRowEmpty', params: { expected: '集团编码、集团等级' } }]);
  });
  it('names a header written twice', () => {
    expect(issuesOf(['集团编码', '等级', 'class'])).toEqual([{ rowNumber: 1, column: 'class', code: 'import.duplicateColumn', params: { column: 'class' } }]);
  });
  it('a complete header has no problem', () => expect(issuesOf(['group code', 'class'])).toEqual([]));
});
