import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, contacts, customers } from '@/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { customersClaimedBy } from '@/lib/customers/claimed';
import { addContact, deactivateContact, updateContact } from '@/lib/customers/contacts';
import { getCustomer, listCustomers, updateCustomer } from '@/lib/customers/customers';
import { updateCustomerInput } from '@/lib/customers/schemas';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

const at = (text: string) => new Date(`${text}+08:00`);
const NOW = at('2026-03-15T10:00:00');

/**
 * East unit: 张伟 claims A1 (class A, 1 contact) and C1 now; he handed B1 to 李娜 on 1 March.
 * West unit: W1, claimed by 王强.
 */
async function world() {
  const east = await makeUnit(db, { name: '城东' });
  const west = await makeUnit(db, { name: '城西' });
  const staff = await makeUser(db, 'staff');
  const admin = await makeUser(db, 'admin');
  const zhang = await makeUser(db, 'manager', { unitId: east.id, displayName: '张伟' });
  const li = await makeUser(db, 'manager', { unitId: east.id, displayName: '李娜' });
  const wang = await makeUser(db, 'manager', { unitId: west.id, displayName: '王强' });
  const eastBoss = await makeUser(db, 'supervisor', { unitId: east.id });
  const westBoss = await makeUser(db, 'supervisor', { unitId: west.id });
  const agent = await makeUser(db, 'agent');
  const a1 = await makeCustomer(db, east.id, { groupCode: 'A1', name: '甲钢铁', class: 'A' });
  const b1 = await makeCustomer(db, east.id, { groupCode: 'B1', name: '乙物流', class: 'B' });
  const c1 = await makeCustomer(db, east.id, { groupCode: 'C1', name: '丙商贸', class: 'C', status: 'inactive' });
  const w1 = await makeCustomer(db, west.id, { groupCode: 'W1', name: '西部矿业', class: 'A' });
  const boss = await makeContact(db, a1.id, { name: '王总', phone: '+8613812345678' });
  for (const n of [1, 2, 3]) await makeContact(db, b1.id, { name: `乙联系人${n}` });
  await makeContact(db, b1.id, { name: '已离职', active: false });
  await makeClaim(db, a1.id, zhang.id, at('2026-01-01T00:00:00'));
  await makeClaim(db, c1.id, zhang.id, at('2026-01-01T00:00:00'));
  await makeClaim(db, b1.id, zhang.id, at('2026-01-01T00:00:00'), at('2026-03-01T00:00:00'));
  await makeClaim(db, b1.id, li.id, at('2026-03-01T00:00:00'));
  await makeClaim(db, w1.id, wang.id, at('2026-01-01T00:00:00'));
  return { east, west, staff, admin, zhang, li, wang, eastBoss, westBoss, agent, a1, b1, c1, w1, boss };
}

const codes = (rows: { groupCode: string }[]) => rows.map((r) => r.groupCode).sort();

describe('listCustomers', () => {
  it('shows each role its scope: manager what they claim now, supervisor their unit, department everything', async () => {
    const w = await world();
    const list = async (user: typeof w.staff) => codes((await listCustomers({ ctx: ctxAs(db, user, NOW), input: {} })).rows);
    expect(await list(w.zhang)).toEqual(['A1', 'C1']);
    expect(await list(w.li)).toEqual(['B1']);
    expect(await list(w.eastBoss)).toEqual(['A1', 'B1', 'C1']);
    expect(await list(w.westBoss)).toEqual(['W1']);
    expect(await list(w.staff)).toEqual(['A1', 'B1', 'C1', 'W1']);
    expect(await list(w.admin)).toEqual(['A1', 'B1', 'C1', 'W1']);
    // Before 1 March, B1 was still 张伟's.
    expect(codes((await listCustomers({ ctx: ctxAs(db, w.zhang, at('2026-02-15T00:00:00')), input: {} })).rows)).toEqual(['A1', 'B1', 'C1']);
    await expect(listCustomers({ ctx: ctxAs(db, w.agent, NOW), input: {} })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('filters by text, class, unit, current manager and status, and pages', async () => {
    const w = await world();
    const ctx = ctxAs(db, w.staff, NOW);
    const run = async (input: Parameters<typeof listCustomers>[0]['input']) => codes((await listCustomers({ ctx, input })).rows);
    expect(await run({ q: '钢铁' })).toEqual(['A1']);
    expect(await run({ q: 'w1' })).toEqual(['W1']);
    expect(await run({ q: '%' })).toEqual([]);
    expect(await run({ class: 'A' })).toEqual(['A1', 'W1']);
    expect(await run({ unitId: w.west.id })).toEqual(['W1']);
    expect(await run({ managerId: w.li.id })).toEqual(['B1']);
    expect(await run({ status: 'inactive' })).toEqual(['C1']);
    expect(await run({ class: 'Z' as never })).toHaveLength(4); // a malformed URL filter is ignored
    const page2 = await listCustomers({ ctx, input: { pageSize: 3, page: 2 } });
    expect([page2.total, page2.rows.length]).toEqual([4, 1]);
  });

  it('shows the current manager, active contacts and the A/B contacts warning', async () => {
    const w = await world();
    const { rows, minContactsAB } = await listCustomers({ ctx: ctxAs(db, w.staff, NOW), input: {} });
    expect(minContactsAB).toBe(3);
    const byCode = Object.fromEntries(rows.map((r) => [r.groupCode, r]));
    expect(byCode.A1).toMatchObject({ managerName: '张伟', contactCount: 1, belowContactMinimum: true });
    expect(byCode.B1).toMatchObject({ managerName: '李娜', contactCount: 3, belowContactMinimum: false });
    expect(byCode.C1).toMatchObject({ contactCount: 0, belowContactMinimum: false }); // class C: no minimum
    expect(byCode.W1).toMatchObject({ managerName: '王强', contactCount: 0, belowContactMinimum: true });
  });
});

describe('getCustomer', () => {
  it('answers out-of-scope customers with NotFoundError', async () => {
    const w = await world();
    const get = (user: typeof w.staff, id: string) => getCustomer({ ctx: ctxAs(db, user, NOW), input: { id } });
    await expect(get(w.zhang, w.b1.id)).rejects.toBeInstanceOf(NotFoundError); // handed over
    await expect(get(w.zhang, w.w1.id)).rejects.toBeInstanceOf(NotFoundError); // someone else's
    await expect(get(w.westBoss, w.a1.id)).rejects.toBeInstanceOf(NotFoundError); // another unit
    await expect(get(w.staff, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    await expect(get(w.zhang, w.a1.id)).resolves.toMatchObject({ groupCode: 'A1' });
    await expect(get(w.eastBoss, w.b1.id)).resolves.toMatchObject({ groupCode: 'B1' });
  });

  it('shows phones in full to the claiming manager, masked to the department (who reveal one at a time) and the supervisor', async () => {
    const w = await world();
    const phoneFor = async (user: typeof w.staff) => {
      const c = await getCustomer({ ctx: ctxAs(db, user, NOW), input: { id: w.a1.id } });
      return [c.contacts[0].phone, c.phonesMasked, c.canEditContacts];
    };
    expect(await phoneFor(w.staff)).toEqual(['138****5678', true, true]);
    expect(await phoneFor(w.zhang)).toEqual(['13812345678', false, true]);
    expect(await phoneFor(w.eastBoss)).toEqual(['138****5678', true, false]);
  });

  it('includes the claims history, current claim and contacts', async () => {
    const w = await world();
    const b1 = await getCustomer({ ctx: ctxAs(db, w.staff, NOW), input: { id: w.b1.id } });
    expect(b1.claims.map((c) => c.managerName)).toEqual(['李娜', '张伟']);
    expect(b1.currentClaim?.managerName).toBe('李娜');
    expect(b1.contacts).toHaveLength(4);
    expect(b1.activeContacts).toBe(3);
    expect(b1.belowContactMinimum).toBe(false);
    expect([b1.canEditCustomer, b1.canReassign]).toEqual([true, true]);
  });
});

describe('contacts', () => {
  it('the claiming manager adds, edits and deactivates contacts; phones are stored as E.164', async () => {
    const w = await world();
    const ctx = ctxAs(db, w.zhang, NOW);
    const added = await addContact({ ctx, input: { customerId: w.a1.id, name: '李主任', title: '办公室主任', role: 'liaison', phone: '139-1234-5678' } });
    expect(added.phone).toBe('+8613912345678');
    const edited = await updateContact({ ctx, input: { id: added.id, name: '李主任', title: '副总', role: 'key_person', phone: '+86 139 1234 5678' } });
    expect(edited).toMatchObject({ title: '副总', role: 'key_person' });
    await deactivateContact({ ctx, input: { id: added.id } });
    const [row] = await db.select().from(contacts).where(eq(contacts.id, added.id));
    expect(row.active).toBe(false);
    // Adding the same person again brings the record back.
    const back = await addContact({ ctx, input: { customerId: w.a1.id, name: '李主任', title: '总监', role: 'liaison', phone: '13912345678' } });
    expect(back).toMatchObject({ id: added.id, active: true, title: '总监' });
    const actions = (await db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(['contact.created', 'contact.updated', 'contact.deactivated', 'contact.reactivated']);
  });

  it('refuses duplicates and bad phones', async () => {
    const w = await world();
    const ctx = ctxAs(db, w.staff, NOW);
    await expect(
      addContact({ ctx, input: { customerId: w.a1.id, name: '王总', title: '', role: 'key_person', phone: '138 1234 5678' } }),
    ).rejects.toBeInstanceOf(ConflictError);
    const error = await addContact({ ctx, input: { customerId: w.a1.id, name: '赵总', title: '', role: 'key_person', phone: '12345' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]).toMatchObject({ field: 'phone', code: 'phone.invalid' });
    const other = await addContact({ ctx, input: { customerId: w.a1.id, name: '赵总', title: '', role: 'key_person', phone: '13700001111' } });
    await expect(
      updateContact({ ctx, input: { id: other.id, name: '王总', title: '', role: 'key_person', phone: '13812345678' } }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('is not for supervisors, other managers or the former claimant', async () => {
    const w = await world();
    const input = { customerId: w.a1.id, name: '新人', title: '', role: 'key_person' as const, phone: '13700002222' };
    await expect(addContact({ ctx: ctxAs(db, w.eastBoss, NOW), input })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addContact({ ctx: ctxAs(db, w.li, NOW), input })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateContact({ ctx: ctxAs(db, w.wang, NOW), input: { id: w.boss.id, name: '王总', title: 'x', role: 'key_person', phone: '13812345678' } }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(deactivateContact({ ctx: ctxAs(db, w.zhang, NOW), input: { id: (await db.select().from(contacts).where(eq(contacts.customerId, w.b1.id)))[0].id } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await db.select().from(contacts)).toHaveLength(5);
  });
});

describe('updateCustomer', () => {
  it('lets the department correct class, unit, address, location and status, with an audit entry', async () => {
    const w = await world();
    const input = updateCustomerInput.parse({ id: w.a1.id, class: 'B', unitId: w.west.id, address: '新地址', latitude: 31.2, longitude: 121.5, status: 'active' });
    const after = await updateCustomer({ ctx: ctxAs(db, w.staff, NOW), input });
    expect(after).toMatchObject({ class: 'B', unitId: w.west.id, address: '新地址', latitude: 31.2, longitude: 121.5 });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'customer.updated'));
    expect(audit.before).toMatchObject({ class: 'A', unitId: w.east.id });
    await expect(updateCustomer({ ctx: ctxAs(db, w.zhang, NOW), input })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('wants both coordinates or neither', () => {
    const result = updateCustomerInput.safeParse({ id: '00000000-0000-4000-8000-000000000000', class: 'A', unitId: '00000000-0000-4000-8000-000000000000', address: '', latitude: 31, longitude: null, status: 'active' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['longitude'], message: 'errors.customers.coordinatesPair' });
  });

  it('refuses a deactivated unit and writes nothing', async () => {
    const w = await world();
    const closed = await makeUnit(db, { active: false });
    const input = updateCustomerInput.parse({ id: w.a1.id, class: 'A', unitId: closed.id, address: '', latitude: null, longitude: null, status: 'active' });
    await expect(updateCustomer({ ctx: ctxAs(db, w.staff, NOW), input })).rejects.toBeInstanceOf(ValidationError);
    const [row] = await db.select().from(customers).where(eq(customers.id, w.a1.id));
    expect(row.unitId).toBe(w.east.id);
  });
});

describe('customersClaimedBy', () => {
  it('gives the customers a manager claims at an instant or within a period, with active contacts', async () => {
    const w = await world();
    const now = await customersClaimedBy(db, w.zhang.id, { at: NOW });
    expect(codes(now)).toEqual(['A1']); // C1 is inactive
    expect(now[0].contacts.map((c) => c.name)).toEqual(['王总']);
    expect(codes(await customersClaimedBy(db, w.zhang.id, { at: NOW }, { includeInactive: true }))).toEqual(['A1', 'C1']);

    const february = await customersClaimedBy(db, w.zhang.id, { from: at('2026-02-01T00:00:00'), to: at('2026-03-01T00:00:00') });
    expect(codes(february)).toEqual(['A1', 'B1']);
    const b1 = february.find((c) => c.groupCode === 'B1')!;
    expect(b1.contacts).toHaveLength(3);
    expect(b1.claims[0].effectiveTo).toEqual(at('2026-03-01T00:00:00'));
    // March starts exactly when the claim on B1 ended: B1 is no longer 张伟's.
    expect(codes(await customersClaimedBy(db, w.zhang.id, { from: at('2026-03-01T00:00:00'), to: at('2026-04-01T00:00:00') }))).toEqual(['A1']);
  });
});
