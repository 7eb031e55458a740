import { count, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, contacts, visitReportContacts, visitReports } from '@/db/schema';
import { NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { savePolicyVersion } from '@/lib/policy/policies';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { createVisitReport, getVisit, listReportableCustomers, listVisits } from '@/lib/visits/visits';
import type { VisitReportInput } from '@/lib/visits/schemas';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const HOUR = 60 * MIN;
const local = (text: string) => parseLocalDateTime(text, TZ)!;

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

async function world() {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const customer = await makeCustomer(db, unit.id);
  const contact = await makeContact(db, customer.id, { phone: '+8613800001234' });
  await makeClaim(db, customer.id, manager.id);
  return { unit, manager, customer, contact };
}

function report(customerId: string, contactIds: string[], overrides: Partial<VisitReportInput> = {}): VisitReportInput {
  return { customerId, contactIds, newContacts: [], type: 'on_site', visitedAt: '2026-11-03T14:30', checkInMethod: 'none', purpose: '了解 5G 专线需求', summary: '', ...overrides };
}

const tableCount = async (table: typeof visitReports | typeof contacts | typeof visitReportContacts) => (await db.select({ n: count() }).from(table))[0].n;

async function fieldsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => `${i.field}:${i.code}`);
}

describe('createVisitReport', () => {
  it('stores a report for a claimed customer with its contacts, and puts a new contact on file', async () => {
    const { manager, customer, contact } = await world();
    const visitedAt = local('2026-11-03 14:30');
    const result = await createVisitReport({
      ctx: ctxAs(db, manager, new Date(visitedAt.getTime() + 2 * HOUR)),
      input: report(customer.id, [contact.id], {
        newContacts: [{ name: '王五', title: '财务总监', role: 'key_person', phone: '139 0000 1111' }],
        checkInMethod: 'gps',
        checkInLatitude: 22.54,
        checkInLongitude: 114.06,
      }),
    });
    expect(result.late).toBe(false);
    const [visit] = await db.select().from(visitReports).where(eq(visitReports.id, result.id));
    expect(visit).toMatchObject({ managerId: manager.id, customerId: customer.id, type: 'on_site', source: 'form', late: false, checkInMethod: 'gps', checkInLatitude: 22.54 });
    expect(visit.visitedAt.toISOString()).toBe('2026-11-03T06:30:00.000Z');
    const [added] = await db.select().from(contacts).where(eq(contacts.name, '王五'));
    expect(added).toMatchObject({ customerId: customer.id, phone: '+8613900001111', title: '财务总监', active: true });
    const linked = await db.select().from(visitReportContacts).where(eq(visitReportContacts.visitId, result.id));
    expect(linked.map((l) => l.contactId).sort()).toEqual([contact.id, added.id].sort());
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, result.id));
    expect(audits.map((a) => a.action)).toEqual(['visit.reported']);

    // The same person typed again (formatted differently) is reused, not duplicated.
    const again = await createVisitReport({
      ctx: ctxAs(db, manager, new Date(visitedAt.getTime() + 26 * HOUR)),
      input: report(customer.id, [], { visitedAt: '2026-11-04T10:00', type: 'phone', newContacts: [{ name: '王五', title: '', role: 'liaison', phone: '+86 139-0000-1111' }] }),
    });
    expect(await db.select().from(contacts).where(eq(contacts.name, '王五'))).toHaveLength(1);
    const visited = await getVisit({ ctx: ctxAs(db, manager), input: { id: again.id } });
    expect(visited.contacts.map((c) => c.name)).toEqual(['王五']);
    expect(visited.contacts[0].phone).toBe('13900001111');
  });

  it('is on time exactly at the 24 h deadline and late one minute after', async () => {
    const { manager, customer, contact } = await world();
    const visitedAt = local('2026-11-03 14:30');
    const onTime = await createVisitReport({ ctx: ctxAs(db, manager, new Date(visitedAt.getTime() + 24 * HOUR)), input: report(customer.id, [contact.id]) });
    const late = await createVisitReport({ ctx: ctxAs(db, manager, new Date(visitedAt.getTime() + 24 * HOUR + MIN)), input: report(customer.id, [contact.id]) });
    expect(onTime.late).toBe(false);
    expect(late.late).toBe(true);
    const rows = await db.select({ id: visitReports.id, late: visitReports.late }).from(visitReports);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.late]))).toEqual({ [onTime.id]: false, [late.id]: true });
  });

  it('follows the reporting policy in force on the visit day', async () => {
    const { unit, manager, customer, contact } = await world();
    const staff = await makeUser(db, 'staff', { unitId: unit.id });
    await savePolicyVersion({ ctx: ctxAs(db, staff), input: { key: 'reporting', effectiveFrom: '2026-11-01', value: { reportDeadlineHours: 48, minContactsAB: 3, lateBackfill: 'refuse' } } });
    const visitedAt = local('2026-11-03 14:30');
    const at = (ms: number) => ctxAs(db, manager, new Date(visitedAt.getTime() + ms));
    expect((await createVisitReport({ ctx: at(30 * HOUR), input: report(customer.id, [contact.id]) })).late).toBe(false);
    expect((await createVisitReport({ ctx: at(48 * HOUR), input: report(customer.id, [contact.id]) })).late).toBe(false);
    expect((await createVisitReport({ ctx: at(48 * HOUR + MIN), input: report(customer.id, [contact.id]) })).late).toBe(true);
    // A visit before the new version took effect keeps the 24 h default.
    const before = local('2026-10-31 10:00');
    const old = await createVisitReport({ ctx: ctxAs(db, manager, new Date(before.getTime() + 30 * HOUR)), input: report(customer.id, [contact.id], { visitedAt: '2026-10-31T10:00' }) });
    expect(old.late).toBe(true);
  });

  it('refuses a customer the manager did not claim at the visit time, naming customerId, and writes nothing', async () => {
    const { unit, manager, customer } = await world();
    const other = await makeCustomer(db, unit.id);
    const otherContact = await makeContact(db, other.id);
    const handedOver = await makeCustomer(db, unit.id);
    await makeClaim(db, handedOver.id, manager.id, local('2026-01-01 00:00'), local('2026-11-01 00:00'));
    const before = { visits: await tableCount(visitReports), contacts: await tableCount(contacts), audit: (await db.select({ n: count() }).from(auditLog))[0].n };
    const ctx = ctxAs(db, manager, local('2026-11-03 18:00'));
    const newContacts = [{ name: '赵六', title: '', role: 'liaison' as const, phone: '13900002222' }];
    expect(await fieldsOf(createVisitReport({ ctx, input: report(other.id, [otherContact.id], { newContacts }) }))).toEqual(['customerId:visits.customerNotClaimed']);
    expect(await fieldsOf(createVisitReport({ ctx, input: report(handedOver.id, [], { newContacts }) }))).toEqual(['customerId:visits.customerNotClaimed']);
    // A contact of another customer is not one of this customer's.
    expect(await fieldsOf(createVisitReport({ ctx, input: report(customer.id, [otherContact.id], { newContacts }) }))).toEqual(['contactIds:visits.unknownContact']);
    expect(await tableCount(visitReports)).toBe(before.visits);
    expect(await tableCount(contacts)).toBe(before.contacts);
    expect((await db.select({ n: count() }).from(auditLog))[0].n).toBe(before.audit);
  });

  it('refuses a visit time in the future, a bad phone, a missing contact and GPS without coordinates', async () => {
    const { manager, customer, contact } = await world();
    const now = local('2026-11-03 14:30');
    const ctx = ctxAs(db, manager, now);
    expect(await fieldsOf(createVisitReport({ ctx, input: report(customer.id, [contact.id], { visitedAt: '2026-11-03T14:31' }) }))).toEqual(['visitedAt:visits.visitInFuture']);
    expect(await fieldsOf(createVisitReport({ ctx, input: report(customer.id, [], { newContacts: [{ name: '钱七', title: '', role: 'liaison', phone: '12345' }] }) }))).toEqual([
      'newContacts.0.phone:phone.invalid',
    ]);
    expect(await fieldsOf(createVisitReport({ ctx, input: report(customer.id, []) }))).toEqual(['contactIds:visits.contactRequired']);
    expect(await fieldsOf(createVisitReport({ ctx, input: report(customer.id, [contact.id], { checkInMethod: 'gps', checkInLatitude: '' as unknown as null }) }))).toEqual([
      'checkInLatitude:visits.coordinatesRequired',
      'checkInLongitude:visits.coordinatesRequired',
    ]);
    expect(await fieldsOf(createVisitReport({ ctx, input: report(customer.id, [contact.id], { visitedAt: '2026-02-30T10:00' }) }))).toEqual(['visitedAt:visits.visitedAtInvalid']);
    expect(await tableCount(visitReports)).toBe(0);
    // Exactly now is not the future.
    await createVisitReport({ ctx, input: report(customer.id, [contact.id]) });
    expect(await tableCount(visitReports)).toBe(1);
  });
});

describe('reading visits', () => {
  it('hides another manager’s visit from a manager (NotFoundError) and masks phones for a supervisor', async () => {
    const { unit, manager, customer, contact } = await world();
    const colleague = await makeUser(db, 'manager', { unitId: unit.id });
    const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
    const { id } = await createVisitReport({ ctx: ctxAs(db, manager, local('2026-11-03 16:00')), input: report(customer.id, [contact.id]) });
    await expect(getVisit({ ctx: ctxAs(db, colleague), input: { id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getVisit({ ctx: ctxAs(db, manager), input: { id: '00000000-0000-4000-8000-000000000000' } })).rejects.toBeInstanceOf(NotFoundError);
    const own = await getVisit({ ctx: ctxAs(db, manager), input: { id } });
    expect(own.contacts[0].phone).toBe('13800001234');
    const seen = await getVisit({ ctx: ctxAs(db, supervisor), input: { id } });
    expect(seen).toMatchObject({ phonesMasked: true, customerName: customer.name });
    expect(seen.contacts[0].phone).toBe('138****1234');
    expect((await listVisits({ ctx: ctxAs(db, colleague), input: {} })).total).toBe(0);
  });

  it('shows a supervisor only the visits of managers in their unit', async () => {
    const a = await world();
    const b = await world();
    const supervisor = await makeUser(db, 'supervisor', { unitId: a.unit.id });
    const staff = await makeUser(db, 'staff');
    const now = local('2026-11-03 18:00');
    const va = await createVisitReport({ ctx: ctxAs(db, a.manager, now), input: report(a.customer.id, [a.contact.id]) });
    const vb = await createVisitReport({ ctx: ctxAs(db, b.manager, now), input: report(b.customer.id, [b.contact.id]) });
    const list = await listVisits({ ctx: ctxAs(db, supervisor), input: {} });
    expect(list.rows.map((r) => r.id)).toEqual([va.id]);
    // Filtering by another unit's manager does not widen the scope.
    expect((await listVisits({ ctx: ctxAs(db, supervisor), input: { managerId: b.manager.id } })).total).toBe(0);
    await expect(getVisit({ ctx: ctxAs(db, supervisor), input: { id: vb.id } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await listVisits({ ctx: ctxAs(db, staff), input: {} })).total).toBe(2);
    expect((await listVisits({ ctx: ctxAs(db, staff), input: { managerId: b.manager.id } })).rows.map((r) => r.id)).toEqual([vb.id]);
  });

  it('filters by month in Asia/Shanghai, type, late and search, newest first', async () => {
    const { manager, customer, contact } = await world();
    const ctx = ctxAs(db, manager, local('2026-11-01 20:00'));
    const october = await createVisitReport({ ctx, input: report(customer.id, [contact.id], { visitedAt: '2026-10-31T23:30', purpose: '年度回顾' }) });
    const november = await createVisitReport({ ctx, input: report(customer.id, [contact.id], { visitedAt: '2026-11-01T08:00', type: 'phone' }) });
    const lateOne = await createVisitReport({ ctx, input: report(customer.id, [contact.id], { visitedAt: '2026-10-30T09:00' }) });
    const ids = async (input: Parameters<typeof listVisits>[0]['input']) => (await listVisits({ ctx, input })).rows.map((r) => r.id);
    expect(await ids({ month: '2026-10' })).toEqual([october.id, lateOne.id]);
    expect(await ids({ month: '2026-11' })).toEqual([november.id]);
    expect(await ids({})).toEqual([november.id, october.id, lateOne.id]);
    expect(await ids({ type: 'phone' })).toEqual([november.id]);
    expect(await ids({ late: 'true' })).toEqual([lateOne.id]);
    expect(await ids({ late: false, month: '2026-10' })).toEqual([october.id]);
    expect(await ids({ q: '年度' })).toEqual([october.id]);
    expect(await ids({ q: customer.groupCode })).toHaveLength(3);
    expect(await ids({ q: '100%' })).toEqual([]);
    const page = await listVisits({ ctx, input: { pageSize: 2, page: 2 } });
    expect(page).toMatchObject({ total: 3, page: 2 });
    expect(page.rows.map((r) => r.id)).toEqual([lateOne.id]);
    expect(page.rows[0].contactNames).toBe(contact.name);
  });

  it('offers the form the customers claimed now or in the last 62 days, with active contacts', async () => {
    const { unit, manager, customer, contact } = await world();
    const now = local('2026-11-03 12:00');
    const recent = await makeCustomer(db, unit.id, { name: '最近移交' });
    await makeClaim(db, recent.id, manager.id, local('2026-01-01 00:00'), local('2026-10-01 00:00'));
    const old = await makeCustomer(db, unit.id, { name: '早已移交' });
    await makeClaim(db, old.id, manager.id, local('2026-01-01 00:00'), local('2026-08-01 00:00'));
    await makeContact(db, customer.id, { active: false });
    const options = await listReportableCustomers({ ctx: ctxAs(db, manager, now) });
    expect(options.map((o) => o.id).sort()).toEqual([customer.id, recent.id].sort());
    const mine = options.find((o) => o.id === customer.id)!;
    expect(mine.contacts.map((c) => c.id)).toEqual([contact.id]);
    expect(mine.contacts[0].phone).toBe('13800001234'); // they claim it now: in full (lib/contacts/phone-visibility)
  });
});
