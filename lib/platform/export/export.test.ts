import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { plainCell } from './cells';
import type { ExportColumn } from './columns';
import { CSV_BOM, csvField, csvLine } from './csv';
import { contentDisposition } from './response';
import { prepareExport, prepareWorkbook, sheetOf } from './stream';
import { XlsxBook } from './xlsx';
import { ZipWriter } from './zip';

const TZ = 'Asia/Shanghai';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['城区营销中心', '城区营销中心'],
    ['', ''],
  ])('%j is written as %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it.each([
    ['=HYPERLINK("http://x","点我")', `"'=HYPERLINK(""http://x"",""点我"")"`],
    ['+8613800000000', "'+8613800000000"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('text that starts like a formula, %j, stays text: %j', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it('numbers are numbers, negative ones too (a deduction of points)', () => {
    expect(csvField(-8)).toBe('-8');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('a line ends with CRLF', () => {
    expect(csvLine(['a', 1, 'b,c'])).toBe('a,1,"b,c"\r\n');
  });
});

describe('plainCell', () => {
  it.each([
    [new Date('2026-11-03T02:05:00Z'), 'datetime', '2026-11-03 10:05'],
    ['2026-11-02 16:30:00+00', 'datetime', '2026-11-03 00:30'],
    ['2026-11-02 16:30:00.123456+00', 'datetime', '2026-11-03 00:30'],
    [null, 'datetime', ''],
    [true, 'text', '是'],
    [false, 'text', '否'],
    ['7', 'integer', 7],
    [undefined, 'text', ''],
  ] as const)('%j as %s reads %j', (value, format, read) => {
    expect(plainCell(value, format, TZ)).toBe(read);
  });
});

describe('times in a zone that changes its offset', () => {
  it.each([
    ['2026-03-08 06:59:00+00', '2026-03-08 01:59'],
    ['2026-03-08 07:00:00+00', '2026-03-08 03:00'],
    ['2026-11-01 05:30:00+00', '2026-11-01 01:30'],
    ['2026-11-01 06:30:00+00', '2026-11-01 01:30'],
  ])('%s reads %s in New York', (instant, read) => {
    expect(plainCell(instant, 'datetime', 'America/New_York')).toBe(read);
  });
});

describe('contentDisposition', () => {
  it('names the file in Chinese (RFC 5987) with an ASCII fallback', () => {
    expect(contentDisposition('拜访记录-2026-11.csv', 'visits-2026-11.csv')).toBe(
      `attachment; filename="visits-2026-11.csv"; filename*=UTF-8''${encodeURIComponent('拜访记录-2026-11.csv')}`,
    );
  });
  it("escapes what RFC 5987 does not allow and keeps quotes out of the fallback", () => {
    expect(contentDisposition("a'(b).csv", 'a"b.csv')).toBe(`attachment; filename="a_b.csv"; filename*=UTF-8''a%27%28b%29.csv`);
  });
});

type Row = { name: string; points: number; at: string; share: number };
const columns: ExportColumn<Row>[] = [
  { header: '客户名称', value: (r) => r.name, width: 20 },
  { header: '积分', value: (r) => r.points, format: 'integer' },
  { header: '时间', value: (r) => r.at, format: 'datetime' },
  { header: '有效率', value: (r) => r.share, format: 'percent' },
];
const sample: Row[] = [
  { name: '=cmd|calc', points: -8, at: '2026-11-02 16:30:00+00', share: 0.125 },
  { name: '鹏程医药有限公司, 二部', points: 10, at: '2026-11-03 02:00:00+00', share: 1 },
];

function spec(rows: Row[]) {
  return prepareExport({
    title: '测试',
    asciiName: 'test',
    sheetName: '测试',
    columns,
    timeZone: TZ,
    rows: async function* () {
      yield* rows;
    },
  });
}

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe('prepareExport', () => {
  it('streams CSV with the BOM, Chinese headers, guarded text and times in Asia/Shanghai', async () => {
    const text = (await bytesOf(spec(sample).stream('csv'))).toString('utf8');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual(['客户名称,积分,时间,有效率', "'=cmd|calc,-8,2026-11-03 00:30,12.5%", '"鹏程医药有限公司, 二部",10,2026-11-03 10:00,100%', '']);
  });

  it('an empty list is the header alone', async () => {
    const text = (await bytesOf(spec([]).stream('csv'))).toString('utf8');
    expect(text).toBe(`${CSV_BOM}客户名称,积分,时间,有效率\r\n`);
  });

  it('streams XLSX with the same rows: text as text, numbers as numbers, times as dates on the wall clock', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await bytesOf(spec(sample).stream('xlsx'))) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('测试')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '客户名称', '积分', '时间', '有效率']);
    expect(sheet.getCell('A2').value).toBe('=cmd|calc');
    expect(sheet.getCell('B2').value).toBe(-8);
    expect(sheet.getCell('C2').value).toEqual(new Date(Date.UTC(2026, 10, 3, 0, 30)));
    expect(sheet.getCell('C2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getCell('D2').value).toBe(0.125);
    expect(sheet.rowCount).toBe(3);
  });

  it('a reader that stops early stops the rows', async () => {
    let produced = 0;
    const prepared = prepareExport({
      title: 't',
      asciiName: 't',
      sheetName: 't',
      columns,
      timeZone: TZ,
      rows: async function* () {
        for (;;) {
          produced += 1;
          yield sample[1];
        }
      },
    });
    const reader = prepared.stream('csv').getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    const after = produced;
    await new Promise((r) => setTimeout(r, 20));
    expect(produced).toBe(after);
    expect(produced).toBeLessThan(5000);
  });
});

describe('prepareWorkbook: several sheets, streamed', () => {
  type Note = { k: string; v: string };
  const notes: ExportColumn<Note>[] = [
    { header: '项目', value: (r) => r.k, width: 16 },
    { header: '内容', value: (r) => r.v, width: 60, wrap: true },
  ];
  const book = (sheets: Parameters<typeof prepareWorkbook>[0]['sheets']) => prepareWorkbook({ title: '报表', asciiName: 'report', timeZone: TZ, sheets });

  it('writes the sheets in order, each with its own columns and rows; a sheet without rows keeps its header', async () => {
    const read = new ExcelJS.Workbook();
    const bytes = await bytesOf(
      book([
        sheetOf({ name: '客户经理', columns, rows: () => sample }),
        sheetOf({ name: '变化', columns: notes, rows: async function* () {} }),
        sheetOf({ name: '说明', columns: notes, rows: () => [{ k: '考核月份', v: '2026-11' }, { k: '说明', v: '=不是公式\n第二行' }] }),
      ]).stream(),
    );
    await read.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(read.worksheets.map((w) => w.name)).toEqual(['客户经理', '变化', '说明']);
    const first = read.getWorksheet('客户经理')!;
    expect(first.getRow(1).values).toEqual([undefined, '客户名称', '积分', '时间', '有效率']);
    expect(first.rowCount).toBe(3);
    expect(first.getCell('D2').numFmt).toBe('0.0%');
    const changes = read.getWorksheet('变化')!;
    expect(changes.getRow(1).values).toEqual([undefined, '项目', '内容']);
    expect(changes.rowCount).toBe(1);
    const info = read.getWorksheet('说明')!;
    expect(info.getSheetValues().slice(1).map((r) => (r as unknown[]).slice(1))).toEqual([
      ['项目', '内容'],
      ['考核月份', '2026-11'],
      ['说明', '=不是公式\n第二行'],
    ]);
    expect(info.getCell('B3').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(info.getCell('A3').alignment).toBeUndefined();
    // Frozen under the header, the first sheet selected.
    expect(info.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('reads a sheet’s rows only when the sheets before it are written', async () => {
    const order: string[] = [];
    const rowsOf = (name: string) =>
      async function* () {
        order.push(`start ${name}`);
        yield { k: name, v: '' };
        order.push(`end ${name}`);
      };
    await bytesOf(book([sheetOf({ name: 'a', columns: notes, rows: rowsOf('a') }), sheetOf({ name: 'b', columns: notes, rows: rowsOf('b') })]).stream());
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('a reader that stops early stops the sheet being read, and the sheets after it are never read', async () => {
    let produced = 0;
    let second = false;
    const stream = book([
      sheetOf({
        name: 'a',
        columns: notes,
        rows: async function* () {
          for (;;) {
            produced += 1;
            yield { k: 'x'.repeat(200), v: String(produced) };
          }
        },
      }),
      sheetOf({
        name: 'b',
        columns: notes,
        rows: () => {
          second = true;
          return [];
        },
      }),
    ]).stream();
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 20));
    const after = produced;
    await new Promise((r) => setTimeout(r, 20));
    expect(produced).toBe(after);
    expect(second).toBe(false);
  });
});

describe('XlsxBook', () => {
  it('goes on in 名称（2） when a sheet is full, and the next sheet keeps its own name', async () => {
    const chunks: Uint8Array[] = [];
    const zip = new ZipWriter((c) => chunks.push(Buffer.from(c)));
    const book = new XlsxBook(zip, TZ, 3);
    type N = { n: number };
    const numbers: ExportColumn<N>[] = [{ header: '序号', value: (r) => r.n, format: 'integer' }];
    await book.sheet('拜访结论明细', numbers);
    await book.add([1, 2, 3, 4, 5].map((n) => ({ n })));
    await book.sheet('说明', numbers);
    await book.add([{ n: 9 }]);
    await book.finish();
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const values = (name: string) => read.getWorksheet(name)!.getSheetValues().slice(1).map((r) => (r as unknown[])[1]);
    expect(read.worksheets.map((w) => w.name)).toEqual(['拜访结论明细', '拜访结论明细（2）', '拜访结论明细（3）', '说明']);
    expect(values('拜访结论明细')).toEqual(['序号', 1, 2]);
    expect(values('拜访结论明细（2）')).toEqual(['序号', 3, 4]);
    expect(values('拜访结论明细（3）')).toEqual(['序号', 5]);
    expect(values('说明')).toEqual(['序号', 9]);
  });
});
