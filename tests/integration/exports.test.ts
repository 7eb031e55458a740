import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { importErrors, imports } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { auditSentence } from '@/lib/audit-trail/catalogue';
import { listAuditEntries } from '@/lib/audit-trail/queries';
import { getCallbackIndicators } from '@/lib/indicators/indicators';
import { listManualResults } from '@/lib/callbacks/manual-results';
import { env } from '@/lib/platform/config/env';
import { fileTranslator, type ExportFormat } from '@/lib/platform/export';
import { ledgerOf } from '@/lib/points/ledger';
import { listSamplingDecisions } from '@/lib/sampling/decisions';
import { listVisits } from '@/lib/visits/visits';
import { GET } from '@/app/api/exports/[kind]/route';
import { GET as monthReportGET } from '@/app/api/assessment/[month]/export/route';
import { GET as importErrorsGET } from '@/app/api/imports/[id]/errors/route';
import { LOCALE_COOKIE } from '@/lib/platform/i18n/config';
import { monthRange } from '@/lib/platform/time/zone';
import { seedExportVisits } from '../../bench/support/export-data';
import { runExportChild } from '../../bench/support/run-export-child';
import { CLOSE_AT, makeAssessmentWorld, MONTH } from '../support/assessment';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { requestCookies, signInAs } from '../support/request-cookies';
import { testDb } from '../support/worker-setup';
import { workbookOf } from '../support/workbook';

/*
 * Exports of the lists a department hands on, through the real route: the rows of a file are the
 * rows of its list with the same filters (all of them, not a page), the file speaks Chinese, a CSV
 * opens in Excel (BOM), and nobody gets a row they could not see on the list.
 */
vi.mock('server-only', () => ({}));
vi.mock('next/headers', async () => (await import('../support/request-cookies')).nextHeadersStandIn);

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  requestCookies.clear();
});

const BOM = '\uFEFF';

async function download(user: { id: string; sessionVersion: number }, kind: string, query: Record<string, string>) {
  await signInAs(user);
  const url = new URL(`/api/exports/${kind}`, env().PUBLIC_BASE_URL);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return GET(new Request(url), { params: Promise.resolve({ kind }) });
}

/** The CSV's lines as cells (the fixtures hold no comma, quote or line break). */
async function csvOf(response: Response): Promise<{ raw: string; header: string[]; rows: string[][] }> {
  expect(response.status).toBe(200);
  // Response.text() would drop the BOM: decode keeping it.
  const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  expect(raw.startsWith(BOM)).toBe(true);
  const lines = raw.slice(BOM.length).split('\r\n');
  expect(lines.pop()).toBe('');
  return { raw, header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

async function xlsxOf(response: Response): Promise<(string | number | Date | null)[][]> {
  expect(response.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  const sheet = book.worksheets[0];
  const out: (string | number | Date | null)[][] = [];
  sheet.eachRow((row) => out.push((row.values as (string | number | Date | null)[]).slice(1)));
  return out;
}

const column = (csv: { header: string[]; rows: string[][] }, name: string) => {
  const i = csv.header.indexOf(name);
  expect(i, name).toBeGreaterThanOrEqual(0);
  return csv.rows.map((r) => r[i]);
};

async function world() {
  const w = await makeAssessmentWorld(db);
  await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
  return w;
}

describe('exports: the rows of the list, with its filters', () => {
  it('visits: the same visits as /visits with the same filters, headers in Chinese, times in Asia/Shanghai, a BOM first', async () => {
    const w = await world();
    for (const filters of <Record<string, string>[]>[{ month: MONTH }, { month: MONTH, verdict: 'valid' }, { month: MONTH, type: 'phone', managerId: w.m1.id }, { q: '了解' }]) {
      const listed = await listVisits({ ctx: ctxAs(db, w.staff), input: { ...filters, pageSize: 200 } });
      const csv = await csvOf(await download(w.staff, 'visits', { format: 'csv', ...filters }));
      expect(csv.raw.startsWith(BOM)).toBe(true);
      expect(csv.header.slice(0, 4)).toEqual(['拜访时间', '客户名称', '集团编码', '客户等级']);
      expect(csv.rows.length).toBe(listed.total);
      expect(column(csv, '客户名称')).toEqual(listed.rows.map((r) => r.customerName));
      expect(column(csv, '结论')).toEqual(listed.rows.map((r) => ({ valid: '真实有效', invalid: '无效拜访', unverified: '未核实', pending: '待核实' })[r.verdict]));
    }
    // 2026-11-08 23:30 in Shanghai is the 8th there (the 8th 15:30 UTC).
    const csv = await csvOf(await download(w.staff, 'visits', { format: 'csv', month: MONTH, managerId: w.m1.id }));
    expect(column(csv, '拜访时间')).toContain('2026-11-08 23:30');
  });

  it('visits as XLSX: the same rows as the CSV, times as dates on the Shanghai clock', async () => {
    const w = await world();
    const csv = await csvOf(await download(w.staff, 'visits', { format: 'csv', month: MONTH }));
    const sheet = await xlsxOf(await download(w.staff, 'visits', { format: 'xlsx', month: MONTH }));
    expect(sheet[0]).toEqual(csv.header);
    expect(sheet.slice(1).map((r) => r[1])).toEqual(column(csv, '客户名称'));
    const at = sheet.slice(1).map((r) => r[0] as Date);
    expect(at.map((d) => d.toISOString().slice(0, 16).replace('T', ' '))).toEqual(column(csv, '拜访时间'));
  });

  it('callback results: every attempt of the month with its outcome, score and answers; manual=true is /queue/manual', async () => {
    const w = await world();
    const csv = await csvOf(await download(w.staff, 'callback-results', { format: 'csv', month: MONTH }));
    // Five closed callbacks with a completed attempt each (unreachable and waiting ones have no attempt here).
    expect(csv.rows.length).toBe(5);
    expect(column(csv, '得分').map(Number).sort((a, b) => a - b)).toEqual([40, 45, 60, 80, 90]);
    expect(new Set(column(csv, '外呼结果'))).toEqual(new Set(['完成回访']));
    expect(new Set(column(csv, '回访结论'))).toEqual(new Set(['真实有效', '无效']));
    const manual = await csvOf(await download(w.staff, 'callback-results', { format: 'csv', month: MONTH, manual: 'true' }));
    expect(manual.rows.length).toBe((await listManualResults({ ctx: ctxAs(db, w.staff), input: { month: MONTH } })).rows.length);
  });

  it('sampling decisions: the list under 抽样设置 with the same filters, reasons in words', async () => {
    const w = await world();
    await db.execute(
      sql`update sampling_decisions set reason_params = '{"class": "C", "rate": 20, "draw": "0.5000"}'::jsonb where sampled = false`,
    );
    for (const filters of <Record<string, string>[]>[{ month: MONTH }, { month: MONTH, sampled: 'no' }, { month: MONTH, managerId: w.m2.id, sampled: 'yes' }]) {
      const listed = await listSamplingDecisions({ ctx: ctxAs(db, w.staff), input: { ...filters, pageSize: 200 } });
      const csv = await csvOf(await download(w.staff, 'sampling-decisions', { format: 'csv', ...filters }));
      expect(csv.rows.length).toBe(listed.total);
      expect(column(csv, '客户名称')).toEqual(listed.rows.map((r) => r.customerName));
      expect(column(csv, '是否抽中')).toEqual(listed.rows.map((r) => (r.sampled ? '是' : '否')));
      if (filters.sampled === 'no') for (const reason of column(csv, '原因')) expect(reason).toMatch(/^C 类抽样率 20%：抽签值 0\.5000 ≥ 0\.2000，未抽中$/);
    }
  });

  it('import errors: every problem with the row of the person’s own file, in row order', async () => {
    const staff = await makeUser(db, 'staff');
    const [record] = await db
      .insert(imports)
      .values({ kind: 'customers', fileName: '客户清单.xlsx', storedPath: 'x', sha256: 'x', status: 'validated', createdBy: staff.id, errorCount: 3 })
      .returning();
    await db.insert(importErrors).values([
      { importId: record.id, rowNumber: 7, column: 'name', code: 'required', value: '' },
      { importId: record.id, rowNumber: 3, column: 'groupCode', code: 'invalidValue', value: '=1+1' },
      { importId: record.id, rowNumber: 0, column: null, code: 'required' },
    ]);
    const response = await download(staff, 'import-errors', { format: 'csv', id: record.id });
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('客户清单-导入错误.csv')}`);
    const csv = await csvOf(response);
    expect(csv.header).toEqual(['行号', '列', '值', '问题']);
    expect(column(csv, '行号')).toEqual(['整个文件', '3', '7']);
    // A value that would be a formula in Excel stays text.
    expect(column(csv, '值')).toEqual(['', "'=1+1", '']);

    // 下载错误清单 on the import's page: the same rows streamed as XLSX, in the reader's language.
    const errorsOf = async (locale?: string) => {
      await signInAs(staff);
      if (locale) requestCookies.set(LOCALE_COOKIE, locale);
      return importErrorsGET(new Request(new URL(`/api/imports/${record.id}/errors`, env().PUBLIC_BASE_URL)), { params: Promise.resolve({ id: record.id }) });
    };
    const zh = await errorsOf();
    expect(zh.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(zh.headers.get('content-disposition')).toBe(`attachment; filename="import-errors.xlsx"; filename*=UTF-8''${encodeURIComponent('客户清单-错误明细.xlsx')}`);
    const book = await workbookOf(zh);
    expect(book.worksheets.map((w) => w.name)).toEqual(['错误明细']);
    expect((book.worksheets[0].getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1, 3))).toEqual([
      ['行号', '列'],
      ['整个文件', undefined],
      [3, '集团编码'],
      [7, '集团名称'],
    ]);
    expect(book.worksheets[0].getCell('C3').value).toBe('=1+1');
    const en = await workbookOf(await errorsOf('en'));
    expect(en.worksheets[0].name).toBe('Errors');
    expect(en.worksheets[0].getRow(1).values).toEqual([undefined, 'Row', 'Column', 'Value', 'Problem']);
    requestCookies.clear();
    await signInAs(staff);
    const unknown = '0b6f3a52-5f0e-4c38-9d3b-1f2a3b4c5d6e';
    expect((await importErrorsGET(new Request(new URL(`/api/imports/${unknown}/errors`, env().PUBLIC_BASE_URL)), { params: Promise.resolve({ id: unknown }) })).status).toBe(404);
  });

  it('points ledger: a manager’s entries of the month as on their ledger, or every manager’s of the unit for its supervisor', async () => {
    const w = await world();
    const supervisor = await makeUser(db, 'supervisor', { unitId: w.unit.id });
    const ledger = await ledgerOf({ ctx: ctxAs(db, w.m1), input: { month: MONTH } });
    const own = await csvOf(await download(w.m1, 'points-ledger', { format: 'csv', month: MONTH }));
    expect(own.rows.length).toBe(ledger.entries.length);
    expect(column(own, '积分').map(Number)).toEqual(ledger.entries.map((e) => e.points));
    expect(new Set(column(own, '客户经理'))).toEqual(new Set(['甲经理']));
    // A manager naming someone else still gets their own, as on their page.
    const asked = await csvOf(await download(w.m1, 'points-ledger', { format: 'csv', month: MONTH, managerId: w.m2.id }));
    expect(asked.rows).toEqual(own.rows);
    const unit = await csvOf(await download(supervisor, 'points-ledger', { format: 'csv', month: MONTH }));
    const m2 = await ledgerOf({ ctx: ctxAs(db, w.staff), input: { month: MONTH, managerId: w.m2.id } });
    expect(unit.rows.length).toBe(ledger.entries.length + m2.entries.length);

    // The unit filter (/unit links it): staff any unit, a supervisor their own only, checked on the server.
    const other = await makeUnit(db);
    const elsewhere = await makeUser(db, 'manager', { unitId: other.id, displayName: '丙经理' });
    await db.execute(sql`insert into points_ledger (manager_id, customer_id, month, key, kind, cause, points, source_type)
      select ${elsewhere.id}::uuid, customer_id, month, key, kind, cause, points, source_type from points_ledger where manager_id = ${w.m1.id}::uuid`);
    const everyone = await csvOf(await download(w.staff, 'points-ledger', { format: 'csv', month: MONTH }));
    expect(everyone.rows.length).toBe(2 * ledger.entries.length + m2.entries.length);
    const byUnit = await download(w.staff, 'points-ledger', { format: 'csv', month: MONTH, unitId: w.unit.id });
    expect(byUnit.headers.get('content-disposition')).toContain(encodeURIComponent(`维系积分明细-${w.unit.name}-${MONTH}.csv`));
    const staffUnit = await csvOf(byUnit);
    expect(staffUnit.rows).toEqual(unit.rows);
    const otherUnit = await csvOf(await download(w.staff, 'points-ledger', { format: 'csv', month: MONTH, unitId: other.id }));
    expect(new Set(column(otherUnit, '客户经理'))).toEqual(new Set(['丙经理']));
    expect((await csvOf(await download(supervisor, 'points-ledger', { format: 'csv', month: MONTH, unitId: w.unit.id }))).rows).toEqual(unit.rows);
    expect((await download(supervisor, 'points-ledger', { format: 'csv', month: MONTH, unitId: other.id })).status).toBe(404);
    expect((await download(w.m1, 'points-ledger', { format: 'csv', month: MONTH, unitId: other.id })).status).toBe(404);
    expect((await download(w.staff, 'points-ledger', { format: 'csv', unitId: '0b6f3a52-5f0e-4c38-9d3b-1f2a3b4c5d6e' })).status).toBe(404);
    expect((await download(w.staff, 'points-ledger', { format: 'csv', unitId: 'nope' })).status).toBe(400);
    // Blank (a form's empty select) is no filter.
    expect((await csvOf(await download(w.staff, 'points-ledger', { format: 'csv', month: MONTH, unitId: '' }))).rows.length).toBe(everyone.rows.length);
  });
});

describe('exports: the audit log', () => {
  it('操作记录: the entries the audit page lists with the same filters, each as its sentence; staff only', async () => {
    const w = await world();
    const filters = { actorId: w.staff.id };
    const listed = await listAuditEntries({ ctx: ctxAs(db, w.staff), input: filters });
    expect(listed.total).toBeGreaterThan(0);
    const sheet = await xlsxOf(await download(w.staff, 'audit-log', { format: 'xlsx', ...filters }));
    expect(sheet[0]).toEqual(['时间', '人员', '账号', '操作', '内容', '记录类型', '记录编号']);
    const t = fileTranslator();
    expect(sheet.slice(1).map((r) => r[4])).toEqual(listed.rows.map((e) => auditSentence(t, e)));
    expect(sheet.slice(1).map((r) => r[2])).toEqual(listed.rows.map((e) => e.actor?.username));
    expect((await download(w.m1, 'audit-log', { format: 'csv' })).status).toBe(403);
    expect((await download(w.staff, 'audit-log', { format: 'csv', from: '2026-13-01' })).status).toBe(400);
  });
});

describe('exports: the agents’ indicators', () => {
  it('坐席指标: one row an agent with the dashboard’s figures of the month; 未测 where nothing was measured; staff only', async () => {
    const w = await makeAssessmentWorld(db);
    const figures = await getCallbackIndicators({ ctx: ctxAs(db, w.staff), input: { month: MONTH } });
    const mine = figures.byAgent.find((a) => a.agentId === w.agent.id)!;
    expect(mine.productivity.calls).toBeGreaterThan(0);
    const sheet = await xlsxOf(await download(w.staff, 'agent-indicators', { format: 'xlsx', month: MONTH }));
    const header = sheet[0] as string[];
    expect(header.slice(0, 4)).toEqual(['坐席', '工号', '完成回访', '无法联系结案']);
    expect(sheet.length - 1).toBe(figures.byAgent.length);
    const row = sheet.find((r) => r[1] === w.agent.username)!;
    expect(row[header.indexOf('完成回访')]).toBe(mine.finished.closed);
    expect(row[header.indexOf('拨打次数')]).toBe(mine.productivity.calls);
    expect(row[header.indexOf('接通次数')]).toBe(mine.productivity.answeredCalls);
    // Nobody was asked the rating question in this world: satisfaction is not measured, never 0 %.
    expect(mine.quality.satisfaction.satisfied.value).toBeNull();
    expect(row[header.indexOf('满意率')]).toBe('未测');
    expect((await download(w.m1, 'agent-indicators', { format: 'csv', month: MONTH })).status).toBe(403);
    expect((await download(w.staff, 'agent-indicators', { format: 'csv', month: '2026-13' })).status).toBe(400);
  });
});

describe('exports: who may have which rows', () => {
  it('a supervisor exports their unit’s visits only; a manager their own; an agent nothing', async () => {
    const w = await world();
    const otherUnit = await makeUnit(db);
    const elsewhere = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
    const own = await makeUser(db, 'supervisor', { unitId: w.unit.id });
    expect((await csvOf(await download(elsewhere, 'visits', { format: 'csv' }))).rows).toEqual([]);
    const all = await csvOf(await download(w.staff, 'visits', { format: 'csv' }));
    expect((await csvOf(await download(own, 'visits', { format: 'csv' }))).rows.length).toBe(all.rows.length);
    const mine = await csvOf(await download(w.m1, 'visits', { format: 'csv', managerId: w.m2.id }));
    expect(new Set(column(mine, '客户经理'))).toEqual(new Set(['甲经理']));
    expect((await download(w.agent, 'visits', { format: 'csv' })).status).toBe(403);
  });

  it('staff-only lists refuse a manager (403); a manager out of scope or an unknown import is absent (404)', async () => {
    const w = await world();
    const elsewhere = await makeUser(db, 'supervisor', { unitId: (await makeUnit(db)).id });
    expect((await download(w.m1, 'sampling-decisions', { format: 'csv' })).status).toBe(403);
    expect((await download(w.m1, 'callback-results', { format: 'csv' })).status).toBe(403);
    expect((await download(elsewhere, 'points-ledger', { format: 'csv', managerId: w.m1.id })).status).toBe(404);
    expect((await download(w.staff, 'import-errors', { format: 'csv', id: '0b6f3a52-5f0e-4c38-9d3b-1f2a3b4c5d6e' })).status).toBe(404);
    expect((await download(w.staff, 'nothing-such', { format: 'csv' })).status).toBe(404);
  });

  it('a bad filter or format is a 400 naming the field, before any row is sent', async () => {
    const w = await world();
    const cases: [string, Record<string, string>, string][] = [
      ['visits', { month: '2026-13' }, 'month'],
      ['visits', { verdict: 'maybe' }, 'verdict'],
      ['sampling-decisions', { sampled: 'perhaps' }, 'sampled'],
      ['visits', { format: 'pdf' as ExportFormat }, 'format'],
      ['import-errors', {}, 'id'],
    ];
    for (const [kind, query, field] of cases) {
      const response = await download(w.staff, kind, { format: 'csv', ...query });
      expect(response.status, `${kind} ${field}`).toBe(400);
      expect(Object.keys(((await response.json()) as { fields: Record<string, string> }).fields)).toContain(field);
    }
  });

  it('the download is named in Chinese with an ASCII fallback and is not cached', async () => {
    const w = await world();
    const response = await download(w.staff, 'visits', { format: 'xlsx', month: MONTH });
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="visits-${MONTH}.xlsx"; filename*=UTF-8''${encodeURIComponent(`拜访记录-${MONTH}.xlsx`)}`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    await response.arrayBuffer();
  });
});

describe('the month assessment report, streamed', () => {
  async function monthReport(user: { id: string; sessionVersion: number }, month: string, query: Record<string, string> = {}) {
    await signInAs(user);
    const url = new URL(`/api/assessment/${month}/export`, env().PUBLIC_BASE_URL);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return monthReportGET(new Request(url), { params: Promise.resolve({ month }) });
  }
  const headerOf = (book: ExcelJS.Workbook, name: string) => (book.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);

  it('has the sheets and Chinese headers it always had, named and not cached, read back by ExcelJS', async () => {
    const w = await world();
    const response = await monthReport(w.staff, MONTH);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="assessment-${MONTH}.xlsx"; filename*=UTF-8''${encodeURIComponent(`考核报表-${MONTH}-v1.xlsx`)}`,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const book = await workbookOf(response);
    expect(book.worksheets.map((s) => s.name)).toEqual(['客户经理', '营销单位', '拜访到位率', '拜访到位率-单位', '变化', '说明', '拜访结论明细']);
    const verdictFigures = ['拜访记录数', '抽样回访数', '真实有效数', '无效拜访数', '未核实数', '待核实数', '有效率', '按时填报率', '维系积分'];
    expect(headerOf(book, '客户经理')).toEqual([
      '客户经理', '工号', '营销单位', '认领客户数', '应拜访次数', '已完成次数', '拜访覆盖率', '覆盖是否达标', ...verdictFigures, '考核得分', '等级', '覆盖缺口', '未测说明',
    ]);
    expect(headerOf(book, '营销单位')).toEqual([
      '营销单位', '客户经理人数', '认领客户数', '应拜访次数', '已完成次数', '拜访覆盖率', '覆盖未达标人数', ...verdictFigures, '平均得分', '样本不足人数', '未测说明',
    ]);
    expect(headerOf(book, '变化')).toEqual(['客户经理', '指标', '原值', '新值']);
    expect(headerOf(book, '说明')).toEqual(['项目', '内容']);
    expect(headerOf(book, '拜访结论明细')).toEqual([
      '客户经理', '工号', '客户名称', '集团编码', '客户等级', '拜访时间', '拜访方式', '结论', '结论说明', '是否抽样', '回访结果',
      '通话次数', '接通时间', '通话时长（秒）', '外呼脚本版本', '回访得分', '人工拨打', '数据核查', '申诉处理',
    ]);
    // Bold headers frozen above the rows; a rate a share shown 0.0%; 说明 wraps; one row a manager, a visit.
    const managers = book.getWorksheet('客户经理')!;
    expect(managers.getCell('A1').font).toMatchObject({ bold: true });
    expect(managers.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(managers.rowCount).toBe(3);
    const coverage = headerOf(book, '客户经理').indexOf('拜访覆盖率') + 1;
    const rate = managers.getRow(2).getCell(coverage);
    expect(typeof rate.value === 'number' ? rate.numFmt : '未测').toMatch(/^(0\.0%|未测)$/);
    const info = book.getWorksheet('说明')!;
    expect(info.getRow(2).values).toEqual([undefined, '考核月份', MONTH]);
    expect(info.getRow(3).getCell(2).value).toBe('第 1 版');
    expect(info.getRow(2).getCell(2).alignment).toMatchObject({ wrapText: true });
    const [{ n }] = (await db.execute(sql`select count(*)::int as n from visit_reports where to_char(visited_at at time zone 'Asia/Shanghai', 'YYYY-MM') = ${MONTH}`)) as unknown as { n: number }[];
    expect(book.getWorksheet('拜访结论明细')!.rowCount).toBe(n + 1);
  });

  it("a supervisor's file is their unit's (named -单位); another unit's supervisor gets no manager; a month without a close is a 404 before any byte", async () => {
    const w = await world();
    const own = await makeUser(db, 'supervisor', { unitId: w.unit.id });
    const mine = await monthReport(own, MONTH);
    expect(mine.headers.get('content-disposition')).toContain(encodeURIComponent(`考核报表-${MONTH}-v1-单位.xlsx`));
    expect((await workbookOf(mine)).getWorksheet('客户经理')!.rowCount).toBe(3);
    const elsewhere = await makeUser(db, 'supervisor', { unitId: (await makeUnit(db)).id });
    const theirs = await workbookOf(await monthReport(elsewhere, MONTH));
    expect(theirs.getWorksheet('客户经理')!.rowCount).toBe(1);
    expect(theirs.getWorksheet('拜访结论明细')!.rowCount).toBe(1);
    expect((await monthReport(w.staff, '2019-01')).status).toBe(404);
    expect((await monthReport(w.m1, MONTH)).status).toBe(403);
  });
});

describe('exports: 100,000 rows in bounded memory', () => {
  /*
   * A month of 100,000 visits written with generate_series into this worker's database, exported
   * as staff through the route's path (registry, verb, cursor, stream) in a process of its own:
   * its peak resident memory is the export's, and it must stay under 300 MB for either format —
   * a file that was held whole would not (the CSV alone is some 24 MB of text, 10× that as rows).
   */
  it('streams them as XLSX and as CSV with a peak RSS under 300 MB', async () => {
    const { start, end } = monthRange('2026-10', 'Asia/Shanghai');
    await seedExportVisits((await testDb()).sql, { visits: 100_000, start, end, month: '2026-10' });
    const csv = await runExportChild(process.env.DATABASE_URL!, 'visits', 'csv', { month: '2026-10' });
    expect(csv.rows).toBe(100_000);
    expect(csv.peakRssMb).toBeLessThan(300);
    const xlsx = await runExportChild(process.env.DATABASE_URL!, 'visits', 'xlsx', { month: '2026-10' });
    expect(xlsx.bytes).toBeGreaterThan(1_000_000);
    expect(xlsx.peakRssMb).toBeLessThan(300);
  }, 600_000);
});
