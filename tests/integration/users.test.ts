import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, units, users } from '@/db/schema';
import type { Db } from '@/db/client';
import { verifyPassword } from '@/lib/auth/password';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { systemActor } from '@/lib/users/system-user';
import { createUser, createUserInput, getUser, listUsers, listUsersInput, updateUser, type CreateUserInput } from '@/lib/users/users';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

async function setup() {
  const { db } = await testDb();
  const unit = await makeUnit(db);
  const admin = await makeUser(db, 'admin');
  return { db, unit, admin, ctx: ctxAs(db, admin) };
}

/** The form's raw values, parsed the way the server action parses them. */
function input(overrides: Partial<Record<keyof CreateUserInput, unknown>> = {}): CreateUserInput {
  return createUserInput.parse({ username: 'zhang.san', displayName: '张三', password: 'correct-horse', role: 'staff', ...overrides });
}

async function counts(db: Db) {
  const [[u], [a]] = await Promise.all([db.select({ n: count() }).from(users), db.select({ n: count() }).from(auditLog)]);
  return { users: u.n, audit: a.n };
}

async function auditRows(db: Db, action: string) {
  return db.select().from(auditLog).where(eq(auditLog.action, action));
}

async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

describe('creating users', () => {
  it('admin creates a manager in a unit; the password is hashed and the creation audited', async () => {
    const { db, unit, admin, ctx } = await setup();
    const created = await createUser({ ctx, input: input({ role: 'manager', unitId: unit.id, phone: '138 0013 8000' }) });

    expect(created).toMatchObject({ username: 'zhang.san', displayName: '张三', role: 'manager', unitId: unit.id, phone: '+8613800138000', active: true });
    expect(created).not.toHaveProperty('passwordHash');
    const [row] = await db.select().from(users).where(eq(users.id, created.id));
    expect(row.passwordHash).not.toContain('correct-horse');
    expect(await verifyPassword('correct-horse', row.passwordHash)).toBe(true);

    const [audit] = await auditRows(db, 'user.created');
    expect(audit).toMatchObject({ actorId: admin.id, entityType: 'user', entityId: created.id });
    expect(JSON.stringify(audit.after)).not.toContain(row.passwordHash);
  });

  it('stores usernames in lower case, as sign-in looks them up', async () => {
    const { ctx } = await setup();
    const created = await createUser({ ctx, input: input({ username: '  Li.Si  ' }) });
    expect(created.username).toBe('li.si');
  });

  it.each([
    ['spaces inside', 'li si'],
    ['too short', 'a'],
    ['starts with a dot', '.lisi'],
    ['Chinese characters', '李四'],
  ])('the form refuses a username with %s', (_label, username) => {
    const result = createUserInput.safeParse({ username, displayName: 'x', password: 'long-enough', role: 'staff' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['username'], message: 'errors.users.usernameFormat' });
  });

  it('the form refuses a short password', () => {
    const result = createUserInput.safeParse({ username: 'lisi', displayName: 'x', password: 'short', role: 'staff' });
    expect(result.error?.issues[0]).toMatchObject({ path: ['password'], message: 'errors.users.passwordTooShort' });
  });

  it.each(['staff', 'supervisor', 'manager', 'agent'] as const)('a %s cannot create users, and nothing is written', async (role) => {
    const { db, unit } = await setup();
    const someone = await makeUser(db, role, { unitId: unit.id });
    const before = await counts(db);
    const error = await rejection(createUser({ ctx: ctxAs(db, someone), input: input() }), ForbiddenError);
    expect(error.code).toBe('forbiddenRole');
    expect(await counts(db)).toEqual(before);
  });

  it('a taken username is a conflict and writes nothing', async () => {
    const { db, ctx } = await setup();
    await createUser({ ctx, input: input() });
    const before = await counts(db);
    const error = await rejection(createUser({ ctx, input: input({ username: 'ZHANG.SAN', displayName: '另一个张三' }) }), ConflictError);
    expect(error.code).toBe('users.usernameTaken');
    expect(error.params).toEqual({ username: 'zhang.san' });
    expect(await counts(db)).toEqual(before);
  });

  it('the reserved system name cannot be taken by a person, even before the system actor exists', async () => {
    const { db, ctx } = await setup();
    const before = await counts(db);
    await rejection(createUser({ ctx, input: input({ username: 'system' }) }), ConflictError);
    expect(await counts(db)).toEqual(before);
  });

  it.each(['manager', 'supervisor'] as const)('a %s without a unit is refused, naming the unit field', async (role) => {
    const { db, ctx } = await setup();
    const before = await counts(db);
    const error = await rejection(createUser({ ctx, input: input({ role }) }), ValidationError);
    expect(error.issues).toEqual([{ field: 'unitId', code: 'users.unitRequired' }]);
    expect(await counts(db)).toEqual(before);
  });

  it.each(['admin', 'staff', 'agent'] as const)('a %s needs no unit', async (role) => {
    const { ctx } = await setup();
    const created = await createUser({ ctx, input: input({ role }) });
    expect(created.unitId).toBeNull();
  });

  it('an unknown or deactivated unit is refused on the unit field', async () => {
    const { db, ctx } = await setup();
    const closed = await makeUnit(db, { active: false });
    const before = await counts(db);
    const unknown = await rejection(
      createUser({ ctx, input: input({ role: 'manager', unitId: '00000000-0000-4000-8000-000000000000' }) }),
      ValidationError,
    );
    expect(unknown.issues).toEqual([{ field: 'unitId', code: 'users.unknownUnit' }]);
    const inactive = await rejection(createUser({ ctx, input: input({ role: 'manager', unitId: closed.id }) }), ValidationError);
    expect(inactive.issues).toEqual([{ field: 'unitId', code: 'users.unitInactive' }]);
    expect(await counts(db)).toEqual(before);
  });

  it.each(['12345', 'not a phone', '+86 138 0013'])('refuses the phone number %j and writes nothing', async (phone) => {
    const { db, unit, ctx } = await setup();
    const before = await counts(db);
    const error = await rejection(createUser({ ctx, input: input({ role: 'manager', unitId: unit.id, phone }) }), ValidationError);
    expect(error.issues).toEqual([{ field: 'phone', code: 'phone.invalid', params: { value: phone } }]);
    expect(await counts(db)).toEqual(before);
  });

  it('reports a missing unit and a bad phone together, so the form can mark both', async () => {
    const { ctx } = await setup();
    const error = await rejection(createUser({ ctx, input: input({ role: 'manager', phone: '12345' }) }), ValidationError);
    expect(error.issues.map((i) => i.field)).toEqual(['unitId', 'phone']);
  });

  it.each([
    ['+86 138-0013-8000', '+8613800138000'],
    ['0086 13800138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['(010) 6552 9988', '+861065529988'],
  ])('normalises the phone %j to %s', async (phone, e164) => {
    const { ctx } = await setup();
    const created = await createUser({ ctx, input: input({ phone }) });
    expect(created.phone).toBe(e164);
  });

  it('an empty phone is stored as none', async () => {
    const { ctx } = await setup();
    const created = await createUser({ ctx, input: input({ phone: '   ' }) });
    expect(created.phone).toBeNull();
  });
});

describe('editing users', () => {
  async function withManager() {
    const s = await setup();
    const manager = await makeUser(s.db, 'manager', { unitId: s.unit.id });
    return { ...s, manager };
  }

  it('re-roles and renames a user and audits before and after', async () => {
    const { db, ctx, admin, manager, unit } = await withManager();
    const after = await updateUser({ ctx, input: { id: manager.id, role: 'supervisor', displayName: '王主管' } });
    expect(after).toMatchObject({ role: 'supervisor', displayName: '王主管', unitId: unit.id });
    const [audit] = await auditRows(db, 'user.updated');
    expect(audit).toMatchObject({ actorId: admin.id, entityId: manager.id });
    expect(audit.before).toMatchObject({ role: 'manager' });
    expect(audit.after).toMatchObject({ role: 'supervisor', displayName: '王主管' });
  });

  it('a user moved to a role that needs a unit must get one', async () => {
    const { db, ctx } = await setup();
    const staff = await makeUser(db, 'staff');
    const before = await counts(db);
    const error = await rejection(updateUser({ ctx, input: { id: staff.id, role: 'manager' } }), ValidationError);
    expect(error.issues).toEqual([{ field: 'unitId', code: 'users.unitRequired' }]);
    expect(await counts(db)).toEqual(before);
  });

  it('removing the unit of a manager is refused', async () => {
    const { ctx, manager } = await withManager();
    const error = await rejection(updateUser({ ctx, input: { id: manager.id, unitId: null } }), ValidationError);
    expect(error.issues[0].field).toBe('unitId');
  });

  it('a user cannot be moved into a deactivated unit, but may stay in one that was closed', async () => {
    const { db, ctx, manager, unit } = await withManager();
    const closed = await makeUnit(db, { active: false });
    const error = await rejection(updateUser({ ctx, input: { id: manager.id, unitId: closed.id } }), ValidationError);
    expect(error.issues).toEqual([{ field: 'unitId', code: 'users.unitInactive' }]);

    await db.update(units).set({ active: false }).where(eq(units.id, unit.id));
    const renamed = await updateUser({ ctx, input: { id: manager.id, displayName: '改名', unitId: unit.id } });
    expect(renamed.displayName).toBe('改名');
  });

  it('changes and clears the phone', async () => {
    const { ctx, manager } = await withManager();
    expect((await updateUser({ ctx, input: { id: manager.id, phone: '139 1111 2222' } })).phone).toBe('+8613911112222');
    expect((await updateUser({ ctx, input: { id: manager.id, phone: '' } })).phone).toBeNull();
    await rejection(updateUser({ ctx, input: { id: manager.id, phone: '555' } }), ValidationError);
  });

  it('the admin cannot deactivate themself or give up their admin role; nothing is written', async () => {
    const { db, ctx, admin } = await setup();
    const before = await counts(db);
    const deactivate = await rejection(updateUser({ ctx, input: { id: admin.id, active: false } }), ValidationError);
    expect(deactivate.issues).toEqual([{ field: 'active', code: 'users.notYourself' }]);
    const demote = await rejection(updateUser({ ctx, input: { id: admin.id, role: 'staff' } }), ValidationError);
    expect(demote.issues).toEqual([{ field: 'role', code: 'users.notYourself' }]);
    expect(await counts(db)).toEqual(before);
    const [row] = await db.select().from(users).where(eq(users.id, admin.id));
    expect(row).toMatchObject({ active: true, role: 'admin' });
  });

  it('the admin may still edit their own name', async () => {
    const { ctx, admin } = await setup();
    expect((await updateUser({ ctx, input: { id: admin.id, displayName: '新名字', role: 'admin' } })).displayName).toBe('新名字');
  });

  it('deactivates and reactivates another user, each audited', async () => {
    const { db, ctx, manager } = await withManager();
    expect((await updateUser({ ctx, input: { id: manager.id, active: false } })).active).toBe(false);
    expect((await updateUser({ ctx, input: { id: manager.id, active: true } })).active).toBe(true);
    expect(await auditRows(db, 'user.deactivated')).toHaveLength(1);
    expect(await auditRows(db, 'user.reactivated')).toHaveLength(1);
  });

  it('resets a password without putting any hash in the audit log', async () => {
    const { db, ctx, manager } = await withManager();
    await updateUser({ ctx, input: { id: manager.id, password: 'brand-new-secret' } });
    const [row] = await db.select().from(users).where(eq(users.id, manager.id));
    expect(await verifyPassword('brand-new-secret', row.passwordHash)).toBe(true);
    const [audit] = await auditRows(db, 'user.passwordReset');
    expect(audit.after).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify([audit.before, audit.after])).not.toMatch(/\$2[aby]\$/);
  });

  it('a non-admin cannot edit users', async () => {
    const { db, manager, unit } = await withManager();
    const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
    const before = await counts(db);
    await rejection(updateUser({ ctx: ctxAs(db, supervisor), input: { id: manager.id, active: false } }), ForbiddenError);
    expect(await counts(db)).toEqual(before);
  });

  it('unknown users and the system actor are not found', async () => {
    const { db, ctx } = await setup();
    const system = await systemActor(db);
    await rejection(updateUser({ ctx, input: { id: '00000000-0000-4000-8000-000000000000', displayName: 'x' } }), NotFoundError);
    await rejection(updateUser({ ctx, input: { id: system.id, active: true } }), NotFoundError);
    await rejection(getUser({ ctx, input: { id: system.id } }), NotFoundError);
    await rejection(getUser({ ctx, input: { id: 'not-a-uuid' } }), NotFoundError);
  });
});

describe('listing users', () => {
  async function population() {
    const s = await setup();
    const other = await makeUnit(s.db, { name: '西区营销中心' });
    await makeUser(s.db, 'manager', { username: 'wang.wu', displayName: '王五', unitId: s.unit.id });
    await makeUser(s.db, 'manager', { username: 'zhao.liu', displayName: '赵六', unitId: other.id, active: false });
    await makeUser(s.db, 'supervisor', { username: 'sun.qi', displayName: '孙七', unitId: other.id });
    await makeUser(s.db, 'agent', { username: 'agent_100', displayName: '坐席 100%' });
    await systemActor(s.db);
    return { ...s, other };
  }
  const names = (r: { rows: { username: string }[] }) => r.rows.map((u) => u.username).sort();

  it('lists everyone but the system actor, with unit names', async () => {
    const { ctx, other } = await population();
    const result = await listUsers({ ctx, input: {} });
    expect(result.total).toBe(5);
    expect(names(result)).not.toContain('system');
    expect(result.rows.find((u) => u.username === 'sun.qi')?.unitName).toBe(other.name);
  });

  it('searches usernames and names, taking % and _ literally', async () => {
    const { ctx } = await population();
    expect(names(await listUsers({ ctx, input: { q: 'WANG' } }))).toEqual(['wang.wu']);
    expect(names(await listUsers({ ctx, input: { q: '赵' } }))).toEqual(['zhao.liu']);
    expect(names(await listUsers({ ctx, input: { q: '100%' } }))).toEqual(['agent_100']);
    expect(names(await listUsers({ ctx, input: { q: 't_1' } }))).toEqual(['agent_100']);
    expect((await listUsers({ ctx, input: { q: '_' } })).total).toBe(1);
  });

  it('filters by role, unit and active', async () => {
    const { ctx, other } = await population();
    expect(names(await listUsers({ ctx, input: { role: 'manager' } }))).toEqual(['wang.wu', 'zhao.liu']);
    expect(names(await listUsers({ ctx, input: { unitId: other.id } }))).toEqual(['sun.qi', 'zhao.liu']);
    expect(names(await listUsers({ ctx, input: { unitId: other.id, active: 'true' } }))).toEqual(['sun.qi']);
    expect(names(await listUsers({ ctx, input: { active: 'false' } }))).toEqual(['zhao.liu']);
  });

  it('pages through the list', async () => {
    const { ctx } = await population();
    const first = await listUsers({ ctx, input: { pageSize: 2 } });
    const third = await listUsers({ ctx, input: { pageSize: 2, page: 3 } });
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.rows).toHaveLength(2);
    expect(third.rows).toHaveLength(1);
  });

  it('ignores malformed filters from the address bar instead of failing', () => {
    expect(listUsersInput.parse({ role: 'boss', unitId: 'x', active: 'maybe', page: '-3', pageSize: '9999' })).toEqual({
      page: 1,
      pageSize: 50,
    });
  });

  it('only admins list users', async () => {
    const { db, unit } = await setup();
    const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
    await rejection(listUsers({ ctx: ctxAs(db, supervisor), input: {} }), ForbiddenError);
  });
});
