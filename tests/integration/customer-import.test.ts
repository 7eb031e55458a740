import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { asc, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, claims, contacts, customers } from '@/db/schema';
import { runImportInline } from '@/lib/imports/imports';
import { ctxAs, makeClaim, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'huifang-customer-import-'));
  process.env.UPLOAD_DIR = path.join(dir, 'uploads');
});
beforeEach(async () => {
  db = (await testDb()).db;
});

const HEADER = ['集团编码', '集团名称', '集团等级', '营销单位', '地址', '纬度', '经度', '客户经理工号', '认领生效日期', '关键人姓名', '职务', '联系人类型', '联系电话'];

async function world() {
  const unit = await makeUnit(db, { code: 'DX01', name: '城东营销单位' });
  const west = await makeUnit(db, { code: 'DX02', name: '城西营销单位' });
  await makeUnit(db, { code: 'DX99', name: '已撤销单位', active: false });
  const staff = await makeUser(db, 'staff');
  const zhang = await makeUser(db, 'manager', { unitId: unit.id, username: 'zhangwei' });
  const li = await makeUser(db, 'manager', { unitId: unit.id, username: 'lina' });
  await makeUser(db, 'supervisor', { unitId: unit.id, username: 'boss' });
  await makeUser(db, 'manager', { unitId: unit.id, username: 'gone', active: false });
  return { unit, west, staff, zhang, li };
}

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csvText = (rows: string[][]) => `${[HEADER, ...rows].map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`;

async function csv(name: string, rows: string[][], encoding: 'utf8' | 'gbk' = 'utf8') {
  const file = path.join(dir, name);
  await writeFile(file, encoding === 'gbk' ? iconv.encode(csvText(rows), 'gbk') : csvText(rows));
  return file;
}

async function xlsx(name: string, rows: string[][]) {
  const file = path.join(dir, name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('集团客户明细');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function run(staff: Awaited<ReturnType<typeof world>>['staff'], file: string, commit = true) {
  return runImportInline({ ctx: ctxAs(db, staff), db, input: { kind: 'customers', fileName: path.basename(file) }, filePath: file, commit });
}

async function snapshot() {
  return {
    customers: await db.select().from(customers).orderBy(asc(customers.groupCode)),
    contacts: await db.select().from(contacts).orderBy(asc(contacts.name)),
    claims: await db.select().from(claims).orderBy(asc(claims.effectiveFrom)),
  };
}

// The file a department would send: G001 has two contacts on two rows, G002 one; both claimed.
const GOOD: string[][] = [
  ['G001', '华东钢铁集团', 'A', 'DX01', '城东路1号', '31.2304', '121.4737', 'zhangwei', '2026-01-01', '王总', '总经理', '关键人', '138 1234 5678'],
  ['G001', '华东钢铁集团', 'a', '城东营销单位', '', '', '', '', '', '李主任', '办公室主任', '联系人', '+86 139-1234-5678'],
  ['G002', '城西物流公司', 'Ｃ', 'DX02', '城西大道8号', '', '', 'lina', '', '赵经理', '信息部经理', '', '１３７１２３４５６７８'],
];

describe('customer import', () => {
  it('reports each bad row by row and column and writes nothing', async () => {
    const { staff } = await world();
    const file = await csv('bad.csv', [
      ...GOOD, // rows 2-4
      ['', '无编码公司', 'A', 'DX01', '', '', '', '', '', '', '', '', ''], // 5: missing code
      ['G003', '丙公司', 'E', 'DX01', '', '', '', '', '', '', '', '', ''], // 6: unknown class
      ['G004', '丁公司', 'B', '不存在的单位', '', '', '', '', '', '', '', '', ''], // 7: unknown unit
      ['G005', '戊公司', 'B', 'DX01', '', '', '', 'nobody', '', '', '', '', ''], // 8: unknown manager
      ['G006', '己公司', 'B', 'DX01', '', '', '', 'boss', '', '', '', '', ''], // 9: not a manager
      ['G007', '庚公司', 'B', 'DX01', '', '', '', 'gone', '', '', '', '', ''], // 10: inactive manager
      ['G008', '辛公司', 'B', 'DX01', '', '', '', '', '', '钱总', '', '', '12345'], // 11: bad phone
      ['G009', '壬公司', 'B', 'DX01', '', '', '', '', '', '孙总', '', '', ''], // 12: name without phone
      ['G010', '癸公司', 'B', 'DX01', '', '', '', '', '', '', '', '', '13800001111'], // 13: phone without name
      ['G001', '华东钢铁集团', 'A', 'DX01', '', '', '', '', '', '王总', '', '', '13812345678'], // 14: duplicate contact of row 2
      ['G002', '城西物流有限公司', 'B', 'DX01', '', '', '', 'zhangwei', '', '', '', '', ''], // 15: disagrees with row 4
      ['G011', '子公司', 'C', 'DX01', '', '95', '200', '', '', '', '', '', ''], // 16: bad coordinates
      ['G012', '丑公司', 'C', 'DX01', '', '31.2', '', '', '', '', '', '', ''], // 17: latitude without longitude
      ['G013', '寅公司', 'D', 'DX99', '', '', '', '', '', '', '', '', ''], // 18: unit deactivated
      ['G014', '卯公司', 'D', 'DX01', '', '', '', 'zhangwei', '下个月', '', '', '', ''], // 19: bad date
      ['G015', '辰公司', 'D', 'DX01', '', '', '', '', '', '周总', '', '领导', '13800002222'], // 20: unknown contact role
      ['G016', '巳公司', 'D', 'DX01', '', '', '', '', '2026-01-01', '', '', '', ''], // 21: claim date without manager
      ['G001', '华东钢铁集团', 'A', 'DX01', '', '', '', 'zhangwei', '2026-02-01', '', '', '', ''], // 22: another claim date than row 2
    ]);
    const before = await snapshot();
    const result = await run(staff, file);
    expect(result.status).toBe('validated');
    const issues = result.errors.map((e) => `${e.rowNumber} ${e.column} ${e.code}`);
    expect(issues).toEqual([
      '5 groupCode import.customers.missingCode',
      '6 class import.customers.unknownClass',
      '7 unit import.customers.unknownUnit',
      '8 managerUsername import.customers.unknownManager',
      '9 managerUsername import.customers.notAManager',
      '10 managerUsername import.customers.notAManager',
      '11 contactPhone import.customers.badPhone',
      '12 contactPhone import.customers.contactPhoneMissing',
      '13 contactName import.customers.contactNameMissing',
      '14 contactName import.customers.duplicateContact',
      '15 class import.customers.inconsistent',
      '15 managerUsername import.customers.inconsistent',
      '15 name import.customers.inconsistent',
      '15 unit import.customers.inconsistent',
      '16 latitude import.customers.badCoordinate',
      '16 longitude import.customers.badCoordinate',
      '17 longitude import.customers.coordinatesPair',
      '18 unit import.customers.unitInactive',
      '19 claimFrom import.customers.badDate',
      '20 contactRole import.customers.unknownContactRole',
      '21 claimFrom import.customers.claimFromWithoutManager',
      '22 claimFrom import.customers.inconsistent',
    ]);
    expect(result.errors.find((e) => e.rowNumber === 14)?.params).toEqual({ row: 2 });
    expect(result.errors.find((e) => e.rowNumber === 15)?.params).toEqual({ row: 4 });
    // What committing would do counts the three good rows (2-4) only: two customers, not sixteen.
    expect(result.stage).toBe('hasErrors');
    expect(result.goodRows).toBe(3);
    expect(result.summary).toMatchObject({ customersCreated: 2, contactsCreated: 3, claimsCreated: 2 });
    expect(await snapshot()).toEqual(before);
    expect(before.customers).toHaveLength(0);
  });

  it('numbers rows as Excel and WPS do after an address spanning two lines (CSV and XLSX)', async () => {
    const { staff } = await world();
    const ok = (n: number, address = '城东路1号') => [`G10${n}`, `公司${n}`, 'B', 'DX01', address, '', '', '', '', '', '', '', ''];
    const rows = [
      ok(1), // 2
      ok(2), // 3
      ok(3), // 4
      ok(4), // 5
      ok(5), // 6
      ok(6, '上海市浦东新区\n张江路 88 号 3 楼'), // 7: one row, two lines
      ['G107', '公司7', 'E', 'DX01', '', '', '', '', '', '', '', '', ''], // 8: unknown class
      ['G108', '公司8', 'B', '不存在的单位', '', '', '', '', '', '', '', '', ''], // 9: unknown unit
      ['G109', '公司9', 'B', 'DX01', '', '', '', 'nobody', '', '', '', '', ''], // 10: unknown manager
      ['G110', '公司10', 'B', 'DX01', '', '', '', '', '', '钱总', '', '', '12345'], // 11: bad phone
      ['G111', '公司11', 'B', 'DX01', '', '95', '200', '', '', '', '', '', ''], // 12: bad coordinates
      ['G112', '公司12', 'B', 'DX01', '', '', '', '', '下个月', '', '', '', ''], // 13: bad date
    ];
    const expected = [
      '8 class',
      '9 unit',
      '10 managerUsername',
      '11 contactPhone',
      '12 latitude',
      '12 longitude',
      '13 claimFrom',
    ];
    const fromCsv = await run(staff, await csv('two-line-address.csv', rows));
    expect(fromCsv.status).toBe('validated');
    expect(fromCsv.errors.map((e) => `${e.rowNumber} ${e.column}`)).toEqual(expected);
    const fromXlsx = await run(staff, await xlsx('two-line-address.xlsx', rows));
    expect(fromXlsx.errors.map((e) => `${e.rowNumber} ${e.column}`)).toEqual(expected);
    expect((await snapshot()).customers).toHaveLength(0);
  });

  it('imports the fixed file (XLSX); re-importing it changes nothing', async () => {
    const { staff, unit, west, zhang, li } = await world();
    const file = await xlsx('good.xlsx', GOOD);

    const preview = await run(staff, file, false);
    expect(preview.errorCount).toBe(0);
    expect(preview.summary).toMatchObject({ customersCreated: 2, contactsCreated: 3, claimsCreated: 2 });
    expect((await snapshot()).customers).toHaveLength(0);

    const startedAt = Date.now();
    const result = await run(staff, file);
    expect(result.status).toBe('committed');
    expect(result.summary).toEqual({
      customersCreated: 2,
      customersUpdated: 0,
      customersUnchanged: 0,
      contactsCreated: 3,
      contactsUpdated: 0,
      contactsUnchanged: 0,
      claimsCreated: 2,
      claimsReassigned: 0,
      claimsUnchanged: 0,
    });
    const after = await snapshot();
    expect(after.customers.map((c) => [c.groupCode, c.name, c.class, c.unitId, c.address, c.latitude, c.longitude])).toEqual([
      ['G001', '华东钢铁集团', 'A', unit.id, '城东路1号', 31.2304, 121.4737],
      ['G002', '城西物流公司', 'C', west.id, '城西大道8号', null, null],
    ]);
    expect(after.contacts.map((c) => [c.name, c.title, c.role, c.phone])).toEqual([
      ['李主任', '办公室主任', 'liaison', '+8613912345678'],
      ['王总', '总经理', 'key_person', '+8613812345678'],
      ['赵经理', '信息部经理', 'key_person', '+8613712345678'],
    ]);
    const [g1, g2] = after.customers;
    const claimOf = (customerId: string) => after.claims.find((c) => c.customerId === customerId)!;
    expect(claimOf(g1.id)).toMatchObject({ managerId: zhang.id, effectiveFrom: new Date('2025-12-31T16:00:00Z'), effectiveTo: null });
    // No 认领生效日期: the claim starts when the import is committed.
    expect(claimOf(g2.id).managerId).toBe(li.id);
    expect(claimOf(g2.id).effectiveFrom.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    const actions = (await db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions.filter((a) => a === 'customer.created')).toHaveLength(2);
    expect(actions.filter((a) => a === 'claim.created')).toHaveLength(2);

    const again = await run(staff, file);
    expect(again.status).toBe('committed');
    expect(again.summary).toEqual({
      customersCreated: 0,
      customersUpdated: 0,
      customersUnchanged: 2,
      contactsCreated: 0,
      contactsUpdated: 0,
      contactsUnchanged: 3,
      claimsCreated: 0,
      claimsReassigned: 0,
      claimsUnchanged: 2,
    });
    expect(await snapshot()).toEqual(after);
  });

  it('updates customers by group code from a changed GBK file and reassigns the claim to another manager', async () => {
    const { staff, unit, zhang, li } = await world();
    await run(staff, await csv('first.csv', GOOD));
    const before = await snapshot();
    const g1 = before.customers.find((c) => c.groupCode === 'G001')!;
    const oldClaim = before.claims.find((c) => c.customerId === g1.id)!;

    const changed = await csv(
      'changed.csv',
      [
        // G001: class B now, new address, handed to lina from March; one more contact, 王总's title changed.
        ['G001', '华东钢铁集团', 'B', 'DX01', '城东路100号', '', '', 'lina', '2026-03-01', '王总', '董事长', '', '13812345678'],
        ['G001', '华东钢铁集团', 'B', 'DX01', '', '', '', '', '', '陈会计', '财务主管', '联系人', '13600001234'],
        // G002 as before (blank cells keep what is on file).
        ['G002', '城西物流公司', 'C', 'DX02', '', '', '', 'lina', '', '', '', '', ''],
      ],
      'gbk',
    );
    const result = await run(staff, changed);
    expect(result.errorCount).toBe(0);
    expect(result.summary).toEqual({
      customersCreated: 0,
      customersUpdated: 1,
      customersUnchanged: 1,
      contactsCreated: 1,
      contactsUpdated: 1,
      contactsUnchanged: 0,
      claimsCreated: 0,
      claimsReassigned: 1,
      claimsUnchanged: 1,
    });
    const after = await snapshot();
    const g1After = after.customers.find((c) => c.groupCode === 'G001')!;
    expect(g1After).toMatchObject({ id: g1.id, class: 'B', address: '城东路100号', unitId: unit.id, latitude: 31.2304 });
    expect(after.customers.find((c) => c.groupCode === 'G002')).toEqual(before.customers.find((c) => c.groupCode === 'G002'));
    expect(after.contacts.find((c) => c.name === '王总')?.title).toBe('董事长');
    expect(after.contacts.find((c) => c.name === '陈会计')?.phone).toBe('+8613600001234');

    const march = new Date('2026-02-28T16:00:00Z');
    const g1Claims = after.claims.filter((c) => c.customerId === g1.id);
    expect(g1Claims.map((c) => [c.managerId, c.effectiveFrom, c.effectiveTo])).toEqual([
      [zhang.id, oldClaim.effectiveFrom, march],
      [li.id, march, null],
    ]);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, 'claim.reassigned'));
    expect(audit).toHaveLength(1);
    expect(audit[0].entityId).toBe(g1.id);
  });

  it('accepts English headers in any order, with a UTF-8 BOM, and columns left out', async () => {
    const { staff, zhang } = await world();
    const file = path.join(dir, 'english.csv');
    await writeFile(
      file,
      '\ufeffContact Phone,Group Code,Customer Name,Class,Unit,Manager Username,Contact Name\r\n' +
        '13812345678,G500,Acme Ltd,b,DX01,ZhangWei,Mr Wang\r\n',
    );
    const result = await run(staff, file);
    expect(result.errorCount).toBe(0);
    expect(result.summary).toMatchObject({ customersCreated: 1, contactsCreated: 1, claimsCreated: 1 });
    const after = await snapshot();
    expect(after.customers[0]).toMatchObject({ groupCode: 'G500', class: 'B', address: '' });
    expect(after.contacts[0]).toMatchObject({ name: 'Mr Wang', role: 'key_person', title: '' });
    expect(after.claims[0].managerId).toBe(zhang.id);
  });

  it('refuses a reassignment that would start before the current claim', async () => {
    const { staff, unit, zhang } = await world();
    const customer = await makeCustomer(db, unit.id, { groupCode: 'G100', name: '甲公司', class: 'A', address: '' });
    await makeClaim(db, customer.id, zhang.id, new Date('2026-02-01T00:00:00+08:00'));
    const file = await csv('early.csv', [['G100', '甲公司', 'A', 'DX01', '', '', '', 'lina', '2026-01-15', '', '', '', '']]);
    const before = await snapshot();
    const result = await run(staff, file);
    expect(result.errors.map((e) => `${e.rowNumber} ${e.column} ${e.code}`)).toEqual(['2 claimFrom import.customers.claimStartsBeforeCurrent']);
    expect(result.errors[0].params).toEqual({ from: '2026-02-01 00:00' });
    expect(await snapshot()).toEqual(before);
  });

  it('streams a file larger than one batch, keeping one customer across batches consistent', async () => {
    const { staff } = await world();
    const rows: string[][] = [];
    // 1,500 customers with two contacts each, the second contact 1,500 rows later (next batch).
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < 1500; i++) {
        const code = `B${String(i).padStart(5, '0')}`;
        rows.push([code, `客户${i}`, 'ABCD'[i % 4], 'DX01', pass === 0 ? `路${i}号` : '', '', '', pass === 1 ? 'zhangwei' : '', '', `联系人${pass}`, '', '', `1380${String(pass)}${String(i).padStart(6, '0')}`]);
      }
    }
    rows[2500][1] = '改名公司'; // row 2502 disagrees with the first row of B01000 (row 1002)
    const bad = await run(staff, await csv('big-bad.csv', rows));
    expect(bad.errors.map((e) => `${e.rowNumber} ${e.column} ${e.code} ${JSON.stringify(e.params)}`)).toEqual([
      '2502 name import.customers.inconsistent {"row":1002}',
    ]);
    rows[2500][1] = '客户1000';
    const good = await run(staff, await csv('big.csv', rows));
    expect(good.status).toBe('committed');
    expect(good.summary).toMatchObject({ customersCreated: 1500, contactsCreated: 3000, claimsCreated: 1500 });
    const counts = await snapshot();
    expect([counts.customers.length, counts.contacts.length, counts.claims.length]).toEqual([1500, 3000, 1500]);
  }, 120_000);

  it('runs from the command line: errors exit 1 naming row and column, a clean file imports', async () => {
    await world();
    const exec = promisify(execFile);
    const cli = (...args: string[]) =>
      exec('npx', ['tsx', 'scripts/cli.ts', 'import-customers', ...args], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, LOG_LEVEL: 'silent' },
      }).then(
        (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
      );

    const badFile = await csv('cli-bad.csv', [...GOOD, ['G003', '丙公司', 'E', 'DX01', '', '', '', '', '', '', '', '', '']]);
    const bad = await cli(badFile, '--lang', 'en');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('row 5, column class: Unknown customer class "E"');
    expect((await snapshot()).customers).toHaveLength(0);

    const goodFile = await csv('cli-good.csv', GOOD);
    const dry = await cli(goodFile, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('新增客户：2');
    expect((await snapshot()).customers).toHaveLength(0);

    const done = await cli(goodFile);
    expect(done.code).toBe(0);
    expect(done.out).toContain('新增客户：2');
    expect((await snapshot()).customers).toHaveLength(2);
  }, 90_000);
});
