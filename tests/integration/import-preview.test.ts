import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, imports } from '@/db/schema';
import { ConflictError, ForbiddenError } from '@/lib/platform/core/errors';
import { importErrorsWorkbook } from '@/lib/imports/error-sheet';
import { checkImportFile, discardImport, getImport, requestCommit, runImportInline, startImport, validateImportJob } from '@/lib/imports/imports';
import { toLocalInput } from '@/lib/platform/time/zone';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * What staff see before they commit an import (issue 11 §5): the good rows as the commit reads
 * them, counts from those rows only, 有错误 / 可导入, discarding, the reason a file cannot be read,
 * the error list as XLSX — and a dry run that writes nothing at all.
 */
let dir: string;
let uploads: string;
let db: Db;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'huifang-import-preview-'));
  uploads = path.join(dir, 'uploads');
  process.env.UPLOAD_DIR = uploads;
});
beforeEach(async () => {
  db = (await testDb()).db;
});

const HEADER = '集团编码,集团名称,集团等级,营销单位,客户经理工号,关键人姓名,联系电话';

async function world() {
  const unit = await makeUnit(db, { code: 'DX01', name: '城东营销单位' });
  const staff = await makeUser(db, 'staff');
  const manager = await makeUser(db, 'manager', { unitId: unit.id, username: 'zhangwei' });
  return { unit, staff, manager };
}

async function file(name: string, content: string | Buffer) {
  const at = path.join(dir, name);
  await writeFile(at, content);
  return at;
}

/** Six customers; rows 4 and 6 have problems only the database can tell (an unknown unit, manager). */
const SIX = [
  HEADER,
  ' g-001 ,华东钢铁集团,a,DX01,ZhangWei,王总,138 1234 5678', // 2: code, class, manager, phone normalised
  'G002,城西物流公司,Ｃ,城东营销单位,,,', // 3
  'G003,丙公司,B,不存在的单位,,,', // 4: unknown unit
  'G004,丁公司,D,DX01,,李主任,+86 139-1234-5678', // 5
  'G005,戊公司,B,DX01,nobody,,', // 6: unknown manager
  'G006,己公司,B,DX01,,,', // 7
].join('\r\n');

async function validated(staff: Awaited<ReturnType<typeof world>>['staff'], at: string, kind: 'customers' | 'visits' = 'customers') {
  const ctx = ctxAs(db, staff);
  const started = await startImport({ ctx, input: { kind, fileName: path.basename(at) }, source: at });
  await validateImportJob(db, started.id);
  return getImport({ ctx, input: { id: started.id } });
}

/** Rows in every table of the schema: a dry run must leave each one as it was. */
async function everyTableCount(): Promise<Record<string, number>> {
  const tables = await db.execute<{ tablename: string }>(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const out: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from "${tablename}"`));
    out[tablename] = row.n;
  }
  return out;
}

const filesIn = async (folder: string) => (existsSync(folder) ? readdir(folder) : []);

describe('import preview', () => {
  it('counts what committing would do from the good rows only, and shows them as the commit reads them', async () => {
    const { staff } = await world();
    const record = await validated(staff, await file('six.csv', SIX));
    expect(record.stage).toBe('hasErrors');
    expect(record.errors.map((e) => `${e.rowNumber} ${e.column} ${e.code}`)).toEqual([
      '4 unit import.customers.unknownUnit',
      '6 managerUsername import.customers.unknownManager',
    ]);
    expect(record.totalRows).toBe(6);
    expect(record.goodRows).toBe(4);
    // Four good rows: four new customers, not six.
    expect(record.summary).toMatchObject({ customersCreated: 4, contactsCreated: 2, claimsCreated: 1 });
    expect(record.previewRows.map((r) => r.rowNumber)).toEqual([2, 3, 5, 7]);
    expect(record.previewRows[0].values).toEqual({
      groupCode: 'G-001',
      name: '华东钢铁集团',
      class: 'A',
      unit: 'DX01',
      managerUsername: 'zhangwei',
      contactName: '王总',
      contactPhone: '138****5678',
    });
    expect(record.previewRows[1].values).toMatchObject({ class: 'C', unit: '城东营销单位' });
    expect(record.previewRows[2].values).toMatchObject({ contactPhone: '139****5678' });

    // Paged: two rows a page.
    const second = await getImport({ ctx: ctxAs(db, staff), input: { id: record.id, rowsPage: 2, rowsPageSize: 2 } });
    expect(second.previewRows.map((r) => r.rowNumber)).toEqual([5, 7]);
  });

  it('a clean file is 可导入 and its counts are the commit\'s', async () => {
    const { staff } = await world();
    const clean = [HEADER, 'G001,华东钢铁集团,A,DX01,zhangwei,王总,13812345678', 'G002,城西物流公司,C,DX01,,,'].join('\n');
    const record = await validated(staff, await file('clean.csv', clean));
    expect(record.stage).toBe('ready');
    expect(record.goodRows).toBe(2);
    expect(record.summary).toMatchObject({ customersCreated: 2, contactsCreated: 1, claimsCreated: 1 });
  });

  it('previews visit rows with their times in Beijing time and codes for type and check-in', async () => {
    const { staff, unit, manager } = await world();
    const customer = await makeCustomer(db, unit.id, { groupCode: 'G100' });
    await makeContact(db, customer.id, { name: '张三' });
    await makeContact(db, customer.id, { name: '李四' });
    await makeClaim(db, customer.id, manager.id);
    const at = toLocalInput(new Date(Date.now() - 5 * 3600_000), 'Asia/Shanghai').replace('T', ' ');
    const csv = ['客户经理工号,集团编码,拜访对象,拜访方式,拜访时间,签到方式,拜访目的', `ZHANGWEI,G100,"张三, 李四",电话,${at},,回访续约`].join('\n');
    const record = await validated(staff, await file('visits.csv', csv), 'visits');
    expect(record.stage).toBe('ready');
    expect(record.previewRows[0].values).toEqual({
      managerUsername: 'zhangwei',
      groupCode: 'G100',
      contactNames: '张三、李四',
      type: 'phone',
      visitedAt: at,
      checkIn: 'none',
      purpose: '回访续约',
    });
  });

  it('says why a file cannot be read, and names a missing column by the headers people write', async () => {
    const { staff } = await world();
    const pdf = await validated(staff, await file('scan.csv', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 7)])));
    expect(pdf.stage).toBe('hasErrors');
    expect(pdf.errors.map((e) => [e.rowNumber, e.code])).toEqual([[0, 'import.file.notSpreadsheet']]);
    expect(pdf.goodRows).toBe(0);

    const xls = await validated(staff, await file('old.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])));
    expect(xls.errors.map((e) => e.code)).toEqual(['import.file.oldExcel']);

    const utf16 = await validated(staff, await file('unicode.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\r\n`, 'utf16le')])));
    expect(utf16.errors.map((e) => e.code)).toEqual(['import.file.encoding']);

    const missing = await validated(staff, await file('no-class.csv', '集团编码,集团名称,营销单位,备注\nG001,甲公司,DX01,\n'));
    expect(missing.errors).toHaveLength(1);
    expect(missing.errors[0]).toMatchObject({
      rowNumber: 1,
      column: 'class',
      code: 'import.missingColumn',
      params: { column: '集团等级', accepted: '集团等级 / 等级 / class / customer class', found: '集团编码、集团名称、营销单位、备注' },
    });
  });

  it('the error list downloads as XLSX with the spreadsheet row numbers, for staff only', async () => {
    const { staff, manager } = await world();
    const record = await validated(staff, await file('six-for-xlsx.csv', SIX));
    const prepared = await importErrorsWorkbook({ ctx: ctxAs(db, staff), input: { id: record.id } });
    expect(prepared.title).toBe('six-for-xlsx-错误明细');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await new Response(prepared.stream('xlsx')).arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.name).toBe('错误明细');
    const rows = sheet.getSheetValues().slice(1) as unknown[][];
    expect(rows.map((r) => r.slice(1))).toEqual([
      ['行号', '列', '内容', '问题'],
      [4, '营销单位', '不存在的单位', '营销单位“不存在的单位”不存在（可填单位编码或名称）。'],
      [6, '客户经理工号', 'nobody', '客户经理工号“nobody”不存在。'],
    ]);
    await expect(importErrorsWorkbook({ ctx: ctxAs(db, manager), input: { id: record.id } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('discards a validated import: audited, its file and preview removed, and it can no longer be committed', async () => {
    const { staff, manager } = await world();
    const clean = [HEADER, 'G001,华东钢铁集团,A,DX01,zhangwei,王总,13812345678'].join('\n');
    const record = await validated(staff, await file('to-discard.csv', clean));
    const [{ storedPath }] = await db.select({ storedPath: imports.storedPath }).from(imports).where(eq(imports.id, record.id));
    expect(existsSync(storedPath)).toBe(true);
    const ctx = ctxAs(db, staff);

    await expect(discardImport({ ctx: ctxAs(db, manager), input: { id: record.id } })).rejects.toBeInstanceOf(ForbiddenError);
    const discarded = await discardImport({ ctx, input: { id: record.id } });
    expect(discarded.status).toBe('discarded');
    expect(discarded.discardedBy).toBe(staff.id);
    expect(existsSync(storedPath)).toBe(false);
    const after = await getImport({ ctx, input: { id: record.id } });
    expect(after.stage).toBe('discarded');
    expect(after.goodRows).toBe(0);
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.entityId, record.id), eq(auditLog.action, 'import.discarded')));
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(staff.id);

    await expect(requestCommit({ ctx, input: { id: record.id } })).rejects.toMatchObject({ code: 'import.discarded' });
    // Discarding twice is harmless; a committed import cannot be discarded.
    expect((await discardImport({ ctx, input: { id: record.id } })).status).toBe('discarded');
    const committed = await runImportInline({ ctx, db, input: { kind: 'customers', fileName: 'kept.csv' }, filePath: await file('kept.csv', clean), commit: true });
    expect(committed.status).toBe('committed');
    const refused = discardImport({ ctx, input: { id: committed.id! } });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'import.cannotDiscard' });
  });

  it('a dry run writes nothing at all: no row in any table, no stored file', async () => {
    const { staff } = await world();
    const ctx = ctxAs(db, staff);
    const before = await everyTableCount();
    const filesBefore = await filesIn(path.join(uploads, 'imports'));

    const bad = await checkImportFile({ ctx, input: { kind: 'customers', fileName: 'six.csv', filePath: await file('dry-six.csv', SIX) } });
    expect(bad).toMatchObject({ id: null, stage: 'hasErrors', errorCount: 2, goodRows: 4 });
    expect(bad.summary).toMatchObject({ customersCreated: 4 });
    expect(bad.previewRows[0].values.contactPhone).toBe('138****5678');
    const good = await runImportInline({ ctx, db, input: { kind: 'customers', fileName: 'g.csv' }, filePath: await file('dry-good.csv', `${HEADER}\nG009,甲,A,DX01,,,\n`), commit: false });
    expect(good).toMatchObject({ stage: 'ready', errorCount: 0 });
    const unreadable = await checkImportFile({ ctx, input: { kind: 'customers', fileName: 'x.csv', filePath: await file('dry-pdf.csv', '%PDF-1.4\n\u0000\u0001') } });
    expect(unreadable.errors.map((e) => e.code)).toEqual(['import.file.notSpreadsheet']);

    expect(await everyTableCount()).toEqual(before);
    expect(await filesIn(path.join(uploads, 'imports'))).toEqual(filesBefore);
  });

  it('the CLI speaks Chinese by default, and its --dry-run writes nothing', async () => {
    await world();
    const exec = promisify(execFile);
    const cli = (...args: string[]) =>
      exec('npx', ['tsx', 'scripts/cli.ts', 'import-customers', ...args], { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, LOG_LEVEL: 'silent' } }).then(
        (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
      );
    const before = await everyTableCount();
    const dry = await cli(await file('cli-six.csv', SIX), '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.err).toContain('第 4 行，列“营销单位”：营销单位“不存在的单位”不存在');
    expect(dry.err).toContain('cli-six.csv 有 2 处错误，未写入任何数据。');
    expect(dry.out).toContain('导入 4 行无误的数据将会：');
    expect(dry.out).toContain('新增客户：4');
    expect(await everyTableCount()).toEqual(before);
  }, 60_000);
});
