import { asc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, claims } from '@/db/schema';
import { claimHistory, listManagerOptions, reassignCustomer } from '@/lib/claims/claims';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { ctxAs, makeClaim, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

const at = (text: string) => new Date(`${text}+08:00`);
const NOW = at('2026-03-15T10:00:00');

async function world() {
  const unit = await makeUnit(db);
  const otherUnit = await makeUnit(db);
  const staff = await makeUser(db, 'staff');
  const zhang = await makeUser(db, 'manager', { unitId: unit.id, displayName: '张伟' });
  const li = await makeUser(db, 'manager', { unitId: unit.id, displayName: '李娜' });
  const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
  const otherSupervisor = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
  const customer = await makeCustomer(db, unit.id);
  const first = await makeClaim(db, customer.id, zhang.id, at('2026-01-01T00:00:00'));
  return { unit, staff, zhang, li, supervisor, otherSupervisor, customer, first };
}

const claimsOf = (customerId: string) => db.select().from(claims).where(eq(claims.customerId, customerId)).orderBy(asc(claims.effectiveFrom));

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('claims in the database', () => {
  it('refuses an overlapping claim on one customer, but allows adjacent periods and other customers', async () => {
    const { customer, li, zhang, unit } = await world();
    const error = (await rejection(db.insert(claims).values({ customerId: customer.id, managerId: li.id, effectiveFrom: at('2026-02-01T00:00:00') }))) as {
      cause?: { code?: string; constraint_name?: string };
    };
    expect(error.cause?.code).toBe('23P01');
    expect(error.cause?.constraint_name).toBe('claims_no_overlap');

    const other = await makeCustomer(db, unit.id);
    await makeClaim(db, other.id, zhang.id, at('2026-01-01T00:00:00'), at('2026-02-01T00:00:00'));
    await expect(makeClaim(db, other.id, li.id, at('2026-02-01T00:00:00'))).resolves.toBeTruthy();
  });
});

describe('reassignCustomer', () => {
  it('closes the current claim where the new one starts, in one step, and audits it', async () => {
    const { staff, customer, zhang, li, first } = await world();
    const from = at('2026-03-01T00:00:00');
    const result = await reassignCustomer({ ctx: ctxAs(db, staff, NOW), input: { customerId: customer.id, managerId: li.id, effectiveFrom: from, note: '调岗' } });
    expect(result.closedClaimId).toBe(first.id);
    expect((await claimsOf(customer.id)).map((c) => [c.managerId, c.effectiveFrom, c.effectiveTo, c.note])).toEqual([
      [zhang.id, first.effectiveFrom, from, ''],
      [li.id, from, null, '调岗'],
    ]);
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'claim.reassigned'));
    expect(audit).toMatchObject({ actorId: staff.id, entityType: 'customer', entityId: customer.id });
  });

  it('reads a typed wall-clock time in the app time zone', async () => {
    const { staff, customer, li } = await world();
    await reassignCustomer({ ctx: ctxAs(db, staff, NOW), input: { customerId: customer.id, managerId: li.id, effectiveFrom: '2026-03-01T09:30' } });
    const latest = (await claimsOf(customer.id)).at(-1)!;
    expect(latest.effectiveFrom).toEqual(new Date('2026-03-01T01:30:00Z'));
  });

  it('claims an unclaimed customer', async () => {
    const { staff, unit, li } = await world();
    const fresh = await makeCustomer(db, unit.id);
    const result = await reassignCustomer({ ctx: ctxAs(db, staff, NOW), input: { customerId: fresh.id, managerId: li.id, effectiveFrom: NOW } });
    expect(result.closedClaimId).toBeNull();
    expect(await claimsOf(fresh.id)).toHaveLength(1);
  });

  it.each([
    ['an effective time before the current claim starts', 'li', at('2025-12-01T00:00:00'), ValidationError, 'claims.startsBeforeCurrent'],
    ['the same manager', 'zhang', at('2026-03-01T00:00:00'), ConflictError, 'claims.sameManager'],
    ['a user who is not a manager', 'supervisor', at('2026-03-01T00:00:00'), ValidationError, 'claims.notAManager'],
    ['an unreadable time', 'li', 'next week', ValidationError, 'claims.badDate'],
  ] as const)('refuses %s and writes nothing', async (_name, who, from, errorClass, code) => {
    const w = await world();
    const before = await claimsOf(w.customer.id);
    const error = await rejection(reassignCustomer({ ctx: ctxAs(db, w.staff, NOW), input: { customerId: w.customer.id, managerId: w[who].id, effectiveFrom: from } }));
    expect(error).toBeInstanceOf(errorClass);
    const issueCode = error instanceof ValidationError ? error.issues[0].code : (error as ConflictError).code;
    expect(issueCode).toBe(code);
    expect(await claimsOf(w.customer.id)).toEqual(before);
    expect(await db.select().from(auditLog)).toHaveLength(0);
  });

  it('is for the department only', async () => {
    const { zhang, supervisor, customer, li } = await world();
    for (const user of [zhang, supervisor]) {
      await expect(
        reassignCustomer({ ctx: ctxAs(db, user, NOW), input: { customerId: customer.id, managerId: li.id, effectiveFrom: NOW } }),
      ).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it('answers an unknown customer with NotFoundError', async () => {
    const { staff, li } = await world();
    await expect(
      reassignCustomer({ ctx: ctxAs(db, staff, NOW), input: { customerId: '00000000-0000-4000-8000-000000000000', managerId: li.id, effectiveFrom: NOW } }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('claimHistory', () => {
  it('lists the claims latest first with the managers, within the customer scope', async () => {
    const { staff, customer, zhang, li, supervisor, otherSupervisor } = await world();
    await reassignCustomer({ ctx: ctxAs(db, staff, NOW), input: { customerId: customer.id, managerId: li.id, effectiveFrom: at('2026-03-01T00:00:00'), note: '调岗' } });

    const history = await claimHistory({ ctx: ctxAs(db, staff, NOW), input: { customerId: customer.id } });
    expect(history.map((h) => [h.managerName, h.effectiveTo === null, h.note])).toEqual([
      ['李娜', true, '调岗'],
      ['张伟', false, ''],
    ]);
    expect(history[0].createdByName).toBe(staff.displayName);

    await expect(claimHistory({ ctx: ctxAs(db, li, NOW), input: { customerId: customer.id } })).resolves.toHaveLength(2);
    await expect(claimHistory({ ctx: ctxAs(db, supervisor, NOW), input: { customerId: customer.id } })).resolves.toHaveLength(2);
    // The former claimant and other units' supervisors no longer see the customer at all.
    await expect(claimHistory({ ctx: ctxAs(db, zhang, NOW), input: { customerId: customer.id } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(claimHistory({ ctx: ctxAs(db, otherSupervisor, NOW), input: { customerId: customer.id } })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('listManagerOptions', () => {
  it('offers active managers; a supervisor only their unit’s', async () => {
    const { staff, supervisor, otherSupervisor, unit } = await world();
    await makeUser(db, 'manager', { unitId: unit.id, active: false });
    expect((await listManagerOptions({ ctx: ctxAs(db, staff) })).map((m) => m.displayName).sort()).toEqual(['张伟', '李娜']);
    expect(await listManagerOptions({ ctx: ctxAs(db, supervisor) })).toHaveLength(2);
    expect(await listManagerOptions({ ctx: ctxAs(db, otherSupervisor) })).toHaveLength(0);
  });
});
