import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, claims, contacts, customers, units, users } from '@/db/schema';
import { recordAudit, type AuditEntry } from '@/lib/platform/audit/record';
import { planClaim, type LatestClaim } from '@/lib/claims/claim-rules';
import { latestClaims } from '@/lib/claims/queries';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { jsonChunks, rows as rawRows, textArray, uuidArray } from '@/lib/platform/core/sql';
import { DigestMap, textDigest } from '@/lib/platform/import/digest-map';
import type { ImportHandler, ImportValidator, ImportWriter, ParsedRow, RowIssue } from '@/lib/platform/import/handler';
import type { ColumnSpec } from '@/lib/platform/import/columns';
import { zoneClock } from '@/lib/platform/time/zone-clock';
import { maskPhone, normalizePhone } from '@/lib/users/phone';
import {
  CUSTOMER_CLASSES,
  customerChanges,
  normalizeGroupCode,
  parseContactRole,
  parseCoordinate,
  parseCustomerClass,
  parseImportInstant,
  type ContactRole,
  type CustomerClass,
  type CustomerFacts,
  type StatedCustomer,
} from './import-rules';

/**
 * The import of 附件1《集团客户明细》: customers (upserted by group code), their contacts (one per
 * row; several rows of a group code add contacts to one customer) and who claims them.
 *
 * Blank optional cells mean "keep what is on file", so a file listing only some facts never wipes
 * the others, and rows of one customer may leave repeated cells blank. Across batches only
 * compact per-group-code state is kept, so a file of 100,000 rows streams.
 */
export type CustomerColumn =
  | 'groupCode'
  | 'name'
  | 'class'
  | 'unit'
  | 'address'
  | 'latitude'
  | 'longitude'
  | 'managerUsername'
  | 'claimFrom'
  | 'contactName'
  | 'contactTitle'
  | 'contactRole'
  | 'contactPhone';

export const customerColumns: ColumnSpec<CustomerColumn>[] = [
  { key: 'groupCode', headers: ['集团编码', '集团代码', 'group code'], required: true },
  { key: 'name', headers: ['集团名称', '客户名称', 'customer name'], required: true },
  { key: 'class', headers: ['集团等级', '等级', 'class', 'customer class'], required: true },
  { key: 'unit', headers: ['营销单位', 'unit', 'marketing unit'], required: true },
  { key: 'address', headers: ['地址', '集团地址', 'address'], required: false },
  { key: 'latitude', headers: ['纬度', 'latitude', 'lat'], required: false },
  { key: 'longitude', headers: ['经度', 'longitude', 'lng'], required: false },
  { key: 'managerUsername', headers: ['客户经理工号', '客户经理', 'manager username', 'manager'], required: false },
  { key: 'claimFrom', headers: ['认领生效日期', '认领日期', 'claim from'], required: false },
  { key: 'contactName', headers: ['关键人姓名', '联系人姓名', 'contact name'], required: false },
  { key: 'contactTitle', headers: ['职务', 'title', 'contact title'], required: false },
  { key: 'contactRole', headers: ['联系人类型', 'contact role'], required: false },
  { key: 'contactPhone', headers: ['联系电话', '手机', '手机号码', 'phone', 'contact phone'], required: false },
];

export interface CustomerImportRow {
  groupCode: string;
  name: string;
  class: CustomerClass;
  /** Unit code or name as written; resolved against the database by the validator and writer. */
  unit: string;
  address?: string;
  latitude?: number;
  longitude?: number;
  managerUsername?: string;
  claimFrom?: Date;
  contact?: { name: string; phone: string; title?: string; role?: ContactRole };
}

const LIMITS = { name: 200, address: 500, contactName: 64, contactTitle: 64 } as const;
const issueCode = (code: string) => `import.customers.${code}`;

function parseRow(cells: Record<CustomerColumn, string>, rowNumber: number) {
  const issues: RowIssue[] = [];
  const issue = (column: CustomerColumn, code: string, params?: RowIssue['params']) =>
    issues.push({ rowNumber, column, code: issueCode(code), params, value: cells[column] || undefined });
  const tooLong = (column: keyof typeof LIMITS & CustomerColumn) => {
    if (cells[column].length > LIMITS[column]) issue(column, 'tooLong', { max: LIMITS[column] });
  };

  const groupCode = normalizeGroupCode(cells.groupCode);
  if (!groupCode) issue('groupCode', 'missingCode');
  if (!cells.name) issue('name', 'missingName');
  tooLong('name');
  const customerClass = parseCustomerClass(cells.class);
  if (!cells.class) issue('class', 'missingClass');
  else if (!customerClass) issue('class', 'unknownClass', { value: cells.class });
  if (!cells.unit) issue('unit', 'missingUnit');
  tooLong('address');

  const latitude = parseCoordinate(cells.latitude, -90, 90);
  const longitude = parseCoordinate(cells.longitude, -180, 180);
  if (latitude === undefined) issue('latitude', 'badCoordinate', { min: -90, max: 90 });
  if (longitude === undefined) issue('longitude', 'badCoordinate', { min: -180, max: 180 });
  // One coordinate alone cannot place the customer for the check-in distance rule.
  if (latitude === null && longitude !== null && longitude !== undefined) issue('latitude', 'coordinatesPair');
  if (longitude === null && latitude !== null && latitude !== undefined) issue('longitude', 'coordinatesPair');

  let claimFrom: Date | undefined;
  if (cells.claimFrom) {
    claimFrom = parseImportInstant(cells.claimFrom, env().APP_TIMEZONE);
    if (!claimFrom) issue('claimFrom', 'badDate');
    // The date says when that row's manager takes over; alone it would claim for nobody.
    else if (!cells.managerUsername) issue('claimFrom', 'claimFromWithoutManager');
  }

  let contact: CustomerImportRow['contact'];
  const role = parseContactRole(cells.contactRole);
  if (role === undefined) issue('contactRole', 'unknownContactRole', { value: cells.contactRole });
  const hasContactCells = Boolean(cells.contactName || cells.contactPhone || cells.contactTitle || role !== 'blank');
  if (hasContactCells) {
    tooLong('contactName');
    tooLong('contactTitle');
    if (!cells.contactName) issue('contactName', 'contactNameMissing');
    let phone: string | undefined;
    if (!cells.contactPhone) issue('contactPhone', 'contactPhoneMissing');
    else {
      phone = normalizePhone(cells.contactPhone);
      if (!phone) issue('contactPhone', 'badPhone', { value: cells.contactPhone });
    }
    if (cells.contactName && phone) {
      contact = {
        name: cells.contactName,
        phone,
        title: cells.contactTitle || undefined,
        role: role === 'blank' || role === undefined ? undefined : role,
      };
    }
  }

  if (issues.length > 0) return { issues };
  const row: CustomerImportRow = {
    groupCode,
    name: cells.name,
    class: customerClass!,
    unit: cells.unit,
    address: cells.address || undefined,
    latitude: latitude ?? undefined,
    longitude: longitude ?? undefined,
    managerUsername: cells.managerUsername ? cells.managerUsername.normalize('NFKC').trim().toLowerCase() : undefined,
    claimFrom,
    contact,
  };
  return { row };
}

// ---------------------------------------------------------------------------------------------
// Lookups shared by the validator and the writer: units and managers are few and reused by many
// rows, so they are cached for the whole run.

interface UnitRef {
  id: string;
  active: boolean;
}
interface ManagerRef {
  id: string;
  isManager: boolean;
}

const unitKey = (text: string) => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

class Lookups {
  private unitsByKey?: Map<string, UnitRef>;
  private managers = new Map<string, ManagerRef | null>();

  constructor(private readonly db: DbOrTx) {}

  async prepare(rows: CustomerImportRow[]): Promise<void> {
    if (!this.unitsByKey) {
      const all = await this.db.select({ id: units.id, code: units.code, name: units.name, active: units.active }).from(units);
      this.unitsByKey = new Map();
      // Names after codes: a unit named like another unit's code must not shadow that code.
      for (const u of all) this.unitsByKey.set(`name:${unitKey(u.name)}`, { id: u.id, active: u.active });
      for (const u of all) this.unitsByKey.set(`code:${unitKey(u.code)}`, { id: u.id, active: u.active });
    }
    const wanted = [...new Set(rows.map((r) => r.managerUsername).filter((u): u is string => !!u && !this.managers.has(u)))];
    if (wanted.length === 0) return;
    const found = await rawRows<{ id: string; username: string; role: string; active: boolean }>(
      this.db,
      sql`select id, username, role, active from ${users} where username = any(${textArray(wanted)})`,
    );
    for (const name of wanted) this.managers.set(name, null);
    for (const u of found) this.managers.set(u.username, { id: u.id, isManager: u.role === 'manager' && u.active });
  }

  unit(text: string): UnitRef | undefined {
    const key = unitKey(text);
    return this.unitsByKey?.get(`code:${key}`) ?? this.unitsByKey?.get(`name:${key}`);
  }

  manager(username: string): ManagerRef | null | undefined {
    return this.managers.get(username);
  }
}

type CurrentCustomer = CustomerFacts & { id: string };

/**
 * A statement run once per piece of a batch's rows (jsonChunks), the pieces sent together on the
 * commit's one connection — so run in order — and their returned rows joined in that order.
 */
async function inPieces<T>(values: readonly unknown[], run: (json: string) => PromiseLike<readonly T[]>): Promise<T[]> {
  const results = await Promise.all(jsonChunks(values).map((json) => run(json)));
  return results.flat() as T[];
}

/** A timestamp as JSON.stringify writes a Date ('2026-03-01T08:00:00.000Z', milliseconds cut as a Date cuts them). */
const isoSql = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The audit entries of rows an insert returned (a CTE named `inserted`, read as `r`), in their
 * order: what recordAudit writes for { actorId, action, entityType, entityId: row id, after }.
 */
const auditCreated = (actorId: string, action: string, entityType: string, after: SQL) =>
  sql`insert into ${auditLog} (actor_id, action, entity_type, entity_id, before, after)
      select ${actorId}::uuid, ${action}, ${entityType}, r.id::text, null, ${after} from inserted r`;

async function customersByCode(db: DbOrTx, codes: string[], forUpdate = false): Promise<Map<string, CurrentCustomer>> {
  const out = new Map<string, CurrentCustomer>();
  if (codes.length === 0) return out;
  // One array parameter, whatever the batch holds: the statement is prepared once for the file.
  const found = await rawRows<CurrentCustomer & { groupCode: string }>(
    db,
    sql`select id, group_code as "groupCode", name, class, unit_id as "unitId", address, latitude, longitude
          from ${customers} where group_code = any(${textArray(codes)})${forUpdate ? sql` for update` : sql``}`,
  );
  for (const { groupCode, ...rest } of found) out.set(groupCode, rest);
  return out;
}

const contactKey = (customerId: string, name: string, phone: string) => `${customerId}\u0000${name}\u0000${phone}`;

async function contactsOnFile(db: DbOrTx, pairs: { customerId: string; phone: string }[]) {
  const out = new Map<string, { id: string; title: string; role: ContactRole }>();
  if (pairs.length === 0) return out;
  const found = await rawRows<{ id: string; customerId: string; name: string; phone: string; title: string; role: ContactRole }>(
    db,
    sql`select id, customer_id as "customerId", name, phone, title, role from ${contacts}
         where customer_id = any(${uuidArray([...new Set(pairs.map((p) => p.customerId))])})
           and phone = any(${textArray([...new Set(pairs.map((p) => p.phone))])})`,
  );
  for (const r of found) out.set(contactKey(r.customerId, r.name, r.phone), { id: r.id, title: r.title, role: r.role });
  return out;
}

function contactChanges(current: { title: string; role: ContactRole }, stated: { title?: string; role?: ContactRole }) {
  const changes: { title?: string; role?: ContactRole } = {};
  if (stated.title !== undefined && stated.title !== current.title) changes.title = stated.title;
  if (stated.role !== undefined && stated.role !== current.role) changes.role = stated.role;
  return changes;
}

const formatInstant = (at: Date) => zoneClock(env().APP_TIMEZONE).toLocalInput(at).replace('T', ' ');

// ---------------------------------------------------------------------------------------------
// Validation

const OPTIONAL_FACTS = ['address', 'latitude', 'longitude', 'managerUsername'] as const;
type OptionalFact = (typeof OPTIONAL_FACTS)[number];

/** A group code on file: the customer as it is, its latest claim, and the facts the file states as text (for what would change). */
interface OnFile {
  current: CurrentCustomer;
  latestClaim: LatestClaim | null;
  name: string;
  address?: string;
}

/**
 * What the file says about each group code so far (a department's list: up to 200,000 rows), and
 * what is on file for it. Numbers sit in typed arrays, outside V8's heap — which grows to four
 * times what it holds, and as objects these were most of an import's memory; a name and an address
 * are kept as their SHA-256, as later rows are only compared with them; the customer on file, with
 * the facts as text, only for the group codes that exist.
 */
class CodeStates {
  private readonly slots = new DigestMap(4096);
  private readonly unitIds: string[] = [];
  private readonly managerIds: string[] = [];
  private readonly idIndex = new Map<string, number>();
  private capacity = 0;
  size = 0;
  firstRow = new Int32Array(0);
  classIndex = new Uint8Array(0);
  unit = new Int32Array(0);
  manager = new Int32Array(0);
  latitude = new Float64Array(0);
  longitude = new Float64Array(0);
  claimFrom = new Float64Array(0);
  /** The row that first stated each optional fact (0: none yet), four per group code, to point at when a later row disagrees. */
  statedAt = new Int32Array(0);
  nameDigest = new Uint8Array(0);
  addressDigest = new Uint8Array(0);
  readonly onFile = new Map<number, OnFile>();

  /** The slot of a group code (by its digest), or -1 when the file has not named it yet. */
  find(code: Uint8Array): number {
    return (this.slots.get(code) ?? 0) - 1;
  }

  add(code: Uint8Array): number {
    const slot = this.size++;
    if (slot >= this.capacity) this.grow();
    this.slots.setIfAbsent(code, slot + 1);
    this.unit[slot] = -1;
    this.manager[slot] = -1;
    this.latitude[slot] = NaN;
    this.longitude[slot] = NaN;
    this.claimFrom[slot] = NaN;
    return slot;
  }

  /** An id (unit, manager) as a small number: the few ids a file names, each kept once. */
  idOf(id: string | undefined, list: 'unit' | 'manager'): number {
    if (id === undefined) return -1;
    const ids = list === 'unit' ? this.unitIds : this.managerIds;
    const key = `${list}:${id}`;
    let at = this.idIndex.get(key);
    if (at === undefined) {
      at = ids.push(id) - 1;
      this.idIndex.set(key, at);
    }
    return at;
  }

  unitId(slot: number): string | undefined {
    return this.unit[slot] < 0 ? undefined : this.unitIds[this.unit[slot]];
  }

  managerId(slot: number): string | undefined {
    return this.manager[slot] < 0 ? undefined : this.managerIds[this.manager[slot]];
  }

  stated(slot: number, fact: OptionalFact): number | undefined {
    return this.statedAt[slot * 4 + OPTIONAL_FACTS.indexOf(fact)] || undefined;
  }

  state(slot: number, fact: OptionalFact, row: number) {
    this.statedAt[slot * 4 + OPTIONAL_FACTS.indexOf(fact)] = row;
  }

  sameDigest(store: Uint8Array, slot: number, digest: Uint8Array): boolean {
    for (let i = 0; i < 32; i++) if (store[slot * 32 + i] !== digest[i]) return false;
    return true;
  }

  private grow() {
    const capacity = Math.max(1024, this.capacity * 2);
    const widen = <T extends Int32Array | Uint8Array | Float64Array>(from: T, per = 1): T => {
      const to = new (from.constructor as new (n: number) => T)(capacity * per);
      to.set(from);
      return to;
    };
    this.firstRow = widen(this.firstRow);
    this.classIndex = widen(this.classIndex);
    this.unit = widen(this.unit);
    this.manager = widen(this.manager);
    this.latitude = widen(this.latitude);
    this.longitude = widen(this.longitude);
    this.claimFrom = widen(this.claimFrom);
    this.statedAt = widen(this.statedAt, 4);
    this.nameDigest = widen(this.nameDigest, 32);
    this.addressDigest = widen(this.addressDigest, 32);
    this.capacity = capacity;
  }
}

const numberOrUndefined = (n: number) => (Number.isNaN(n) ? undefined : n);

class CustomerValidator implements ImportValidator<CustomerImportRow> {
  private readonly lookups: Lookups;
  private readonly states = new CodeStates();
  /**
   * group code + name + phone → the row that first listed the contact, by the SHA-256 of the three
   * (as a visit's identity is its SHA-256): kept outside the JavaScript heap, 36 bytes a contact.
   */
  private readonly contactRows = new DigestMap(4096);
  private readonly now: Date;
  private contactsCreated = 0;
  private contactsUpdated = 0;
  private contactsUnchanged = 0;

  constructor(private readonly db: DbOrTx, ctx: Ctx) {
    this.lookups = new Lookups(db);
    this.now = ctx.now();
  }

  private claimFromOf(slot: number): Date {
    const at = this.states.claimFrom[slot];
    return Number.isNaN(at) ? this.now : new Date(at);
  }

  async checkBatch(batch: ParsedRow<CustomerImportRow>[]): Promise<RowIssue[]> {
    const rows = batch.map((b) => b.row);
    await this.lookups.prepare(rows);
    const states = this.states;
    const codes = rows.map((r) => textDigest(r.groupCode));
    const newCodes = [...new Set(rows.filter((_, i) => states.find(codes[i]) < 0).map((r) => r.groupCode))];
    const current = await customersByCode(this.db, newCodes);
    const claimsOnFile = await latestClaims(this.db, [...current.values()].map((c) => c.id));

    const issues: RowIssue[] = [];
    const contactPairs: { customerId: string; phone: string }[] = [];
    const rowCustomers: (string | undefined)[] = [];

    for (const [i, { rowNumber, row }] of batch.entries()) {
      const issue = (column: CustomerColumn, code: string, params?: RowIssue['params'], value?: string) =>
        issues.push({ rowNumber, column, code: issueCode(code), params, value });

      const unit = this.lookups.unit(row.unit);
      if (!unit) issue('unit', 'unknownUnit', { value: row.unit }, row.unit);
      let managerId: string | undefined;
      if (row.managerUsername) {
        const manager = this.lookups.manager(row.managerUsername);
        if (!manager) issue('managerUsername', 'unknownManager', { value: row.managerUsername }, row.managerUsername);
        else if (!manager.isManager) issue('managerUsername', 'notAManager', { value: row.managerUsername }, row.managerUsername);
        else managerId = manager.id;
      }

      let slot = states.find(codes[i]);
      if (slot < 0) {
        slot = states.add(codes[i]);
        states.firstRow[slot] = rowNumber;
        states.classIndex[slot] = CUSTOMER_CLASSES.indexOf(row.class);
        states.unit[slot] = states.idOf(unit?.id, 'unit');
        states.manager[slot] = states.idOf(managerId, 'manager');
        states.nameDigest.set(textDigest(row.name), slot * 32);
        if (row.address !== undefined) states.addressDigest.set(textDigest(row.address), slot * 32);
        if (row.latitude !== undefined) states.latitude[slot] = row.latitude;
        if (row.longitude !== undefined) states.longitude[slot] = row.longitude;
        if (row.claimFrom) states.claimFrom[slot] = row.claimFrom.getTime();
        for (const fact of OPTIONAL_FACTS) if (row[fact] !== undefined) states.state(slot, fact, rowNumber);
        const onFile = current.get(row.groupCode);
        if (onFile) states.onFile.set(slot, { current: onFile, latestClaim: claimsOnFile.get(onFile.id) ?? null, name: row.name, address: row.address });
      } else {
        this.agree(slot, rowNumber, row, unit?.id, managerId, issue);
      }
      const onFile = states.onFile.get(slot);
      rowCustomers.push(onFile?.current.id);

      // A new customer, or one moved, must land in a unit that still works.
      if (unit && !unit.active && onFile?.current.unitId !== unit.id) issue('unit', 'unitInactive', { value: row.unit }, row.unit);

      // The claim is checked on the row that first names the customer's manager, and reported there.
      const stateManager = states.managerId(slot);
      if (stateManager && states.stated(slot, 'managerUsername') === rowNumber) {
        const plan = planClaim(onFile?.latestClaim ?? null, stateManager, this.claimFromOf(slot));
        if (plan.kind === 'refused') {
          const code = plan.code === 'startsBeforeCurrent' ? 'claimStartsBeforeCurrent' : 'claimOverlapsPrevious';
          issue(row.claimFrom ? 'claimFrom' : 'managerUsername', code, { from: formatInstant(plan.params.from) });
        }
      }

      if (row.contact) {
        const seenAt = this.contactRows.setIfAbsent(textDigest([row.groupCode, row.contact.name, row.contact.phone].join('\u0000')), rowNumber);
        if (seenAt !== rowNumber) issue('contactName', 'duplicateContact', { row: seenAt }, row.contact.name);
        if (onFile) contactPairs.push({ customerId: onFile.current.id, phone: row.contact.phone });
      }
    }

    const onFile = await contactsOnFile(this.db, contactPairs);
    batch.forEach(({ row }, i) => {
      if (!row.contact) return;
      const customerId = rowCustomers[i];
      const existing = customerId ? onFile.get(contactKey(customerId, row.contact.name, row.contact.phone)) : undefined;
      if (!existing) this.contactsCreated++;
      else if (Object.keys(contactChanges(existing, row.contact)).length > 0) this.contactsUpdated++;
      else this.contactsUnchanged++;
    });
    return issues;
  }

  /** Later rows of a group code must say the same as earlier ones; a blank cell says nothing. */
  private agree(
    slot: number,
    rowNumber: number,
    row: CustomerImportRow,
    unitId: string | undefined,
    managerId: string | undefined,
    issue: (column: CustomerColumn, code: string, params?: RowIssue['params'], value?: string) => void,
  ) {
    const states = this.states;
    const firstRow = states.firstRow[slot];
    const onFile = states.onFile.get(slot);
    const differs = (column: CustomerColumn, first: number, value: string | number | Date) =>
      issue(column, 'inconsistent', { row: first }, value instanceof Date ? formatInstant(value) : String(value));
    if (!states.sameDigest(states.nameDigest, slot, textDigest(row.name))) differs('name', firstRow, row.name);
    if (row.class !== CUSTOMER_CLASSES[states.classIndex[slot]]) differs('class', firstRow, row.class);
    const stateUnit = states.unitId(slot);
    if (unitId && stateUnit && unitId !== stateUnit) differs('unit', firstRow, row.unit);

    if (row.address !== undefined) {
      const digest = textDigest(row.address);
      if (states.stated(slot, 'address') === undefined) {
        states.addressDigest.set(digest, slot * 32);
        states.state(slot, 'address', rowNumber);
        if (onFile) onFile.address = row.address;
      } else if (!states.sameDigest(states.addressDigest, slot, digest)) differs('address', states.stated(slot, 'address')!, row.address);
    }
    for (const [fact, store] of [
      ['latitude', states.latitude],
      ['longitude', states.longitude],
    ] as const) {
      const value = row[fact];
      if (value === undefined) continue;
      if (states.stated(slot, fact) === undefined) {
        store[slot] = value;
        states.state(slot, fact, rowNumber);
      } else if (value !== store[slot]) differs(fact, states.stated(slot, fact)!, value);
    }

    if (!row.managerUsername) return;
    // Manager and claim date are one statement, taken from the first row naming a manager; later
    // rows may repeat it or leave the date blank, but not give another date.
    const statedManager = states.stated(slot, 'managerUsername');
    if (statedManager === undefined) {
      states.manager[slot] = states.idOf(managerId, 'manager');
      states.claimFrom[slot] = row.claimFrom ? row.claimFrom.getTime() : NaN;
      states.state(slot, 'managerUsername', rowNumber);
      return;
    }
    const stateManager = states.managerId(slot);
    if (managerId && stateManager && managerId !== stateManager) differs('managerUsername', statedManager, row.managerUsername);
    if (row.claimFrom && row.claimFrom.getTime() !== states.claimFrom[slot]) differs('claimFrom', statedManager, row.claimFrom);
  }

  summary(): Record<string, number> {
    const counts = {
      customersCreated: 0,
      customersUpdated: 0,
      customersUnchanged: 0,
      contactsCreated: this.contactsCreated,
      contactsUpdated: this.contactsUpdated,
      contactsUnchanged: this.contactsUnchanged,
      claimsCreated: 0,
      claimsReassigned: 0,
      claimsUnchanged: 0,
    };
    const states = this.states;
    for (let slot = 0; slot < states.size; slot++) {
      const onFile = states.onFile.get(slot);
      const unitId = states.unitId(slot);
      if (!onFile) counts.customersCreated++;
      else if (
        unitId &&
        Object.keys(
          customerChanges(onFile.current, {
            name: onFile.name,
            class: CUSTOMER_CLASSES[states.classIndex[slot]],
            unitId,
            address: onFile.address,
            latitude: numberOrUndefined(states.latitude[slot]),
            longitude: numberOrUndefined(states.longitude[slot]),
          }),
        ).length > 0
      )
        counts.customersUpdated++;
      else counts.customersUnchanged++;
      const managerId = states.managerId(slot);
      if (managerId) {
        const plan = planClaim(onFile?.latestClaim ?? null, managerId, this.claimFromOf(slot));
        if (plan.kind === 'create') counts.claimsCreated++;
        else if (plan.kind === 'reassign') counts.claimsReassigned++;
        else if (plan.kind === 'unchanged') counts.claimsUnchanged++;
      }
    }
    return counts;
  }
}

// ---------------------------------------------------------------------------------------------
// Writing (inside the commit transaction; every batch was validated just before)

/**
 * What the writer keeps per group code across batches: three flags, no more (a file of 50,000
 * customers), by the code's digest. SEEN is set for every code written, so a stored value is never 0.
 */
const CREATED = 1;
const CHANGED = 2;
const CLAIM_HANDLED = 4;
const SEEN = 8;

/** A group code as this batch's rows state it: the first row's facts, blanks filled by later rows. */
interface BatchCode {
  digest: Uint8Array;
  id?: string;
  stated: StatedCustomer;
  managerId?: string;
  claimFrom?: Date;
}

class CustomerWriter implements ImportWriter<CustomerImportRow> {
  private readonly lookups: Lookups;
  /**
   * Flags per group code written so far. The facts themselves are not kept: rows of one group code
   * agree (the validator refuses the file otherwise), so a later batch states nothing that differs
   * from what an earlier one wrote, and comparing its rows with the customer on file finds exactly
   * the facts stated for the first time.
   */
  private readonly codes = new DigestMap(4096);
  private readonly commitAt: Date;
  private readonly counts = { contactsCreated: 0, contactsUpdated: 0, contactsUnchanged: 0, claimsCreated: 0, claimsReassigned: 0, claimsUnchanged: 0 };

  constructor(
    private readonly tx: DbOrTx,
    private readonly ctx: Ctx,
    private readonly importId: string,
  ) {
    this.lookups = new Lookups(tx);
    this.commitAt = ctx.now();
  }

  private flags(code: BatchCode): number {
    return this.codes.get(code.digest)! & ~SEEN;
  }

  private flag(code: BatchCode, flag: number) {
    this.codes.set(code.digest, this.codes.get(code.digest)! | flag);
  }

  async writeBatch(batch: ParsedRow<CustomerImportRow>[]): Promise<void> {
    if (batch.length === 0) return;
    const rows = batch.map((b) => b.row);
    await this.lookups.prepare(rows);
    const audit: AuditEntry[] = [];
    const actorId = this.ctx.actor.id;
    const now = this.ctx.now();

    const batchCodes = new Map<string, BatchCode>();
    for (const row of rows) {
      let code = batchCodes.get(row.groupCode);
      if (!code) {
        code = { digest: textDigest(row.groupCode), stated: { name: row.name, class: row.class, unitId: this.lookups.unit(row.unit)!.id } };
        batchCodes.set(row.groupCode, code);
        this.codes.setIfAbsent(code.digest, SEEN);
      }
      code.stated.address ??= row.address;
      code.stated.latitude ??= row.latitude;
      code.stated.longitude ??= row.longitude;
      if (row.managerUsername && !code.managerId) {
        code.managerId = this.lookups.manager(row.managerUsername)?.id;
        code.claimFrom = row.claimFrom;
      }
    }

    const touched = [...batchCodes.keys()];
    // Customers: insert the new ones, update the ones whose stated facts differ.
    const current = await customersByCode(this.tx, touched, true);
    const toInsert: { groupCode: string; name: string; class: CustomerClass; unitId: string; address: string; latitude?: number; longitude?: number }[] = [];
    const toUpdate: ({ id: string } & Partial<CustomerFacts>)[] = [];
    for (const [groupCode, code] of batchCodes) {
      const onFile = current.get(groupCode);
      if (!onFile) {
        toInsert.push({ groupCode, ...code.stated, address: code.stated.address ?? '' });
        continue;
      }
      code.id = onFile.id;
      const changes = customerChanges(onFile, code.stated);
      if (Object.keys(changes).length === 0) continue;
      toUpdate.push({ id: onFile.id, ...changes });
      if (!(this.flags(code) & CREATED)) this.flag(code, CHANGED);
      const before = Object.fromEntries(Object.keys(changes).map((k) => [k, onFile[k as keyof CustomerFacts]]));
      audit.push({ actorId, action: 'customer.updated', entityType: 'customer', entityId: onFile.id, before, after: { ...changes, importId: this.importId } });
    }
    // A change never clears a fact (a blank cell keeps what is on file), so coalesce applies exactly the changes.
    if (toUpdate.length > 0) {
      await inPieces(toUpdate.map((u) => ({ ...u, unit_id: u.unitId, unitId: undefined })), (json) =>
        this.tx.execute(sql`
          update ${customers} c
             set name = coalesce(x.name, c.name), class = coalesce(x.class, c.class), unit_id = coalesce(x.unit_id, c.unit_id),
                 address = coalesce(x.address, c.address), latitude = coalesce(x.latitude, c.latitude), longitude = coalesce(x.longitude, c.longitude),
                 updated_at = ${now.toISOString()}::timestamptz
            from jsonb_to_recordset(${json}::jsonb)
                 as x(id uuid, name text, class customer_class, unit_id uuid, address text, latitude double precision, longitude double precision)
           where c.id = x.id`),
      );
    }
    // The updates' entries first, then the inserts' (written with them): the audit's order as before.
    await recordAudit(this.tx, audit);
    audit.length = 0;
    if (toInsert.length > 0) {
      // Each new customer and its audit entry in one statement: the entry (the row as inserted) is
      // built by PostgreSQL, so a batch's rows never come back to this process to be described.
      const inserted = await inPieces(
        toInsert.map((c) => ({ ...c, group_code: c.groupCode, unit_id: c.unitId, groupCode: undefined, unitId: undefined })),
        (json) =>
          rawRows<{ id: string; groupCode: string }>(
            this.tx,
            sql`with inserted as (
                  insert into ${customers} (group_code, name, class, unit_id, address, latitude, longitude)
                  select x.group_code, x.name, x.class, x.unit_id, x.address, x.latitude, x.longitude
                    from jsonb_to_recordset(${json}::jsonb)
                         as x(group_code text, name text, class customer_class, unit_id uuid, address text, latitude double precision, longitude double precision)
                  returning *),
                audited as (${auditCreated(actorId, 'customer.created', 'customer', sql`jsonb_build_object(
                  'id', r.id, 'groupCode', r.group_code, 'name', r.name, 'class', r.class, 'unitId', r.unit_id, 'address', r.address,
                  'latitude', r.latitude, 'longitude', r.longitude, 'status', r.status, 'createdAt', ${isoSql(sql`r.created_at`)},
                  'updatedAt', ${isoSql(sql`r.updated_at`)}, 'importId', ${this.importId}::text)`)})
                select id, group_code as "groupCode" from inserted`,
          ),
      );
      for (const row of inserted) {
        batchCodes.get(row.groupCode)!.id = row.id;
        this.flag(batchCodes.get(row.groupCode)!, CREATED);
      }
    }

    await this.writeContacts(rows, batchCodes, audit);
    await this.writeClaims(batchCodes, audit);
    await recordAudit(this.tx, audit);
  }

  private async writeContacts(rows: CustomerImportRow[], batchCodes: Map<string, BatchCode>, audit: AuditEntry[]) {
    const wanted = rows
      .filter((r) => r.contact)
      .map((r) => ({ customerId: batchCodes.get(r.groupCode)!.id!, ...r.contact! }));
    if (wanted.length === 0) return;
    const payload = wanted.map((c) => ({ c: c.customerId, n: c.name, p: c.phone, t: c.title ?? '', r: c.role ?? 'key_person' }));
    // The audit entries before this batch's contacts are the customers' (written above).
    const inserted = await inPieces(payload, (json) =>
      rawRows<{ customerId: string; name: string; phone: string }>(
        this.tx,
        sql`with inserted as (
              insert into ${contacts} (customer_id, name, phone, title, role)
              select x.c, x.n, x.p, x.t, x.r from jsonb_to_recordset(${json}::jsonb) as x(c uuid, n text, p text, t text, r contact_role)
              on conflict (customer_id, name, phone) do nothing
              returning *),
            audited as (${auditCreated(this.ctx.actor.id, 'contact.created', 'contact', sql`jsonb_build_object(
              'id', r.id, 'customerId', r.customer_id, 'name', r.name, 'title', r.title, 'role', r.role, 'phone', r.phone, 'active', r.active,
              'createdAt', ${isoSql(sql`r.created_at`)}, 'updatedAt', ${isoSql(sql`r.updated_at`)}, 'importId', ${this.importId}::text)`)})
            select customer_id as "customerId", name, phone from inserted`,
      ),
    );
    const insertedKeys = new Set(inserted.map((c) => contactKey(c.customerId, c.name, c.phone)));
    this.counts.contactsCreated += inserted.length;
    const others = wanted.filter((c) => !insertedKeys.has(contactKey(c.customerId, c.name, c.phone)));
    const onFile = await contactsOnFile(this.tx, others);
    const toUpdate: { id: string; title?: string; role?: ContactRole }[] = [];
    for (const c of others) {
      const existing = onFile.get(contactKey(c.customerId, c.name, c.phone))!;
      const changes = contactChanges(existing, c);
      if (Object.keys(changes).length === 0) {
        this.counts.contactsUnchanged++;
        continue;
      }
      toUpdate.push({ id: existing.id, ...changes });
      this.counts.contactsUpdated++;
      audit.push({
        actorId: this.ctx.actor.id,
        action: 'contact.updated',
        entityType: 'contact',
        entityId: existing.id,
        before: { title: existing.title, role: existing.role },
        after: { ...changes, importId: this.importId },
      });
    }
    if (toUpdate.length > 0) {
      const at = this.ctx.now().toISOString();
      await inPieces(toUpdate, (json) =>
        this.tx.execute(sql`
          update ${contacts} k set title = coalesce(x.title, k.title), role = coalesce(x.role, k.role), updated_at = ${at}::timestamptz
            from jsonb_to_recordset(${json}::jsonb) as x(id uuid, title text, role contact_role)
           where k.id = x.id`),
      );
    }
  }

  private async writeClaims(batchCodes: Map<string, BatchCode>, audit: AuditEntry[]) {
    const pending = [...batchCodes].filter(([, c]) => c.managerId && !(this.flags(c) & CLAIM_HANDLED));
    if (pending.length === 0) return;
    // A customer this commit created has no claim but the one written here.
    const latest = await latestClaims(this.tx, pending.filter(([, c]) => !(this.flags(c) & CREATED)).map(([, c]) => c.id!));
    const toInsert: { customerId: string; managerId: string; effectiveFrom: Date }[] = [];
    const toClose: { id: string; t: Date }[] = [];
    const reassigned = new Set<string>();
    for (const [, code] of pending) {
      this.flag(code, CLAIM_HANDLED);
      const from = code.claimFrom ?? this.commitAt;
      const last = latest.get(code.id!) ?? null;
      const plan = planClaim(last, code.managerId!, from);
      if (plan.kind === 'refused') throw new Error(`claim for customer ${code.id} refused at commit (${plan.code})`);
      if (plan.kind === 'unchanged') {
        this.counts.claimsUnchanged++;
        continue;
      }
      if (plan.kind === 'reassign') {
        toClose.push({ id: plan.close.id, t: from });
        this.counts.claimsReassigned++;
        reassigned.add(code.id!);
      } else this.counts.claimsCreated++;
      toInsert.push({ customerId: code.id!, managerId: code.managerId!, effectiveFrom: from });
    }
    // The current claims end before the new ones start: the exclusion constraint sees no overlap.
    if (toClose.length > 0) {
      await inPieces(toClose, (json) =>
        this.tx.execute(sql`update ${claims} k set effective_to = x.t from jsonb_to_recordset(${json}::jsonb) as x(id uuid, t timestamptz) where k.id = x.id`),
      );
    }
    if (toInsert.length === 0) return;
    const inserted = await inPieces(toInsert, (json) =>
      rawRows<{ id: string; customerId: string; managerId: string; effectiveFrom: string }>(
        this.tx,
        sql`insert into ${claims} (customer_id, manager_id, effective_from, created_by, note)
            select x."customerId", x."managerId", x."effectiveFrom", ${this.ctx.actor.id}::uuid, ${`import ${this.importId}`}
              from jsonb_to_recordset(${json}::jsonb) as x("customerId" uuid, "managerId" uuid, "effectiveFrom" timestamptz)
            returning id, customer_id as "customerId", manager_id as "managerId", effective_from as "effectiveFrom"`,
      ),
    );
    for (const raw of inserted) {
      const claim = { ...raw, effectiveFrom: new Date(raw.effectiveFrom) };
      const previous = reassigned.has(claim.customerId) ? latest.get(claim.customerId) : undefined;
      audit.push({
        actorId: this.ctx.actor.id,
        action: previous ? 'claim.reassigned' : 'claim.created',
        entityType: 'customer',
        entityId: claim.customerId,
        before: previous ? { claimId: previous.id, managerId: previous.managerId, effectiveFrom: previous.effectiveFrom, effectiveTo: claim.effectiveFrom } : null,
        after: { claimId: claim.id, managerId: claim.managerId, effectiveFrom: claim.effectiveFrom, importId: this.importId },
      });
    }
  }

  summary(): Record<string, number> {
    let customersCreated = 0;
    let customersUpdated = 0;
    let customersUnchanged = 0;
    for (const flags of this.codes.storedValues()) {
      if (flags & CREATED) customersCreated++;
      else if (flags & CHANGED) customersUpdated++;
      else customersUnchanged++;
    }
    return { customersCreated, customersUpdated, customersUnchanged, ...this.counts };
  }
}

/** A good row as the commit reads it (blank: the file says nothing, what is on file stays). */
export function customerPreviewRow(row: CustomerImportRow): Partial<Record<CustomerColumn, string>> {
  const out: Partial<Record<CustomerColumn, string>> = {
    groupCode: row.groupCode,
    name: row.name,
    class: row.class,
    unit: row.unit,
    address: row.address,
    latitude: row.latitude?.toString(),
    longitude: row.longitude?.toString(),
    managerUsername: row.managerUsername,
    claimFrom: row.claimFrom ? formatInstant(row.claimFrom) : undefined,
    contactName: row.contact?.name,
    contactTitle: row.contact?.title,
    contactRole: row.contact?.role,
    // Masked as everywhere a number is shown without a reveal: the preview is read by all staff, and its rows are stored until the commit.
    contactPhone: row.contact?.phone ? maskPhone(row.contact.phone) : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined && v !== ''));
}

export const customerImport: ImportHandler<CustomerImportRow, CustomerColumn> = {
  columns: customerColumns,
  parseRow,
  previewRow: customerPreviewRow,
  createValidator: (db, ctx) => new CustomerValidator(db, ctx),
  createWriter: (tx, ctx, importId) => new CustomerWriter(tx, ctx, importId),
};
