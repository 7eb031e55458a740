import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, contacts } from '@/db/schema';
import { revealContactPhone } from '@/lib/contacts/reveal';
import { updateContact } from '@/lib/customers/contacts';
import { getCustomer } from '@/lib/customers/customers';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { getOrCreateDraftPlan, savePlanItems } from '@/lib/plans/commands';
import { getPlan, listPlanCustomers } from '@/lib/plans/queries';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { createVisitReport, getVisit, listReportableCustomers } from '@/lib/visits/visits';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

// One rule everywhere (lib/contacts/phone-visibility): the manager claiming the customer now sees
// full numbers; supervisor, staff, admin, agent and a manager who handed the customer over see them
// masked; staff and admin reveal one number at a time, and each reveal is in the audit log.
const TZ = 'Asia/Shanghai';
const local = (text: string) => parseLocalDateTime(text, TZ)!;
const NOW = local('2026-11-03 18:00');
const FULL = '13800001234';
const MASKED = '138****1234';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

async function world() {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const successor = await makeUser(db, 'manager', { unitId: unit.id });
  const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
  const staff = await makeUser(db, 'staff');
  const admin = await makeUser(db, 'admin');
  const agent = await makeUser(db, 'agent');
  const customer = await makeCustomer(db, unit.id);
  const contact = await makeContact(db, customer.id, { phone: '+8613800001234' });
  await makeClaim(db, customer.id, manager.id);
  // A second customer the manager handed to a colleague last week: a visit filed before stays theirs.
  const handed = await makeCustomer(db, unit.id);
  const handedContact = await makeContact(db, handed.id, { phone: '+8613900005678' });
  await makeClaim(db, handed.id, manager.id, local('2026-01-01 00:00'), local('2026-10-28 00:00'));
  await makeClaim(db, handed.id, successor.id, local('2026-10-28 00:00'));
  const as = (user: typeof manager) => ctxAs(db, user, NOW);
  return { unit, manager, successor, supervisor, staff, admin, agent, customer, contact, handed, handedContact, as };
}

const visitInput = (customerId: string, contactId: string, visitedAt: string) => ({
  customerId,
  contactIds: [contactId],
  newContacts: [],
  type: 'on_site' as const,
  visitedAt,
  checkInMethod: 'none' as const,
  purpose: '了解 5G 专线需求',
  summary: '',
});

describe('contact phones follow one rule', () => {
  it('visit page: full for the claiming manager, masked for supervisor, staff, and the manager after a hand-over', async () => {
    const w = await world();
    const { id } = await createVisitReport({ ctx: ctxAs(db, w.manager, local('2026-11-03 16:00')), input: visitInput(w.customer.id, w.contact.id, '2026-11-03T14:30') });
    const seen = async (user: typeof w.manager) => {
      const v = await getVisit({ ctx: w.as(user), input: { id } });
      return [v.contacts[0].phone, v.phonesMasked, v.canRevealPhones];
    };
    expect(await seen(w.manager)).toEqual([FULL, false, false]);
    expect(await seen(w.supervisor)).toEqual([MASKED, true, false]);
    expect(await seen(w.staff)).toEqual([MASKED, true, true]);
    expect(await seen(w.admin)).toEqual([MASKED, true, true]);

    const old = await createVisitReport({
      ctx: ctxAs(db, w.manager, local('2026-10-20 16:00')),
      input: visitInput(w.handed.id, w.handedContact.id, '2026-10-20T10:00'),
    });
    const afterHandOver = await getVisit({ ctx: w.as(w.manager), input: { id: old.id } });
    expect(afterHandOver.contacts[0].phone).toBe('139****5678');
    expect(afterHandOver.phonesMasked).toBe(true);
  });

  it('report form: full for customers claimed now, masked for one handed over since', async () => {
    const w = await world();
    const options = await listReportableCustomers({ ctx: w.as(w.manager) });
    const phoneOf = (customerId: string) => options.find((o) => o.id === customerId)!.contacts[0].phone;
    expect(phoneOf(w.customer.id)).toBe(FULL);
    expect(phoneOf(w.handed.id)).toBe('139****5678');
  });

  it('customer page: full for the claiming manager, masked for staff and the supervisor', async () => {
    const w = await world();
    const seen = async (user: typeof w.manager) => {
      const c = await getCustomer({ ctx: w.as(user), input: { id: w.customer.id } });
      return [c.contacts[0].phone, c.phonesMasked, c.canRevealPhones];
    };
    expect(await seen(w.manager)).toEqual([FULL, false, false]);
    expect(await seen(w.staff)).toEqual([MASKED, true, true]);
    expect(await seen(w.supervisor)).toEqual([MASKED, true, false]);
  });

  it('plan editor and plan page: full for the plan’s manager, masked for the reviewer and staff', async () => {
    const w = await world();
    const ctx = ctxAs(db, w.manager, local('2026-11-02 10:00'));
    const plan = await getOrCreateDraftPlan({ ctx, input: { month: '2026-11' } });
    await savePlanItems({
      ctx,
      input: {
        planId: plan.id,
        items: [
          { customerId: w.customer.id, contactId: w.contact.id, plannedAt: '2026-11-10T10:00', place: '客户总部', purpose: '业务回访' },
          { customerId: w.customer.id, contactName: '李科长', contactPhone: '139-0013-9000', plannedAt: '2026-11-11T10:00', place: '客户总部', purpose: '业务回访' },
        ],
      },
    });
    const phones = async (user: typeof w.manager) => {
      const p = await getPlan({ ctx: w.as(user), input: { planId: plan.id } });
      return [p.items.map((i) => i.contactPhone), p.phonesMasked];
    };
    expect(await phones(w.manager)).toEqual([[FULL, '13900139000'], false]);
    expect(await phones(w.supervisor)).toEqual([[MASKED, '139****9000'], true]);
    expect(await phones(w.staff)).toEqual([[MASKED, '139****9000'], true]);
    const offered = await listPlanCustomers({ ctx: w.as(w.manager), input: { month: '2026-11' } });
    expect(offered.find((c) => c.id === w.customer.id)!.contacts[0].phone).toBe(FULL);
  });

  it('staff reveal one number: the full number comes back and the audit log says who saw which contact', async () => {
    const w = await world();
    const result = await revealContactPhone({ ctx: w.as(w.staff), input: { contactId: w.contact.id } });
    expect(result).toEqual({ contactId: w.contact.id, phone: FULL });
    const rows = await db.select().from(auditLog).where(and(eq(auditLog.action, 'phone.revealed'), eq(auditLog.entityId, w.contact.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: w.staff.id, entityType: 'contact', after: { customerId: w.customer.id } });
  });

  it('managers, supervisors and agents cannot reveal, and nothing is logged', async () => {
    const w = await world();
    for (const user of [w.manager, w.successor, w.supervisor, w.agent]) {
      await expect(revealContactPhone({ ctx: w.as(user), input: { contactId: w.contact.id } })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'phone.revealed'))).toHaveLength(0);
  });

  it('staff edit a contact they see masked: a blank phone keeps the number on file', async () => {
    const w = await world();
    await updateContact({ ctx: w.as(w.staff), input: { id: w.contact.id, name: '王总', title: '总经理', role: 'key_person', phone: '' } });
    const [row] = await db.select().from(contacts).where(eq(contacts.id, w.contact.id));
    expect(row).toMatchObject({ name: '王总', phone: '+8613800001234' });
  });
});
