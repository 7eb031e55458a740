import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, units } from '@/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { createUnit, getUnit, listUnits, unitInput, updateUnit } from '@/lib/org/units';
import { createUser, createUserInput } from '@/lib/users/users';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

async function setup() {
  const { db } = await testDb();
  const admin = await makeUser(db, 'admin');
  return { db, admin, ctx: ctxAs(db, admin) };
}

async function counts(db: Db) {
  const [[u], [a]] = await Promise.all([db.select({ n: count() }).from(units), db.select({ n: count() }).from(auditLog)]);
  return { units: u.n, audit: a.n };
}

async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const east = unitInput.parse({ code: ' E01 ', name: ' 东区营销中心 ', region: '东区' });

describe('marketing units', () => {
  it('admin creates a unit (trimmed) and the creation is audited', async () => {
    const { db, ctx, admin } = await setup();
    const unit = await createUnit({ ctx, input: east });
    expect(unit).toMatchObject({ code: 'E01', name: '东区营销中心', region: '东区', active: true });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'unit.created'));
    expect(audit).toMatchObject({ actorId: admin.id, entityType: 'unit', entityId: unit.id });
  });

  it('the form requires code, name and region', () => {
    const result = unitInput.safeParse({ code: ' ', name: '', region: '' });
    expect(result.error?.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['code', 'errors.required'],
      ['name', 'errors.required'],
      ['region', 'errors.required'],
    ]);
  });

  it.each(['staff', 'supervisor', 'manager', 'agent'] as const)('a %s cannot create or change units', async (role) => {
    const { db } = await setup();
    const unit = await makeUnit(db);
    const someone = await makeUser(db, role, { unitId: unit.id });
    const before = await counts(db);
    await rejection(createUnit({ ctx: ctxAs(db, someone), input: east }), ForbiddenError);
    await rejection(updateUnit({ ctx: ctxAs(db, someone), input: { id: unit.id, active: false } }), ForbiddenError);
    await rejection(getUnit({ ctx: ctxAs(db, someone), input: { id: unit.id } }), ForbiddenError);
    expect(await counts(db)).toEqual(before);
  });

  it.each([
    ['code', { code: 'E01', name: '别的名字', region: '东区' }],
    ['name', { code: 'E99', name: '东区营销中心', region: '东区' }],
  ])('a taken %s is a conflict and writes nothing', async (_which, second) => {
    const { db, ctx } = await setup();
    await createUnit({ ctx, input: east });
    const before = await counts(db);
    const error = await rejection(createUnit({ ctx, input: second }), ConflictError);
    expect(error.code).toBe('units.taken');
    expect(await counts(db)).toEqual(before);
  });

  it('renames a unit; renaming onto another unit is a conflict that changes nothing', async () => {
    const { db, ctx } = await setup();
    const unit = await createUnit({ ctx, input: east });
    const west = await createUnit({ ctx, input: { code: 'W01', name: '西区营销中心', region: '西区' } });
    const renamed = await updateUnit({ ctx, input: { id: unit.id, name: '东区一部' } });
    expect(renamed).toMatchObject({ code: 'E01', name: '东区一部', region: '东区' });

    const before = await counts(db);
    const error = await rejection(updateUnit({ ctx, input: { id: west.id, code: 'E01' } }), ConflictError);
    expect(error).toMatchObject({ code: 'units.taken', params: { code: 'E01', name: '西区营销中心' } });
    expect(await counts(db)).toEqual(before);
    expect((await getUnit({ ctx, input: { id: west.id } })).code).toBe('W01');
  });

  it('deactivates a unit (audited); nobody new can be assigned to it; reactivating reopens it', async () => {
    const { db, ctx } = await setup();
    const unit = await createUnit({ ctx, input: east });
    expect((await updateUnit({ ctx, input: { id: unit.id, active: false } })).active).toBe(false);
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'unit.deactivated'))).toHaveLength(1);

    const manager = createUserInput.parse({ username: 'li.si', displayName: '李四', password: 'long-enough', role: 'manager', unitId: unit.id });
    const error = await rejection(createUser({ ctx, input: manager }), ValidationError);
    expect(error.issues).toEqual([{ field: 'unitId', code: 'users.unitInactive' }]);

    await updateUnit({ ctx, input: { id: unit.id, active: true } });
    expect(await db.select().from(auditLog).where(eq(auditLog.action, 'unit.reactivated'))).toHaveLength(1);
    expect((await createUser({ ctx, input: manager })).unitId).toBe(unit.id);
  });

  it('lists units by code with their active member counts, zero for an empty unit', async () => {
    const { db, ctx } = await setup();
    const b = await makeUnit(db, { code: 'B' });
    const a = await makeUnit(db, { code: 'A' });
    const empty = await makeUnit(db, { code: 'C', active: false });
    await makeUser(db, 'manager', { unitId: a.id });
    await makeUser(db, 'manager', { unitId: a.id });
    await makeUser(db, 'supervisor', { unitId: a.id });
    await makeUser(db, 'manager', { unitId: a.id, active: false });
    await makeUser(db, 'manager', { unitId: b.id });

    const list = await listUnits({ ctx });
    expect(list.map((u) => [u.code, u.members, u.active])).toEqual([
      ['A', 3, true],
      ['B', 1, true],
      ['C', 0, false],
    ]);
    expect(typeof list[0].members).toBe('number');
    expect((await getUnit({ ctx, input: { id: a.id } })).members).toBe(3);
    expect((await getUnit({ ctx, input: { id: empty.id } })).members).toBe(0);
  });

  it('every signed-in role may read the list of units (forms need it)', async () => {
    const { db } = await setup();
    await makeUnit(db);
    const agent = await makeUser(db, 'agent');
    expect(await listUnits({ ctx: ctxAs(db, agent) })).toHaveLength(1);
  });

  it('unknown or malformed unit ids are not found', async () => {
    const { ctx } = await setup();
    await rejection(getUnit({ ctx, input: { id: '00000000-0000-4000-8000-000000000000' } }), NotFoundError);
    await rejection(getUnit({ ctx, input: { id: 'nope' } }), NotFoundError);
    await rejection(updateUnit({ ctx, input: { id: '00000000-0000-4000-8000-000000000000', name: 'x' } }), NotFoundError);
  });
});
