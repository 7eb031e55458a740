import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type postgres from 'postgres';

/**
 * The import bench's world and files (bench/import.ts). The world is written in SQL: units,
 * managers and one staff member who imports. The files are what a department sends: 附件1
 * 《集团客户明细》 with two rows per customer (the first with address, coordinates, the claiming
 * manager and the claim date and its key person; the second repeating who the customer is and
 * adding a liaison), and 附件3《集团客户拜访记录》 with visits by those managers to the customers
 * they claim, naming those contacts. Times are relative to `now` (the commit runs on the real clock).
 */
export const IMPORT_STAFF = 'import-staff';
export const UNITS = 10;
export const MANAGERS = 500;

export const CUSTOMER_HEADER = ['集团编码', '集团名称', '集团等级', '营销单位', '地址', '纬度', '经度', '客户经理工号', '认领生效日期', '关键人姓名', '职务', '联系人类型', '联系电话'];
export const VISIT_HEADER = ['客户经理工号', '集团编码', '拜访对象', '拜访方式', '拜访时间', '填报时间', '签到方式', '签到纬度', '签到经度', '拜访目的', '拜访纪要'];

export async function seedImportWorld(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    insert into units (code, name, region) select 'BI' || lpad(g::text, 2, '0'), '导入测试单位' || g, '压测' from generate_series(1, ${UNITS}) g;
    insert into users (username, display_name, password_hash, role, unit_id)
      select 'bim' || g, '导入经理' || g, '!', 'manager', (select id from units where code = 'BI' || lpad((1 + (g - 1) % ${UNITS})::text, 2, '0'))
        from generate_series(1, ${MANAGERS}) g;
    insert into users (username, display_name, password_hash, role) values ('${IMPORT_STAFF}', '导入员', '!', 'staff');
    analyze;
  `);
}

const groupCode = (c: number) => `BG${String(c).padStart(7, '0')}`;
const managerOf = (c: number) => `bim${1 + (c % MANAGERS)}`;
const unitOf = (c: number) => `BI${String(1 + (c % UNITS)).padStart(2, '0')}`;
const keyPerson = (c: number) => `关键人${c}`;
const liaison = (c: number) => `联系人${c}`;
const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** Writes rows to a CSV file, waiting for the stream when its buffer is full. */
async function writeCsv(filePath: string, header: string[], rows: number, row: (i: number) => string[]): Promise<void> {
  const out = createWriteStream(filePath);
  out.write(`${header.join(',')}\r\n`);
  for (let i = 0; i < rows; i++) {
    if (!out.write(`${row(i).map(quote).join(',')}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Wall-clock 'YYYY-MM-DD HH:mm' in Asia/Shanghai (UTC+8, no daylight saving), as people type it. */
const shanghai = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** `rows` rows, two per customer: `rows / 2` customers, each with a key person and a liaison. */
export async function writeCustomerFile(filePath: string, rows: number, now: Date): Promise<{ customers: number; claimFrom: string }> {
  const customers = Math.ceil(rows / 2);
  const claimFrom = shanghai(new Date(now.getTime() - 120 * 86_400_000)).slice(0, 10);
  await writeCsv(filePath, CUSTOMER_HEADER, rows, (i) => {
    const c = i % customers;
    const name = `压测客户${c}有限公司`;
    const cls = ['A', 'B', 'C', 'D'][c % 4];
    if (i < customers) {
      const lat = (31 + (c % 1000) / 10_000).toFixed(4);
      const lng = (121 + (c % 997) / 10_000).toFixed(4);
      return [groupCode(c), name, cls, unitOf(c), `浦东新区压测路${c}号`, lat, lng, managerOf(c), claimFrom, keyPerson(c), '总经理', '关键人', `138${String(c).padStart(8, '0')}`];
    }
    return [groupCode(c), name, cls, unitOf(c), '', '', '', '', '', liaison(c), '办公室主任', '联系人', `139${String(c).padStart(8, '0')}`];
  });
  return { customers, claimFrom };
}

/**
 * `rows` visits to the `customers` of the customer file, each by the manager who claims it,
 * spread over the ~70 days before `now` (every row at its own minute, so no two are the same
 * visit); a third by phone, the rest on site with a GPS check-in; one in twenty filed late.
 */
export async function writeVisitFile(filePath: string, rows: number, customers: number, now: Date): Promise<void> {
  const latest = now.getTime() - 2 * 86_400_000;
  await writeCsv(filePath, VISIT_HEADER, rows, (i) => {
    const c = i % customers;
    // A permutation of 0..rows-1 (7919 is prime): one minute each, in no particular order.
    const minutes = (i * 7919) % rows;
    const visitedAt = new Date(latest - minutes * 60_000);
    const reportedAt = new Date(visitedAt.getTime() + (i % 20 === 0 ? 30 : 2) * 3600_000);
    const phone = i % 3 === 0;
    const who = i % 4 === 0 ? `${keyPerson(c)}、${liaison(c)}` : i % 2 === 0 ? keyPerson(c) : liaison(c);
    return [
      managerOf(c),
      groupCode(c),
      who,
      phone ? '电话拜访' : '上门拜访',
      shanghai(visitedAt),
      shanghai(reportedAt),
      phone ? '无' : '定位',
      phone ? '' : (31 + (c % 1000) / 10_000).toFixed(4),
      phone ? '' : (121 + (c % 997) / 10_000).toFixed(4),
      `了解通信需求，介绍专线与云业务（第 ${i} 次）`,
      i % 5 === 0 ? '客户有意向续签专线，约下周再谈' : '',
    ];
  });
}
