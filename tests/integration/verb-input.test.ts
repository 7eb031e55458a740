import { count } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { reassignCustomer } from '@/lib/claims/claims';
import { ValidationError } from '@/lib/platform/core/errors';
import { addContact, deactivateContact } from '@/lib/customers/contacts';
import { listCustomers, updateCustomer } from '@/lib/customers/customers';
import { createUnit, updateUnit } from '@/lib/org/units';
import { createScript } from '@/lib/scripts/scripts';
import { createUser, updateUser } from '@/lib/users/users';
import { ctxAs, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/*
 * Verbs are called from forms, the CLI, jobs and tests: whatever the caller, input a verb refuses
 * is a ValidationError naming the field with a catalogue key (the form marks the field, the user
 * reads Chinese), never a ZodError that reaches the user as a 500 — and nothing is written.
 */

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

async function refusal(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

async function auditRows() {
  const [{ n }] = await db.select({ n: count() }).from(auditLog);
  return n;
}

// Input as a caller outside the typed forms may send it (a CLI, a job payload, a forged request).
const untyped = <T>(value: unknown) => value as T;

describe('verbs check their own input', () => {
  it('createUser names the bad username, role and unit', async () => {
    const admin = await makeUser(db, 'admin');
    const before = await auditRows();
    const error = await refusal(
      createUser({ ctx: ctxAs(db, admin), input: untyped({ username: '张', displayName: '张三', password: 'long-enough', role: 'boss', unitId: 'east' }) }),
    );
    expect(error.issues).toEqual(
      expect.arrayContaining([
        { field: 'username', code: 'users.usernameFormat' },
        { field: 'role', code: 'invalidValue' },
        { field: 'unitId', code: 'users.unknownUnit' },
      ]),
    );
    expect(await auditRows()).toBe(before);
  });

  it('updateUser refuses a malformed id on the id field', async () => {
    const admin = await makeUser(db, 'admin');
    const error = await refusal(updateUser({ ctx: ctxAs(db, admin), input: { id: 'not-an-id', displayName: '新名字' } }));
    expect(error.issues).toEqual([{ field: 'id', code: 'invalidValue' }]);
  });

  it('createUnit names each missing field, and updateUnit a name that is too long', async () => {
    const admin = await makeUser(db, 'admin');
    const ctx = ctxAs(db, admin);
    const before = await auditRows();
    const error = await refusal(createUnit({ ctx, input: { code: ' ', name: '', region: '东区' } }));
    expect(error.issues).toEqual([
      { field: 'code', code: 'required' },
      { field: 'name', code: 'required' },
    ]);
    const unit = await makeUnit(db);
    const tooLong = await refusal(updateUnit({ ctx, input: { id: unit.id, name: '名'.repeat(65) } }));
    expect(tooLong.issues).toEqual([{ field: 'name', code: 'units.nameTooLong', params: { max: 64 } }]);
    expect(await auditRows()).toBe(before);
  });

  it('the customer verbs name the field instead of failing with a ZodError', async () => {
    const unit = await makeUnit(db);
    const staff = await makeUser(db, 'staff');
    const ctx = ctxAs(db, staff);
    const customer = await makeCustomer(db, unit.id);
    const before = await auditRows();

    const update = await refusal(
      updateCustomer({ ctx, input: untyped({ id: customer.id, class: 'E', unitId: 'east', address: '', latitude: 91, longitude: null, status: 'active' }) }),
    );
    expect(update.issues.map((i) => [i.field, i.code])).toEqual(
      expect.arrayContaining([
        ['class', 'customers.unknownClass'],
        ['unitId', 'customers.unknownUnit'],
        ['latitude', 'customers.badCoordinate'],
      ]),
    );

    const add = await refusal(addContact({ ctx, input: untyped({ customerId: customer.id, name: '', title: '', role: 'boss', phone: '13812345678' }) }));
    expect(add.issues).toEqual([
      { field: 'name', code: 'required' },
      { field: 'role', code: 'contacts.unknownRole' },
    ]);

    const deactivate = await refusal(deactivateContact({ ctx, input: untyped({}) }));
    expect(deactivate.issues).toEqual([{ field: 'id', code: 'invalidValue' }]);

    const reassign = await refusal(reassignCustomer({ ctx, input: { customerId: customer.id, managerId: 'nobody', effectiveFrom: '' } }));
    expect(reassign.issues).toEqual([
      { field: 'managerId', code: 'claims.unknownManager' },
      { field: 'effectiveFrom', code: 'required' },
    ]);
    expect(await auditRows()).toBe(before);
  });

  it('a malformed filter from the address bar is still ignored, not refused', async () => {
    const staff = await makeUser(db, 'staff');
    const list = await listCustomers({ ctx: ctxAs(db, staff), input: { unitId: 'east', page: 'x' as unknown as number } });
    expect(list.rows).toEqual([]);
  });

  it('createScript names an empty script name', async () => {
    const staff = await makeUser(db, 'staff');
    const error = await refusal(createScript({ ctx: ctxAs(db, staff), input: { name: '  ' } }));
    expect(error.issues).toEqual([{ field: 'name', code: 'required' }]);
  });
});
