import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { visitReportContacts, visitReports } from '@/db/schema';
import { runImportInline } from '@/lib/imports/imports';
import { toLocalInput } from '@/lib/platform/time/zone';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

const TZ = 'Asia/Shanghai';
const HOUR = 60 * 60 * 1000;
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'huifang-visit-import-'));
  process.env.UPLOAD_DIR = path.join(dir, 'uploads');
});
beforeEach(async () => {
  db = (await testDb()).db;
});

/** Commit runs on the real clock, so visit times are set relative to it. */
const ago = (hours: number) => toLocalInput(new Date(Date.now() - hours * HOUR), TZ).replace('T', ' ');

async function world() {
  const unit = await makeUnit(db);
  const staff = await makeUser(db, 'staff');
  const manager = await makeUser(db, 'manager', { unitId: unit.id, username: 'zhangwei' });
  await makeUser(db, 'manager', { unitId: unit.id, username: 'gone', active: false });
  const customer = await makeCustomer(db, unit.id, { groupCode: 'G100' });
  const zhang = await makeContact(db, customer.id, { name: '张三' });
  const li = await makeContact(db, customer.id, { name: '李四' });
  await makeClaim(db, customer.id, manager.id);
  const unclaimed = await makeCustomer(db, unit.id, { groupCode: 'G200' });
  await makeContact(db, unclaimed.id, { name: '张三' });
  return { staff, manager, customer, zhang, li };
}

async function csv(name: string, lines: string[]) {
  const file = path.join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`, 'utf8');
  return file;
}

const HEADER = '客户经理工号,集团编码,拜访对象,拜访方式,拜访时间,填报时间,签到方式,签到纬度,签到经度,拜访目的,拜访纪要';

describe('visit import', () => {
  it('reports bad rows by row and column and writes nothing; the fixed file commits; re-importing adds nothing', async () => {
    const { staff, customer, zhang, li } = await world();
    const good = [
      `zhangwei,G100,张三、李四,上门拜访,${ago(72)},,定位,22.54,114.06,续签专线,客户满意`,
      `ZhangWei,G100,李四,电话,${ago(50)},${ago(40)},无,,,回访满意度,`,
      `zhangwei,G100,"张三, 李四",on-site,${ago(30).replace(/-/g, '/')},${ago(29)},QR,,,5G 方案,`,
    ];
    const bad = [
      `nobody,G100,张三,上门,${ago(10)},,,,,目的,`, // row 5: unknown manager
      `gone,G100,张三,上门,${ago(10)},,,,,目的,`, // row 6: inactive manager
      `zhangwei,G999,张三,上门,${ago(10)},,,,,目的,`, // row 7: unknown group code
      `zhangwei,G200,张三,上门,${ago(10)},,,,,目的,`, // row 8: not claimed
      `zhangwei,G100,王五,上门,${ago(10)},,,,,目的,`, // row 9: unknown contact
      `zhangwei,G100,张三,微信,${ago(10)},,,,,目的,`, // row 10: bad type
      `zhangwei,G100,张三,上门,2099-01-01 10:00,,,,,目的,`, // row 11: future
      `zhangwei,G100,张三,上门,${ago(10)},${ago(11)},,,,目的,`, // row 12: reported before the visit
      `zhangwei,G100,张三,上门,${ago(10)},,GPS,,,目的,`, // row 13: GPS without coordinates
      good[0], // row 14: duplicate of row 2
      `zhangwei,G100,张三,上门,昨天下午,,,,,,`, // row 15: bad time, missing purpose
    ];
    const badFile = await csv('bad.csv', [HEADER, ...good, ...bad]);
    const ctx = ctxAs(db, staff);
    const checked = await runImportInline({ ctx, db, input: { kind: 'visits', fileName: 'bad.csv' }, filePath: badFile, commit: true });
    expect(checked.status).toBe('validated');
    const issues = checked.errors.map((e) => `${e.rowNumber} ${e.column} ${e.code}`);
    expect(issues).toEqual([
      '5 managerUsername import.visits.unknownManager',
      '6 managerUsername import.visits.unknownManager',
      '7 groupCode import.visits.unknownGroupCode',
      '8 groupCode import.visits.notClaimed',
      '9 contactNames import.visits.unknownContact',
      '10 type import.visits.badType',
      '11 visitedAt import.visits.futureTime',
      '12 reportedAt import.visits.reportedBeforeVisit',
      '13 latitude import.visits.coordinatesRequired',
      '13 longitude import.visits.coordinatesRequired',
      '14 visitedAt import.visits.duplicateRow',
      '15 purpose import.visits.required',
      '15 visitedAt import.visits.badTime',
    ]);
    expect(checked.errors.find((e) => e.rowNumber === 14)?.params).toMatchObject({ row: 2 });
    expect(checked.errors.find((e) => e.rowNumber === 9)?.value).toBe('王五');
    expect(checked.errorCount).toBe(13);
    expect((await db.select({ n: count() }).from(visitReports))[0].n).toBe(0);

    const fixedFile = await csv('fixed.csv', [HEADER, ...good]);
    const committed = await runImportInline({ ctx, db, input: { kind: 'visits', fileName: 'fixed.csv' }, filePath: fixedFile, commit: true });
    expect(committed.status).toBe('committed');
    expect(committed.errorCount).toBe(0);
    // Row 2 is filed now, 72 h after the visit: late. Rows 3 and 4 were filed in time.
    expect(committed.summary).toEqual({ visitsCreated: 3, visitsUnchanged: 0, visitsLate: 1 });
    const stored = await db.select().from(visitReports).where(eq(visitReports.customerId, customer.id));
    expect(stored).toHaveLength(3);
    expect(stored.every((v) => v.source === 'import' && v.importId === committed.id && v.externalRef)).toBe(true);
    const first = stored.find((v) => v.type === 'on_site' && v.checkInMethod === 'gps')!;
    expect(first).toMatchObject({ late: true, checkInLatitude: 22.54, purpose: '续签专线', summary: '客户满意', createdBy: staff.id });
    const links = await db.select().from(visitReportContacts).where(eq(visitReportContacts.visitId, first.id));
    expect(links.map((l) => l.contactId).sort()).toEqual([zhang.id, li.id].sort());
    const qr = stored.find((v) => v.checkInMethod === 'qr')!;
    expect(qr.late).toBe(false);
    expect((await db.select().from(visitReportContacts).where(eq(visitReportContacts.visitId, qr.id))).length).toBe(2);

    const again = await runImportInline({ ctx, db, input: { kind: 'visits', fileName: 'fixed-again.csv' }, filePath: fixedFile, commit: true });
    expect(again.status).toBe('committed');
    expect(again.summary).toEqual({ visitsCreated: 0, visitsUnchanged: 3, visitsLate: 0 });
    expect((await db.select({ n: count() }).from(visitReports))[0].n).toBe(3);
  });

  it('previews without writing (dry run) and accepts English headers', async () => {
    const { staff } = await world();
    const file = await csv('english.csv', [
      'manager username,group code,contact names,visit type,visited at,purpose',
      `zhangwei,G100,张三,phone,${ago(5)},check-in call`,
    ]);
    const previewed = await runImportInline({ ctx: ctxAs(db, staff), db, input: { kind: 'visits', fileName: 'english.csv' }, filePath: file, commit: false });
    expect(previewed.status).toBe('validated');
    expect(previewed.summary).toEqual({ visitsCreated: 1, visitsUnchanged: 0, visitsLate: 0 });
    expect((await db.select({ n: count() }).from(visitReports))[0].n).toBe(0);
  });
});
