import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { runImportInline } from '@/lib/imports/imports';
import { queue } from '@/lib/platform/jobs/queues';
import { toLocalInput } from '@/lib/platform/time/zone';
import { emptyQueuesForEachTest } from '../support/callbacks';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

const TZ = 'Asia/Shanghai';
const DAY = 24 * 60 * 60 * 1000;
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'huifang-verdict-import-'));
  process.env.UPLOAD_DIR = path.join(dir, 'uploads');
});
beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

/** Commit runs on the real clock: 40 days ago is always last month or earlier, 2 hours ago this month. */
const ago = (ms: number) => toLocalInput(new Date(Date.now() - ms), TZ).replace('T', ' ');

describe('a committed visit import asks for verdicts', () => {
  it('once per manager and month it touched, so the managers see their verdicts without waiting for the close', async () => {
    const unit = await makeUnit(db);
    const staff = await makeUser(db, 'staff');
    const first = await makeUser(db, 'manager', { unitId: unit.id, username: 'zhangwei' });
    const second = await makeUser(db, 'manager', { unitId: unit.id, username: 'lina' });
    const g1 = await makeCustomer(db, unit.id, { groupCode: 'G100' });
    const g2 = await makeCustomer(db, unit.id, { groupCode: 'G200' });
    await makeContact(db, g1.id, { name: '张三' });
    await makeContact(db, g2.id, { name: '李四' });
    await makeClaim(db, g1.id, first.id, new Date(Date.now() - 90 * DAY));
    await makeClaim(db, g2.id, second.id, new Date(Date.now() - 90 * DAY));
    const file = path.join(dir, 'visits.csv');
    await writeFile(
      file,
      [
        '客户经理工号,集团编码,拜访对象,拜访方式,拜访时间,填报时间,签到方式,签到纬度,签到经度,拜访目的,拜访纪要',
        `zhangwei,G100,张三,电话,${ago(40 * DAY)},${ago(40 * DAY)},无,,,续签专线,`,
        `zhangwei,G100,张三,电话,${ago(40 * DAY + 3_600_000)},${ago(40 * DAY)},无,,,续签专线,`,
        `zhangwei,G100,张三,电话,${ago(2 * 3_600_000)},${ago(3_600_000)},无,,,5G 方案,`,
        `lina,G200,李四,电话,${ago(3 * 3_600_000)},${ago(3_600_000)},无,,,满意度,`,
      ].join('\n'),
      'utf8',
    );

    const result = await runImportInline({ ctx: ctxAs(db, staff), db, input: { kind: 'visits', fileName: 'visits.csv' }, filePath: file, commit: true });
    expect(result.status).toBe('committed');

    const jobs = (await queue('assessment').getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.name === 'verdicts.visit');
    // zhangwei in two months, lina in one: three evaluations, each named after the import.
    expect(jobs).toHaveLength(3);
    expect(new Set(jobs.map((j) => (j.data as { event: string }).event))).toEqual(new Set([`import-${result.id}`]));
  });
});
