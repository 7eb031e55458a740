import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { claims, contacts, customers, users, visitReportContacts, visitReports } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { jsonChunks, rows, textArray, uuidArray } from '@/lib/platform/core/sql';
import { env } from '@/lib/platform/config/env';
import type { ColumnSpec } from '@/lib/platform/import/columns';
import { DigestMap } from '@/lib/platform/import/digest-map';
import type { ImportHandler, ImportValidator, ParsedRow, RowIssue } from '@/lib/platform/import/handler';
import { policyInForce } from '@/lib/policy/policies';
import { zoneClock } from '@/lib/platform/time/zone-clock';
import { checkInIssues, isInFuture, isLateReport, isReportedBeforeVisit, type CheckInMethod, type VisitType } from './rules';
import { MAX_CONTACTS_PER_VISIT, MAX_PURPOSE, MAX_SUMMARY } from './schemas';
import { assertMonthOpenForVisit } from './closed-month';

/**
 * Bulk import of visit reports (附件3《集团客户拜访记录》) through the shared two-step import: a
 * preview that checks every row, then a commit that writes them in one transaction. Each row is
 * identified by a hash of what makes it the same visit, so importing a file twice adds nothing
 * the second time. State kept across batches is small (row hashes seen, deadlines per day) so a
 * file of 100,000 rows streams.
 */
export type VisitColumn =
  | 'managerUsername'
  | 'groupCode'
  | 'contactNames'
  | 'type'
  | 'visitedAt'
  | 'reportedAt'
  | 'checkIn'
  | 'latitude'
  | 'longitude'
  | 'purpose'
  | 'summary';

export const visitColumns: ColumnSpec<VisitColumn>[] = [
  { key: 'managerUsername', headers: ['客户经理工号', 'manager username'], required: true },
  { key: 'groupCode', headers: ['集团编码', 'group code'], required: true },
  { key: 'contactNames', headers: ['拜访对象', '联系人姓名', 'contact names'], required: true },
  { key: 'type', headers: ['拜访方式', 'visit type'], required: true },
  { key: 'visitedAt', headers: ['拜访时间', 'visited at'], required: true },
  { key: 'reportedAt', headers: ['填报时间', 'reported at'], required: false },
  { key: 'checkIn', headers: ['签到方式', 'check-in'], required: false },
  { key: 'latitude', headers: ['签到纬度', 'latitude'], required: false },
  { key: 'longitude', headers: ['签到经度', 'longitude'], required: false },
  { key: 'purpose', headers: ['拜访目的', 'purpose'], required: true },
  { key: 'summary', headers: ['拜访纪要', '拜访内容', 'summary'], required: false },
];

export interface VisitImportRow {
  managerUsername: string;
  groupCode: string;
  contactNames: string[];
  type: VisitType;
  visitedAt: Date;
  /** Absent: the commit time is the reporting time. */
  reportedAt: Date | null;
  checkInMethod: CheckInMethod;
  latitude: number | null;
  longitude: number | null;
  purpose: string;
  summary: string;
  externalRef: string;
}


/** Spellings people use, compared after NFKC, lower case, and without spaces, '-' and '_'. */
const TYPE_WORDS: Record<string, VisitType> = {
  上门: 'on_site',
  上门拜访: 'on_site',
  onsite: 'on_site',
  电话: 'phone',
  电话拜访: 'phone',
  phone: 'phone',
};
const CHECK_IN_WORDS: Record<string, CheckInMethod> = {
  定位: 'gps',
  定位签到: 'gps',
  gps: 'gps',
  扫码: 'qr',
  扫码签到: 'qr',
  二维码: 'qr',
  qr: 'qr',
  qrcode: 'qr',
  无: 'none',
  未签到: 'none',
  none: 'none',
  '': 'none',
};

const word = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\s\-_]/g, '');

export function splitContactNames(text: string): string[] {
  const names = text
    .normalize('NFC')
    .split(/[、，,;；]+/)
    .map((n) => n.trim())
    .filter(Boolean);
  return [...new Set(names)];
}

const DATE_TIME_RE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/;
/** Excel's day 0 is 1899-12-30; serials of plausible years only, so a stray number is not a date. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_SERIAL_RE = /^\d{5}(?:\.\d+)?$/;
const pad = (n: number | string) => String(n).padStart(2, '0');

/**
 * A wall-clock time as people type it ('2026-11-03 14:30', '2026/11/3 9:05', '2026年11月3日 14:30')
 * or as Excel stores it (a day serial such as 46329.6042), read in APP_TIMEZONE. A date without a
 * time is refused: the time decides whether a report was late.
 */
export function parseImportTime(text: string, timeZone: string): Date | undefined {
  const value = text.normalize('NFKC').trim();
  if (EXCEL_SERIAL_RE.test(value)) {
    const wall = new Date(EXCEL_EPOCH_MS + Math.round(Number(value) * 86_400) * 1000);
    if (wall.getUTCFullYear() < 2000 || wall.getUTCFullYear() > 2100) return undefined;
    const iso = wall.toISOString();
    return zoneClock(timeZone).parseLocalDateTime(`${iso.slice(0, 10)} ${iso.slice(11, 19)}`);
  }
  const m = DATE_TIME_RE.exec(value);
  if (!m) return undefined;
  return zoneClock(timeZone).parseLocalDateTime(`${m[1]}-${pad(m[2])}-${pad(m[3])} ${pad(m[4])}:${m[5]}:${m[6] ?? '00'}`);
}

function parseCoordinate(text: string): number | null | undefined {
  const value = text.normalize('NFKC').trim();
  if (!value) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

const REF_PREFIX = 'import:v1:';
/** The SHA-256 an external ref carries (its identity, exactly). */
const refDigest = (ref: string) => Buffer.from(ref.slice(REF_PREFIX.length), 'base64url');

/** What makes two rows the same visit: who, where, when, how, with whom (not when it was filed). */
export function visitExternalRef(row: Pick<VisitImportRow, 'managerUsername' | 'groupCode' | 'visitedAt' | 'type' | 'contactNames'>): string {
  const key = JSON.stringify([row.managerUsername, row.groupCode, row.visitedAt.toISOString(), row.type, [...row.contactNames].sort()]);
  return `${REF_PREFIX}${createHash('sha256').update(key).digest('base64url')}`;
}

function parseRow(cells: Record<VisitColumn, string>, rowNumber: number): { row: VisitImportRow; issues?: undefined } | { row?: undefined; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const issue = (column: VisitColumn, code: string, params?: RowIssue['params']) =>
    issues.push({ rowNumber, column, code: `import.visits.${code}`, params: { column, ...params }, value: cells[column] || undefined });
  const timeZone = env().APP_TIMEZONE;

  for (const c of visitColumns) if (c.required && !cells[c.key]) issue(c.key, 'required');

  const managerUsername = cells.managerUsername.toLowerCase();
  const groupCode = cells.groupCode;
  const contactNames = splitContactNames(cells.contactNames);
  if (cells.contactNames && contactNames.length === 0) issue('contactNames', 'required');
  if (contactNames.length > MAX_CONTACTS_PER_VISIT) issue('contactNames', 'tooManyContacts', { max: MAX_CONTACTS_PER_VISIT });

  const type = TYPE_WORDS[word(cells.type)];
  if (cells.type && !type) issue('type', 'badType');

  const visitedAt = cells.visitedAt ? parseImportTime(cells.visitedAt, timeZone) : undefined;
  if (cells.visitedAt && !visitedAt) issue('visitedAt', 'badTime');
  const reportedAt = cells.reportedAt ? parseImportTime(cells.reportedAt, timeZone) : null;
  if (reportedAt === undefined) issue('reportedAt', 'badTime');
  else if (reportedAt && visitedAt && isReportedBeforeVisit(visitedAt, reportedAt)) issue('reportedAt', 'reportedBeforeVisit');

  const checkInMethod = CHECK_IN_WORDS[word(cells.checkIn)];
  if (!checkInMethod) issue('checkIn', 'badCheckIn');
  const latitude = parseCoordinate(cells.latitude);
  const longitude = parseCoordinate(cells.longitude);
  if (latitude === undefined) issue('latitude', 'badCoordinate');
  if (longitude === undefined) issue('longitude', 'badCoordinate');
  if (checkInMethod && latitude !== undefined && longitude !== undefined) {
    for (const i of checkInIssues(checkInMethod, latitude, longitude)) {
      issue(i.field === 'checkInLatitude' ? 'latitude' : 'longitude', i.code);
    }
  }

  if (cells.purpose.length > MAX_PURPOSE) issue('purpose', 'tooLong', { max: MAX_PURPOSE });
  if (cells.summary.length > MAX_SUMMARY) issue('summary', 'tooLong', { max: MAX_SUMMARY });

  if (issues.length > 0 || !type || !visitedAt || !checkInMethod || latitude === undefined || longitude === undefined || reportedAt === undefined) {
    return { issues };
  }
  const row = {
    managerUsername,
    groupCode,
    contactNames,
    type,
    visitedAt,
    reportedAt,
    checkInMethod,
    latitude,
    longitude,
    purpose: cells.purpose,
    summary: cells.summary,
  };
  return { row: { ...row, externalRef: visitExternalRef(row) } };
}

interface ResolvedVisit {
  rowNumber: number;
  row: VisitImportRow;
  managerId: string;
  customerId: string;
  contactIds: string[];
  parsed: ParsedRow<VisitImportRow>;
}

/**
 * Looks up a batch's managers, customers, claims, contacts and already imported rows with one
 * query each, and checks every row against them.
 */
async function resolveBatch(db: DbOrTx, batch: ParsedRow<VisitImportRow>[], now: Date) {
  const usernames = [...new Set(batch.map((b) => b.row.managerUsername))];
  const groupCodes = [...new Set(batch.map((b) => b.row.groupCode))];
  // Each lookup is one statement with one array parameter, whatever the batch holds.
  const [managerRows, customerRows] = await Promise.all([
    rows<{ id: string; username: string; role: string; active: boolean }>(db, sql`select id, username, role, active from ${users} where username = any(${textArray(usernames)})`),
    rows<{ id: string; groupCode: string }>(db, sql`select id, group_code as "groupCode" from ${customers} where group_code = any(${textArray(groupCodes)})`),
  ]);
  const managers = new Map(managerRows.filter((u) => u.role === 'manager' && u.active).map((u) => [u.username, u.id]));
  const customerIds = new Map(customerRows.map((c) => [c.groupCode, c.id]));
  const ids = uuidArray(customerRows.map((c) => c.id));
  const [claimRows, contactRows, existingRows] = await Promise.all([
    customerRows.length
      ? rows<{ customerId: string; managerId: string; from: string | Date; to: string | Date | null }>(
          db,
          sql`select customer_id as "customerId", manager_id as "managerId", effective_from as "from", effective_to as "to" from ${claims} where customer_id = any(${ids})`,
        )
      : [],
    customerRows.length
      ? rows<{ id: string; customerId: string; name: string }>(db, sql`select id, customer_id as "customerId", name from ${contacts} where customer_id = any(${ids}) and active`)
      : [],
    rows<{ ref: string }>(db, sql`select external_ref as ref from ${visitReports} where external_ref = any(${textArray(batch.map((b) => b.row.externalRef))})`),
  ]);
  const contactsByCustomer = new Map<string, Map<string, string[]>>();
  for (const c of contactRows) {
    let byName = contactsByCustomer.get(c.customerId);
    if (!byName) contactsByCustomer.set(c.customerId, (byName = new Map<string, string[]>()));
    const name = c.name.normalize('NFC').trim();
    const ids = byName.get(name);
    if (ids) ids.push(c.id);
    else byName.set(name, [c.id]);
  }
  const existing = new Set(existingRows.map((r) => r.ref));
  const claimsByCustomer = new Map<string, { managerId: string; from: number; to: number | null }[]>();
  for (const c of claimRows) {
    const list = claimsByCustomer.get(c.customerId) ?? [];
    list.push({ managerId: c.managerId, from: new Date(c.from).getTime(), to: c.to === null ? null : new Date(c.to).getTime() });
    claimsByCustomer.set(c.customerId, list);
  }

  const issues: RowIssue[] = [];
  const resolved: ResolvedVisit[] = [];
  for (const parsed of batch) {
    const { rowNumber, row } = parsed;
    const before = issues.length;
    const issue = (column: VisitColumn, code: string, params?: RowIssue['params'], value?: string) =>
      issues.push({ rowNumber, column, code: `import.visits.${code}`, params: { column, ...params }, value });
    if (isInFuture(row.visitedAt, now)) issue('visitedAt', 'futureTime');
    if (row.reportedAt && isInFuture(row.reportedAt, now)) issue('reportedAt', 'futureTime');
    const managerId = managers.get(row.managerUsername);
    if (!managerId) issue('managerUsername', 'unknownManager', { username: row.managerUsername }, row.managerUsername);
    const customerId = customerIds.get(row.groupCode);
    if (!customerId) issue('groupCode', 'unknownGroupCode', { groupCode: row.groupCode }, row.groupCode);
    if (managerId && customerId) {
      const t = row.visitedAt.getTime();
      const claimed = (claimsByCustomer.get(customerId) ?? []).some((c) => c.managerId === managerId && c.from <= t && (c.to === null || c.to > t));
      if (!claimed) issue('groupCode', 'notClaimed', { username: row.managerUsername, groupCode: row.groupCode }, row.groupCode);
    }
    const contactIds: string[] = [];
    if (customerId) {
      const byName = contactsByCustomer.get(customerId);
      for (const name of row.contactNames) {
        const matches = byName?.get(name) ?? [];
        if (matches.length === 0) issue('contactNames', 'unknownContact', { name, groupCode: row.groupCode }, name);
        else if (matches.length > 1) issue('contactNames', 'ambiguousContact', { name, groupCode: row.groupCode }, name);
        else contactIds.push(matches[0]);
      }
    }
    if (issues.length === before) resolved.push({ rowNumber, row, managerId: managerId!, customerId: customerId!, contactIds, parsed });
  }
  return { issues, resolved, existing };
}

/** Reporting deadlines per local visit day, looked up once per day for the whole file. */
function deadlineCache(db: DbOrTx) {
  const hours = new Map<string, number>();
  return async (visitedAt: Date): Promise<number> => {
    const day = zoneClock(env().APP_TIMEZONE).dayOf(visitedAt);
    let h = hours.get(day);
    if (h === undefined) {
      h = (await policyInForce(db, 'reporting', day)).value.reportDeadlineHours;
      hours.set(day, h);
    }
    return h;
  };
}

const wallClock = (at: Date) => zoneClock(env().APP_TIMEZONE).toLocalInput(at).replace('T', ' ');

/** A good row as the commit reads it; a blank 填报时间 is the commit time, shown blank. */
export function visitPreviewRow(row: VisitImportRow): Partial<Record<VisitColumn, string>> {
  const out: Partial<Record<VisitColumn, string>> = {
    managerUsername: row.managerUsername,
    groupCode: row.groupCode,
    contactNames: row.contactNames.join('、'),
    type: row.type,
    visitedAt: wallClock(row.visitedAt),
    reportedAt: row.reportedAt ? wallClock(row.reportedAt) : undefined,
    checkIn: row.checkInMethod,
    latitude: row.latitude?.toString(),
    longitude: row.longitude?.toString(),
    purpose: row.purpose,
    summary: row.summary,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== ''));
}

class VisitValidator implements ImportValidator<VisitImportRow> {
  private readonly deadline: ReturnType<typeof deadlineCache>;
  /** First row number of each visit seen so far (by its identity's digest): the one thing kept across batches. */
  private readonly seen = new DigestMap(4096);
  private readonly counts = { visitsCreated: 0, visitsUnchanged: 0, visitsLate: 0 };
  /**
   * The rows of the last batch checked that passed, resolved, and whether each visit is on file:
   * the commit writes that batch next, in the same transaction, and takes this answer instead of
   * asking the database again. Only the last batch is kept.
   */
  private lastPassed = new Map<ParsedRow<VisitImportRow>, { resolved: ResolvedVisit; onFile: boolean }>();

  constructor(
    private readonly db: DbOrTx,
    private readonly now: Date,
  ) {
    this.deadline = deadlineCache(db);
  }

  passed(row: ParsedRow<VisitImportRow>) {
    return this.lastPassed.get(row);
  }

  async checkBatch(batch: ParsedRow<VisitImportRow>[]): Promise<RowIssue[]> {
    this.lastPassed = new Map();
    const { issues, resolved, existing } = await resolveBatch(this.db, batch, this.now);
    const dupes = new Set<number>();
    for (const { rowNumber, row } of batch) {
      const first = this.seen.setIfAbsent(refDigest(row.externalRef), rowNumber);
      if (first !== rowNumber) {
        dupes.add(rowNumber);
        issues.push({ rowNumber, column: 'visitedAt', code: 'import.visits.duplicateRow', params: { column: 'visitedAt', row: first } });
      }
    }
    for (const r of resolved) {
      if (dupes.has(r.rowNumber)) continue;
      const onFile = existing.has(r.row.externalRef);
      this.lastPassed.set(r.parsed, { resolved: r, onFile });
      if (onFile) this.counts.visitsUnchanged++;
      else {
        this.counts.visitsCreated++;
        if (isLateReport(r.row.visitedAt, r.row.reportedAt ?? this.now, await this.deadline(r.row.visitedAt))) this.counts.visitsLate++;
      }
    }
    return issues.sort((a, b) => a.rowNumber - b.rowNumber);
  }

  summary() {
    return { ...this.counts };
  }
}

export const visitImport: ImportHandler<VisitImportRow, VisitColumn> = {
  columns: visitColumns,
  parseRow,
  previewRow: visitPreviewRow,

  createValidator: (db, ctx) => new VisitValidator(db, ctx.now()),

  createWriter(tx, ctx, importId, validator) {
    const checker = validator instanceof VisitValidator ? validator : undefined;
    const deadline = deadlineCache(tx);
    // Taken at the first write, after the first batch was validated, so it is never before a visit.
    let commitTime: Date | undefined;
    const counts = { visitsCreated: 0, visitsUnchanged: 0, visitsLate: 0 };
    return {
      async writeBatch(batch) {
        if (batch.length === 0) return;
        commitTime ??= ctx.now();
        let checked = batch.map((b) => checker?.passed(b));
        if (checked.some((c) => !c)) {
          const { issues, resolved, existing } = await resolveBatch(tx, batch, commitTime);
          // The validator ran on this batch in the same transaction; a difference is a bug, and must not write.
          if (issues.length > 0 || resolved.length !== batch.length) throw new Error(`visit import: batch at row ${batch[0].rowNumber} no longer resolves`);
          checked = resolved.map((r) => ({ resolved: r, onFile: existing.has(r.row.externalRef) }));
        }
        const fresh = checked.filter((c) => !c!.onFile).map((c) => c!.resolved);
        counts.visitsUnchanged += checked.length - fresh.length;
        if (fresh.length === 0) return;
        const values = [];
        for (const r of fresh) {
          const reportedAt = r.row.reportedAt ?? commitTime;
          const late = isLateReport(r.row.visitedAt, reportedAt, await deadline(r.row.visitedAt));
          if (late) counts.visitsLate++;
          values.push({
            m: r.managerId,
            c: r.customerId,
            t: r.row.type,
            v: r.row.visitedAt,
            r: reportedAt,
            ci: r.row.checkInMethod,
            la: r.row.latitude,
            lo: r.row.longitude,
            p: r.row.purpose,
            s: r.row.summary,
            l: late,
            e: r.row.externalRef,
          });
        }
        // JSON parameters sent together: a thousand rows of VALUES cost more to build than to insert.
        const at = commitTime.toISOString();
        const inserted = await Promise.all(
          jsonChunks(values).map((json) =>
            rows<{ id: string; externalRef: string }>(
              tx,
              sql`insert into ${visitReports} (manager_id, customer_id, type, visited_at, reported_at, check_in_method, check_in_latitude, check_in_longitude,
                                               purpose, summary, source, late, import_id, external_ref, created_by, created_at)
                  select x.m, x.c, x.t, x.v, x.r, x.ci, x.la, x.lo, x.p, x.s, 'import', x.l, ${importId}::uuid, x.e, ${ctx.actor.id}::uuid, ${at}::timestamptz
                    from jsonb_to_recordset(${json}::jsonb)
                         as x(m uuid, c uuid, t visit_type, v timestamptz, r timestamptz, ci check_in_method, la double precision, lo double precision, p text, s text, l boolean, e text)
                  returning id, external_ref as "externalRef"`,
            ),
          ),
        );
        const idByRef = new Map(inserted.flat().map((v) => [v.externalRef, v.id]));
        // Staff may add visits to a closed month: audited, and the month marked changed (lib/assessment).
        await assertMonthOpenForVisit(tx, { actor: ctx.actor, visits: fresh.map((r) => ({ visitedAt: r.row.visitedAt, id: idByRef.get(r.row.externalRef)! })), via: `import:${importId}`, now: commitTime });
        const links = fresh.flatMap((r) => r.contactIds.map((contactId) => ({ v: idByRef.get(r.row.externalRef)!, c: contactId })));
        await Promise.all(
          jsonChunks(links).map((json) =>
            tx.execute(sql`insert into ${visitReportContacts} (visit_id, contact_id) select x.v, x.c from jsonb_to_recordset(${json}::jsonb) as x(v uuid, c uuid)`),
          ),
        );
        counts.visitsCreated += fresh.length;
        // One entry per batch: the import itself is audited on commit; this ties the rows to it.
        await recordAudit(tx, {
          actorId: ctx.actor.id,
          action: 'visit.imported',
          entityType: 'import',
          entityId: importId,
          after: { visits: fresh.length, firstRow: fresh[0].rowNumber, lastRow: fresh[fresh.length - 1].rowNumber },
        });
      },
      summary: () => ({ ...counts }),
    };
  },
};
